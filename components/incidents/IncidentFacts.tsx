import type { ReactNode } from "react";
import { SeverityBadge } from "@/components/ui/SeverityBadge";
import { formatDuration } from "@/lib/incidents/display";
import { incidentAge } from "@/lib/incidents/history";
import { formatInstant } from "@/lib/time/zone";
import { StatusBadge } from "./badges";

/**
 * What a responder looks for first: how long the incident has been open, who owns it, what it is about.
 * An open incident without an owner says so loudly.
 */
export function IncidentFacts({
  inc,
  subject,
  owner,
  now,
  zone,
  assign,
}: {
  inc: {
    status: string;
    severity: string;
    origin: string;
    demo: boolean;
    detectedAt: Date;
    resolvedAt: Date | null;
  };
  subject: string;
  /** The owner as people know them (a user's name), or null when nobody owns it. */
  owner: string | null;
  now: Date;
  /** The display zone (lib/time). */
  zone: string;
  /** The assignee picker, for operators. */
  assign?: ReactNode;
}) {
  const age = incidentAge(inc, now);
  return (
    <section className="card incident-facts" aria-label="Age and owner">
      <dl>
        <div>
          <dt>{age.open ? "Open for" : "Took"}</dt>
          <dd className="big">{formatDuration(age.seconds)}</dd>
          <dd className="small muted">
            since detection at {formatInstant(inc.detectedAt, zone, { label: true })}
          </dd>
        </div>
        <div>
          <dt>Owner</dt>
          <dd className="big">
            {owner ?? <span className={`badge ${age.open ? "bad" : ""}`.trim()}>unassigned</span>}
          </dd>
          {assign && <dd>{assign}</dd>}
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge s={inc.status} /> <SeverityBadge s={inc.severity} />{" "}
            {inc.demo && <span className="badge warn">demo</span>}
          </dd>
        </div>
        <div>
          <dt>About</dt>
          <dd className="subject">{subject}</dd>
          <dd className="small muted">opened from {inc.origin}</dd>
        </div>
      </dl>
    </section>
  );
}
