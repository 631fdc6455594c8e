// OPA decision logs: console NDJSON lines ("msg":"Decision Log", mixed with OPA's other
// log lines) and the JSON array the HTTP decision-log plugin uploads (gzip). `erased`/`masked` are kept as
// OPA wrote them: they tell an auditor which input fields the mask policy removed or replaced.
import type { ParseItem, PayloadSource } from "@/lib/ingest/types";
import type { DecisionResult, PolicyDecision, PolicyRecord } from "../types";
import { decisionIdOf, decisionItem, ndjsonDecisions } from "./decision-items";
import { clip, isObj, jsonArrayElements, type Obj, obj, parseTime, readAhead, str } from "./json";

/** allow/deny of an OPA result: false, {allowed:false}, {allow:false} or a non-empty deny set deny. */
export function opaResult(o: Obj): { result: DecisionResult; reason: string | null } {
  if (str(o.error) || isObj(o.error))
    return { result: "error", reason: clip(str(JSON.stringify(o.error)), 300) };
  if (!("result" in o)) return { result: "error", reason: "undefined decision (no result)" };
  const r = o.result;
  if (r === false) return { result: "deny", reason: null };
  if (r === true) return { result: "allow", reason: null };
  if (isObj(r)) {
    const allowed =
      typeof r.allowed === "boolean" ? r.allowed : typeof r.allow === "boolean" ? r.allow : null;
    const denySet = Array.isArray(r.deny) ? r.deny : isObj(r.deny) ? Object.keys(r.deny) : null;
    const denied = allowed === false || (denySet !== null && denySet.length > 0);
    return { result: denied ? "deny" : "allow", reason: denied ? reasonOf(r, denySet) : null };
  }
  return { result: "allow", reason: null };
}

function reasonOf(r: Obj, denySet: unknown[] | null): string | null {
  const body = r.body;
  if (typeof body === "string") {
    try {
      const b = JSON.parse(body);
      if (isObj(b)) return clip(str(b.error) ?? str(b.message) ?? str(b.reason), 500);
    } catch {
      /* plain-text body */
    }
    return clip(str(body), 500);
  }
  if (isObj(body)) return clip(str(body.error) ?? str(body.message), 500);
  if (denySet?.length)
    return clip(denySet.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join("; "), 500);
  return clip(str(r.reason) ?? str(r.msg) ?? (r.http_status ? `HTTP ${r.http_status}` : null), 500);
}

/** One decision-log event → PolicyDecision, or the reason it is not a decision. */
export function opaDecision(v: unknown, rawText: string): PolicyDecision | string {
  if (!isObj(v)) return "not an OPA decision (expected a JSON object)";
  if (typeof v.msg === "string" && v.msg !== "Decision Log")
    return `not a decision log line (OPA log: "${v.msg.slice(0, 80)}")`;
  if (!("decision_id" in v) && !("path" in v) && !("query" in v))
    return "not an OPA decision (no decision_id, path or query)";
  const time = parseTime(v.timestamp ?? v.time);
  if (!time) return "timestamp: missing or not RFC 3339";
  const labels = obj(v.labels);
  const input = obj(v.input);
  const attrs = obj(input.attributes);
  const src = obj(attrs.source);
  const dst = obj(attrs.destination);
  const http = obj(obj(attrs.request).http);
  const addr = (e: Obj) => str(obj(obj(e.address).socketAddress).address);
  const path = str(v.path, 300)?.replace(/^\/+/, "") ?? null;
  const { result, reason } = opaResult(v);
  const reqPath = str(http.path, 300)?.split("?")[0] ?? null;
  const inputPath = Array.isArray(input.path) ? `/${input.path.map(String).join("/")}` : str(input.path, 300);
  const method = str(http.method) ?? str(input.method);
  const resource = reqPath ?? inputPath ?? str(input.resource, 300);
  const details: Obj = {};
  if (v.bundles !== undefined) details.bundles = v.bundles;
  if (v.erased !== undefined) details.erased = v.erased;
  if (v.masked !== undefined) details.masked = v.masked;
  if (str(labels.id)) details.instance = labels.id;
  if (str(labels.app)) details.app = labels.app;
  if (str(v.requested_by)) details.requestedBy = v.requested_by;
  if (isObj(v.result) && v.result.http_status !== undefined) details.httpStatus = v.result.http_status;
  if (str(v.query)) details.query = v.query;
  return {
    time,
    cluster: str(labels.cluster, 63),
    engine: "opa",
    decisionId: decisionIdOf(v.decision_id, rawText),
    policy: path ?? clip(str(v.query), 300),
    rule: null,
    subject: str(src.principal) ?? addr(src) ?? str(input.user) ?? str(input.subject) ?? str(v.requested_by),
    target: str(dst.principal) ?? str(http.host) ?? addr(dst) ?? resource,
    action: method ? clip(`${method} ${resource ?? ""}`.trim(), 300) : resource,
    result,
    reason,
    severity: null,
    details,
  };
}

/** OPA's upload body starts with '['; anything else is read as console NDJSON. */
export function parseOpa(input: PayloadSource): AsyncGenerator<ParseItem<PolicyRecord>> {
  return readAhead(parseOpaInOrder(input));
}

async function* parseOpaInOrder(input: PayloadSource): AsyncGenerator<ParseItem<PolicyRecord>> {
  const head = (await input.head()).replace(/^\uFEFF/, "").trimStart();
  if (head.startsWith("[")) {
    for await (const el of jsonArrayElements(input.bytes(), input.maxLineBytes)) {
      const ref = { index: el.index, line: el.line };
      let v: unknown;
      try {
        v = JSON.parse(el.text);
      } catch (e) {
        yield { ok: false, ref, reason: `not JSON: ${(e as Error).message.slice(0, 120)}` };
        continue;
      }
      yield decisionItem(ref, opaDecision(v, el.text));
    }
    return;
  }
  yield* ndjsonDecisions(input.lines(), opaDecision);
}

export function sniffOpa(head: string): boolean {
  return /"decision_id"\s*:/.test(head) || /"msg"\s*:\s*"Decision Log"/.test(head);
}
