import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/incidents/ActionForm";
import { ActionsPanel, nextStatuses } from "@/components/incidents/ActionsPanel";
import { AlertsPanel } from "@/components/incidents/AlertsPanel";
import { AssigneeForm, ownerName } from "@/components/incidents/AssigneeForm";
import { ClockPanel } from "@/components/incidents/ClockPanel";
import { EvidencePanel } from "@/components/incidents/EvidencePanel";
import { HistoryTable } from "@/components/incidents/HistoryTable";
import { IncidentFacts } from "@/components/incidents/IncidentFacts";
import { IncidentTimeline } from "@/components/incidents/IncidentTimeline";
import { PageHeader } from "@/components/ui/PageHeader";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { can } from "@/lib/auth/roles";
import { ruleLabel } from "@/lib/detection/rules";
import { isAppError } from "@/lib/errors";
import { listAssignees } from "@/lib/incidents/assignees";
import { incidentSubject } from "@/lib/incidents/display";
import { historyEntries } from "@/lib/incidents/history";
import { getIncident, type IncidentDetail } from "@/lib/incidents/queries";
import { displayZone } from "@/lib/time/server";
import { incidentAction } from "../actions";

export const metadata: Metadata = { title: "Incident" };

const VERB: Record<string, string> = { acknowledge: "Acknowledge", contain: "Contain", resolve: "Resolve" };

/** What the incident is about, for people: its workload or alert subject, else its first finding's subject. */
function subjectOf(d: IncidentDetail): string {
  const inc = d.incident;
  if (!inc.namespace && !inc.workload && !inc.alertSubject && d.findings[0])
    return [inc.cluster, d.findings[0].subject].filter(Boolean).join(" · ");
  return incidentSubject(inc);
}

async function IncidentPage({ params }: { params: Promise<{ id: string }> }, user: Principal) {
  const { id } = await params;
  let d: IncidentDetail;
  try {
    d = await getIncident(id);
  } catch (e) {
    if (isAppError(e) && e.status === 404) notFound();
    throw e;
  }
  const { incident: inc } = d;
  const operator = can(user.role, "operate");
  const [users, zone] = await Promise.all([listAssignees(), displayZone()]);
  const step = nextStatuses(inc.status)[0];

  return (
    <>
      <PageHeader
        title={`#${inc.number} ${inc.title}`}
        actions={
          <>
            {operator && step && (
              <ActionForm action={incidentAction} label={`${VERB[step]} now`} submit={VERB[step]}>
                <input type="hidden" name="id" value={inc.id} />
                <input type="hidden" name="action" value={step} />
              </ActionForm>
            )}
            {operator && <a href="#actions">More actions</a>}
            <Link href="/incidents">← All incidents</Link>
          </>
        }
      />
      <div className="stack">
        <IncidentFacts
          inc={inc}
          subject={subjectOf(d)}
          owner={ownerName(inc.owner, users)}
          now={new Date()}
          zone={zone}
          assign={operator ? <AssigneeForm incidentId={inc.id} owner={inc.owner} users={users} /> : null}
        />
        {inc.problems.length > 0 && (
          <p className="card" role="alert">
            <span className="badge bad">clock error</span> This incident is {inc.problems.join(" and ")}; its
            negative durations are reported as data errors and left out of the KPIs. Correct the timestamps
            below.
          </p>
        )}
        <ClockPanel d={d} zone={zone} />
        <IncidentTimeline d={d} zone={zone} />
        <div className="grid grid-2">
          <AlertsPanel d={d} zone={zone} />
          <EvidencePanel d={d} operator={operator} zone={zone} />
        </div>
        {operator && <ActionsPanel inc={inc} zone={zone} />}
        <HistoryTable entries={historyEntries(d.timeline, d.alerts, ruleLabel, zone)} zone={zone} />
      </div>
    </>
  );
}

export default securePage("read", IncidentPage);
