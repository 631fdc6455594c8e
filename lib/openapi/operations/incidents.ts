// Findings of the detection rules and incidents.
import { OPERATE_WRITE } from "@/lib/auth/roles";
import { actionBody, createIncidentBody, patchIncidentBody, ruleSettingBody } from "@/lib/incidents/schema";
import { CREATED, errors, type Operation, operationsOf, PAGING, params } from "./shape";

const findings = operationsOf("Findings");
const incidents = operationsOf("Incidents");

export const INCIDENT_OPERATIONS: Operation[] = [
  findings.read("listFindings", "/api/v1/findings", "Findings of Posture's detection rules", {
    query: [
      ...params(["status", "open or resolved"], ["rule", "Rule id"], ["cluster", "Cluster"]),
      ...PAGING,
    ],
  }),
  findings.read(
    "listFindingRules",
    "/api/v1/findings/rules",
    "Every detection rule the detectors run ({id, label, severity, description}) with its auto-escalation setting",
  ),
  findings.change(
    "PUT",
    "setFindingRule",
    "/api/v1/findings/rules",
    "Turn a rule's auto-escalation on or off (rule: one of the ids GET lists; any other is a 400)",
    OPERATE_WRITE,
    ruleSettingBody,
  ),
  findings.change(
    "POST",
    "escalateFinding",
    "/api/v1/findings/{id}/escalate",
    "Escalate a finding into an incident",
    OPERATE_WRITE,
    undefined,
    { responses: CREATED, errors: errors("404", "409") },
  ),
  incidents.read("listIncidents", "/api/v1/incidents", "Incidents", {
    query: [
      ...params(
        ["status", "open, acknowledged, contained, resolved, unresolved"],
        ["severity", "critical…info"],
        ["cluster", "Cluster"],
        ["q", "Free text"],
        ["from", "Detected from"],
        ["to", "Detected before"],
      ),
      ...PAGING,
    ],
  }),
  incidents.create(
    "createIncident",
    "/api/v1/incidents",
    "Open an incident by hand",
    OPERATE_WRITE,
    createIncidentBody,
  ),
  incidents.read(
    "getIncident",
    "/api/v1/incidents/{id}",
    "An incident with its alerts, evidence and timeline",
    {
      errors: errors("404"),
    },
  ),
  incidents.change(
    "PATCH",
    "patchIncident",
    "/api/v1/incidents/{id}",
    "Edit an incident (title, severity, owner, times)",
    OPERATE_WRITE,
    patchIncidentBody,
    { errors: errors("404", "409") },
  ),
  incidents.change(
    "POST",
    "incidentAction",
    "/api/v1/incidents/{id}/actions",
    "Acknowledge, contain, resolve, reopen, note, link or unlink evidence",
    OPERATE_WRITE,
    actionBody,
    { errors: errors("404", "409") },
  ),
];
