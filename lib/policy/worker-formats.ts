// The policy formats the parse worker runs (lib/ingest/parse-worker.ts): the runtime decision streams,
// where JSON.parse of every line is most of the cost. A decision leaves the worker prepared for the store
// (COPY text and rollup keys, lib/policy/decision-row.ts), so the request thread only adds the ids.
import type { WorkerFormat } from "@/lib/ingest/worker-formats";
import { preparedDecision } from "./decision-row";
import { parseEnvoy } from "./formats/envoy";
import { parseHubble } from "./formats/hubble";
import { parseOpa } from "./formats/opa";
import type { PolicyRecord } from "./types";

function prepare(record: unknown): PolicyRecord {
  const r = record as PolicyRecord;
  return r.type === "decision" ? { type: "prepared", prepared: preparedDecision(r.decision) } : r;
}

export const policyWorkerFormats: Record<string, WorkerFormat> = {
  "policy:opa": { parse: (input) => parseOpa(input), prepare },
  "policy:envoy-accesslog": { parse: (input) => parseEnvoy(input), prepare },
  "policy:hubble": { parse: (input) => parseHubble(input), prepare },
};
