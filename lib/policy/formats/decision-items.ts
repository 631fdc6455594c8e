// What the runtime-engine parsers (OPA, Envoy/Istio, Hubble) yield: per JSON value, its decision or the
// reason it is not one, at its position in the body.
import type { ParseItem, RecordRef } from "@/lib/ingest/types";
import type { PolicyDecision, PolicyRecord } from "../types";
import { clip, ndjson, sha256, str } from "./json";

/** One engine's reading of a JSON value (and its raw text, hashed where the engine gives no id). */
export type DecisionOf = (value: unknown, rawText: string) => PolicyDecision | string;

/** The engine's own id of a decision, or a hash of its raw text where the format gives none. */
export function decisionIdOf(engineId: unknown, rawText: string): string {
  return clip(str(engineId, 200), 200) ?? `sha256:${sha256(rawText)}`;
}

export function decisionItem(ref: RecordRef, d: PolicyDecision | string): ParseItem<PolicyRecord> {
  return typeof d === "string"
    ? { ok: false, ref, reason: d }
    : { ok: true, ref, record: { type: "decision", decision: d } };
}

/** NDJSON, one decision a line; blank lines are skipped and a line that is not JSON is reported. */
export async function* ndjsonDecisions(
  lines: AsyncIterable<{ line: number; text: string }>,
  decisionOf: DecisionOf,
): AsyncGenerator<ParseItem<PolicyRecord>> {
  for await (const p of ndjson(lines)) {
    const ref = { line: p.line };
    yield "error" in p ? { ok: false, ref, reason: p.error } : decisionItem(ref, decisionOf(p.value, p.text));
  }
}
