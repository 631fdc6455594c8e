// KPIs, their history and targets, the overview, and executive reports (live, scheduled, frozen).
import { ADMIN_READ, PUBLISH, WRITE_ADMIN } from "@/lib/auth/roles";
import { documentedBodies } from "../route-bodies";
import { errors, type Operation, operationsOf, PERIOD, params, WINDOW } from "./shape";

const kpis = operationsOf("KPIs");
const reports = operationsOf("Reports");

export const KPI_OPERATIONS: Operation[] = [
  kpis.read(
    "getKpis",
    "/api/v1/kpis",
    "Every KPI over a window: MTTD, containment, resolve, rotation, mTLS, policy, certificates, risks",
    {
      description:
        "`certificates` is the current inventory whatever the window; `risks` is the register as of min(to, now).",
      query: WINDOW,
    },
  ),
  kpis.read("getKpiHistory", "/api/v1/kpis/history", "Daily KPI values (recorded snapshots)", {
    query: WINDOW,
  }),
  kpis.change(
    "POST",
    "backfillKpiSnapshots",
    "/api/v1/kpis/snapshots",
    "Queue the recomputation of the daily KPI snapshots of a range of days (a background job)",
    WRITE_ADMIN,
    documentedBodies.kpiBackfill,
    {
      description:
        "Answers 202 at once with the job and its `Location`; the worker computes the days. One backfill runs at a time: while one is queued or running, another request answers 409 with `details.job` and `details.location` of the running one.",
      responses: {
        "202": {
          description:
            "Queued: {id, state, from, to, progress: {daysDone, daysTotal}, rows, error, requestedBy, createdAt, startedAt, finishedAt}; header Location",
        },
      },
      errors: errors("409", "503"),
    },
  ),
  kpis.read(
    "getKpiBackfillJob",
    "/api/v1/kpis/snapshots/jobs/{id}",
    "A KPI backfill job: state (queued, running, completed, failed), progress in days, error",
    { auth: ADMIN_READ, errors: errors("404") },
  ),
  kpis.read("getKpiTargets", "/api/v1/kpis/targets", "KPI targets"),
  kpis.change(
    "PUT",
    "setKpiTarget",
    "/api/v1/kpis/targets",
    "Set or remove a KPI target",
    WRITE_ADMIN,
    documentedBodies.kpiTarget,
  ),
  kpis.read(
    "getOverview",
    "/api/v1/overview",
    "The operator overview (KPIs with trends and what needs attention)",
    { query: WINDOW },
  ),
  reports.read(
    "getExecutiveReport",
    "/api/v1/reports/executive",
    "The executive report of a period (JSON, CSV or PDF)",
    {
      query: [...PERIOD, ...params(["format", "json (default), csv or pdf"])],
      responses: { "200": { description: "The report" } },
    },
  ),
  reports.read(
    "getReportSchedule",
    "/api/v1/reports/schedule",
    "When executive reports are frozen automatically",
  ),
  reports.change(
    "PUT",
    "setReportSchedule",
    "/api/v1/reports/schedule",
    "Set the freeze schedule (off, weekly, monthly)",
    WRITE_ADMIN,
    documentedBodies.reportSchedule,
  ),
  reports.read("listFrozenReports", "/api/v1/reports/snapshots", "Frozen reports"),
  reports.create(
    "freezeReport",
    "/api/v1/reports/snapshots",
    "Freeze the executive report of a period (kept with its SHA-256)",
    PUBLISH,
    documentedBodies.reportFreeze,
  ),
  reports.read("getFrozenReport", "/api/v1/reports/snapshots/{id}", "A frozen report (JSON or PDF)", {
    query: params(["format", "json (default) or pdf"]),
    errors: errors("404"),
  }),
];
