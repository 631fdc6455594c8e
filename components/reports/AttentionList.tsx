import Link from "next/link";
import type { AttentionItem } from "@/lib/reports/registry";
import { severityTone } from "@/lib/severity";

export function AttentionList({ items }: { items: AttentionItem[] }) {
  if (items.length === 0) {
    return (
      <p className="muted">
        Nothing needs attention right now: no open incidents, overdue rotations, plaintext cross-cluster edges
        or risks above appetite were reported.
      </p>
    );
  }
  return (
    <ul className="attention-list">
      {items.map((i) => (
        <li key={`${i.kind}:${i.href}:${i.title}`}>
          <span className={`badge sev ${severityTone(i.severity)}`}>{i.severity}</span>
          <span>
            <Link href={i.href}>{i.title}</Link>
            {i.detail && <span className="small muted"> — {i.detail}</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}
