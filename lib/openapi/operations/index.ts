// Every operation of the HTTP API: path, method, who may call it, and the zod schema its route validates
// the body with (imported from the same module the route imports it from), one file per domain built with
// the shapes of ./shape.ts. test/openapi.test.ts fails when a route file or method is missing here.
import { ACCESS_OPERATIONS } from "./access";
import { CERTIFICATE_OPERATIONS } from "./certificates";
import { INCIDENT_OPERATIONS } from "./incidents";
import { INGEST_OPERATIONS } from "./ingest";
import { KPI_OPERATIONS } from "./kpis";
import { META_OPERATIONS } from "./meta";
import { NOTIFICATION_OPERATIONS } from "./notifications";
import { POLICY_MESH_OPERATIONS } from "./policy-mesh";
import { RISK_OPERATIONS } from "./risks";
import type { Operation } from "./shape";

export type { Operation, QueryParam } from "./shape";

export const OPERATIONS: Operation[] = [
  ...INGEST_OPERATIONS,
  ...KPI_OPERATIONS,
  ...CERTIFICATE_OPERATIONS,
  ...INCIDENT_OPERATIONS,
  ...POLICY_MESH_OPERATIONS,
  ...RISK_OPERATIONS,
  ...ACCESS_OPERATIONS,
  ...NOTIFICATION_OPERATIONS,
  ...META_OPERATIONS,
];
