// Posting a payload the way a collector does: through the real ingest route, answered with the batch summary
// (accepted, rejectedCount, format, …) or the error. One helper, so every test reads
// `postIngest(token, "alerts?format=falco&cluster=x", body)` and the route call is written once.
import { POST as ingestRoute } from "@/app/api/v1/ingest/[kind]/route";
import { call } from "./fixtures";

/** POST body to /api/v1/ingest/<target>, where target is "<kind>?<query>" (the kind is the path segment). */
export function postIngest(
  token: string,
  target: string,
  body: string | Uint8Array | object,
  headers: Record<string, string> = {},
) {
  return call(ingestRoute, {
    method: "POST",
    path: `/api/v1/ingest/${target}`,
    token,
    body,
    headers,
    params: { kind: target.split("?")[0] },
  });
}
