import Link from "next/link";
import { DataTable } from "@/components/ui/DataTable";
import { shortId } from "./format";

type Drill = (p: Record<string, string>) => string;

/** The most denied source → destination pairs; each opens the explorer on its denies. */
export function TopDeniedPairs({
  pairs,
  drill,
}: {
  pairs: { subject: string; target: string; engines: string[]; denied: number }[];
  drill: Drill;
}) {
  return (
    <DataTable
      caption="Top denied source → destination"
      captionHidden
      rows={pairs}
      rowKey={(p) => `${p.subject}|${p.target}`}
      empty="No denies in this window."
      columns={[
        {
          key: "pair",
          header: "Source → destination",
          className: "small mono",
          cell: (p) => (
            <Link
              href={drill({ dsubject: p.subject, dtarget: p.target })}
              title={`${p.subject} → ${p.target}`}
            >
              {shortId(p.subject)} → {shortId(p.target)}
            </Link>
          ),
        },
        { key: "engines", header: "Engines", className: "small", cell: (p) => p.engines.join(", ") },
        { key: "denied", header: "Denies", numeric: true, cell: (p) => p.denied.toLocaleString("en") },
      ]}
    />
  );
}

/** Denies per engine, policy and rule; each opens the explorer on that policy's denies. */
export function DeniesByPolicy({
  rows,
  drill,
}: {
  rows: { engine: string; policy: string; rule: string; denied: number }[];
  drill: Drill;
}) {
  return (
    <DataTable
      caption="Denies by policy and rule"
      captionHidden
      rows={rows}
      rowKey={(p) => `${p.engine}|${p.policy}|${p.rule}`}
      empty="No denies in this window."
      columns={[
        { key: "engine", header: "Engine", cell: (p) => p.engine },
        {
          key: "policy",
          header: "Policy",
          className: "small mono wrap",
          cell: (p) =>
            p.policy ? (
              <Link href={drill({ dengine: p.engine, dpolicy: p.policy })}>{p.policy}</Link>
            ) : (
              <Link href={drill({ dengine: p.engine })}>
                <span className="muted">(default deny / no policy named)</span>
              </Link>
            ),
        },
        { key: "rule", header: "Rule", className: "small wrap", cell: (p) => p.rule || "—" },
        { key: "denied", header: "Denies", numeric: true, cell: (p) => p.denied.toLocaleString("en") },
      ]}
    />
  );
}
