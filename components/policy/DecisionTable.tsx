"use client";

import { Fragment, useState } from "react";
import { SeverityBadge } from "@/components/ui/SeverityBadge";
import type { DecisionRow } from "@/lib/policy/queries";
import { formatInstant, zoneLabel } from "@/lib/time/zone";
import { shortId } from "./format";

const badge = (r: string) =>
  r === "deny" ? "bad" : r === "allow" ? "ok" : r === "audit" || r === "warn" ? "warn" : "";

/** One decision in full: every field unshortened, the engine's own input and result as indented JSON. */
function DecisionDetail({ d, zone }: { d: DecisionRow; zone: string }) {
  const facts: [string, string | null][] = [
    ["Time", formatInstant(d.time, zone, { millis: true, label: true })],
    ["Decision id", d.decisionId],
    ["Subject", d.subject],
    ["Target", d.target],
    ["Action", d.action],
    ["Policy", d.policy],
    ["Rule", d.rule],
    ["Reason", d.reason],
  ];
  return (
    <div className="decision-detail">
      <dl>
        {facts.map(([k, v]) => (
          <Fragment key={k}>
            <dt>{k}</dt>
            <dd className={k === "Reason" ? undefined : "mono"}>{v || "—"}</dd>
          </Fragment>
        ))}
      </dl>
      {Object.keys(d.details).length > 0 && (
        <>
          <h3>Input and result as the engine logged them</h3>
          <pre>{JSON.stringify(d.details, null, 2)}</pre>
        </>
      )}
    </div>
  );
}

/** The explorer's page of decisions; a row's button opens its full detail in a row of its own below. */
export function DecisionTable({ decisions, zone }: { decisions: DecisionRow[]; zone: string }) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-wrap" aria-label="Decisions" tabIndex={0}>
      <table className="decisions">
        <thead>
          <tr>
            <th scope="col">Time ({zoneLabel(zone)})</th>
            <th scope="col">Result</th>
            <th scope="col">Subject → target</th>
            <th scope="col">Policy / rule</th>
            <th scope="col">Reason</th>
            <th scope="col">Where</th>
          </tr>
        </thead>
        <tbody>
          {decisions.map((d) => {
            const key = `${d.engine}:${d.decisionId}:${d.time}`;
            const isOpen = open === key;
            return (
              <Fragment key={key}>
                <tr className={isOpen ? "open" : undefined}>
                  <td className="small mono nowrap">
                    <button
                      type="button"
                      className="btn small"
                      aria-expanded={isOpen}
                      aria-controls={`dd-${key}`}
                      onClick={() => setOpen(isOpen ? null : key)}
                      title="Show the whole decision"
                    >
                      <span aria-hidden="true">{isOpen ? "▾" : "▸"}</span>{" "}
                      {formatInstant(d.time, zone, { seconds: true })}
                    </button>
                  </td>
                  <td>
                    <span className={`badge ${badge(d.result)}`}>{d.result}</span>{" "}
                    {d.severity && <SeverityBadge s={d.severity} />}
                  </td>
                  <td className="small mono" title={`${d.subject ?? "—"} → ${d.target ?? "—"}`}>
                    {shortId(d.subject)} → {shortId(d.target)}
                    {d.action && <div className="muted">{d.action}</div>}
                  </td>
                  <td className="small wrap policy">
                    {d.policy ?? "—"}
                    {d.rule ? ` / ${d.rule}` : ""}
                  </td>
                  <td className="small wrap reason">{d.reason ?? ""}</td>
                  <td className="small nowrap">
                    {d.engine}
                    <div className="muted">{d.cluster}</div>
                  </td>
                </tr>
                {isOpen && (
                  <tr id={`dd-${key}`} className="detail-row">
                    <td colSpan={6}>
                      <DecisionDetail d={d} zone={zone} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
