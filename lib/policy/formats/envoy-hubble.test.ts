import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { payloadFromBuffer } from "@/lib/ingest/payload";
import type { ParseItem } from "@/lib/ingest/types";
import type { PolicyDecision, PolicyRecord } from "../types";
import { envoyDecision, parseEnvoy, parseRbacPolicy } from "./envoy";
import { hubbleDecision, parseHubble } from "./hubble";

const fixture = (f: string) => readFileSync(`lib/demo/fixtures/policy/${f}`, "utf8");

async function collect(gen: AsyncIterable<ParseItem<PolicyRecord>>) {
  const items: ParseItem<PolicyRecord>[] = [];
  for await (const x of gen) items.push(x);
  const ds = items.flatMap((i) => (i.ok && i.record.type === "decision" ? [i.record.decision] : []));
  return { items, ds };
}

/** On any JSON value the parser answers a reason (a string) or a decision of its engine; it never throws. */
function neverThrows(parse: (v: unknown, line: string) => string | { engine: string }, engine: string) {
  fc.assert(
    fc.property(fc.jsonValue(), (v) => {
      const d = parse(v, "x");
      expect(typeof d === "string" || d.engine === engine).toBe(true);
    }),
    { numRuns: 500 },
  );
}

describe("envoy-accesslog", () => {
  it("parses Istio's RBAC policy names", () => {
    expect(parseRbacPolicy("ns[payments]-policy[deny-admin-paths]-rule[0]")).toEqual({
      policy: "payments/deny-admin-paths",
      rule: "0",
    });
    expect(parseRbacPolicy("none")).toEqual({ policy: null, rule: null });
  });

  it("the sample: 5 denies (RBAC HTTP, ext_authz ×2, RBAC TCP, default deny) and 1 allow", async () => {
    const { items, ds } = await collect(
      parseEnvoy(payloadFromBuffer(fixture("istio-accesslog-denies.jsonl"))),
    );
    expect(items.every((i) => i.ok)).toBe(true);
    expect(ds.map((d) => [d.result, d.policy, d.rule])).toEqual([
      ["deny", "payments/deny-admin-paths", "0"],
      ["deny", "ext_authz", null],
      ["deny", "ext_authz", null],
      ["deny", "ledger/ledger-db-allow-api-only", "0"],
      ["deny", null, null],
      ["allow", null, null],
    ]);
    expect(ds[3]).toMatchObject({
      cluster: "us-east-prod",
      target: "ledger/ledger-db",
      subject: "10.44.9.77",
      action: "tcp :5432",
    });
    expect(ds[4].reason).toMatch(/default deny/);
    expect(ds[0]).toMatchObject({
      engine: "istio",
      decisionId: "0c8e2f6a-8d41-4b0e-9c55-1f7d2e3a4b5c",
      target: "payments/payments-api",
    });
    // TCP lines have no request id: a content hash stands in.
    expect(ds[3].decisionId).toMatch(/^sha256:/);
  });

  it("rejects JSON that is not an access log entry", () => {
    expect(envoyDecision({ foo: 1 }, "")).toMatch(/not an Envoy access log/);
    expect(envoyDecision([1], "")).toMatch(/not an Envoy/);
    expect(envoyDecision({ start_time: "nope", response_code: 403 }, "")).toMatch(/start_time/);
  });

  it("never throws on arbitrary JSON", () => {
    neverThrows(envoyDecision, "istio");
  });

  it("a 403 with an RBAC detail is always a deny naming its policy", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
        fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
        fc.nat(9),
        (ns, name, rule) => {
          const d = envoyDecision(
            {
              start_time: "2025-06-15T09:00:00Z",
              response_code: 403,
              response_code_details: `rbac_access_denied_matched_policy[ns[${ns}]-policy[${name}]-rule[${rule}]]`,
            },
            "x",
          ) as PolicyDecision;
          expect([d.result, d.policy, d.rule]).toEqual(["deny", `${ns}/${name}`, String(rule)]);
        },
      ),
    );
  });
});

describe("hubble", () => {
  it("the sample: 14 verdicts (10 deny, 3 allow, 1 audit); 7 trace/L7 records rejected by line", async () => {
    const { items, ds } = await collect(parseHubble(payloadFromBuffer(fixture("hubble-flows.jsonl"))));
    expect(ds.length).toBe(14);
    const by = (r: string) => ds.filter((d) => d.result === r).length;
    expect([by("deny"), by("allow"), by("audit")]).toEqual([10, 3, 1]);
    const rejected = items.flatMap((i) => (i.ok ? [] : [i.ref.line]));
    expect(rejected).toEqual([2, 3, 4, 6, 7, 17, 21]);
  });

  it("maps cross-cluster drops, quarantine denies with their policy, and world destinations", async () => {
    const { ds } = await collect(parseHubble(payloadFromBuffer(fixture("hubble-flows.jsonl"))));
    const byId = (id: string) => ds.find((d) => d.decisionId === id) as PolicyDecision;
    expect(byId("36a80bdf-0023-4682-af55-70eed8e94b15")).toMatchObject({
      cluster: "us-east-prod",
      engine: "cilium",
      subject: "eu-west-prod/shop/frontend",
      target: "us-east-prod/ledger/ledger-db",
      action: "TCP/5432",
      result: "deny",
      reason: "POLICY_DENIED",
      policy: null,
    });
    expect(byId("8329c05b-09e8-4319-9bea-85931a953cca")).toMatchObject({
      cluster: "eu-west-prod",
      policy: "shop/quarantine-frontend",
      reason: "POLICY_DENY",
    });
    expect(byId("feef16e9-64ef-4ebe-aff3-600735f11af2").target).toBe("world:203.0.113.50");
    expect(byId("a0931ed4-2ecd-4c0a-a2d7-4145ddd4a054")).toMatchObject({
      result: "audit",
      target: "world:files.partner-sftp.example",
    });
    expect(byId("db5b5fab-8f4d-4e27-9da1-494c73cf256d")).toMatchObject({
      result: "allow",
      policy: "payments/payments-allow-checkout",
    });
    expect(byId("001edc8e-367e-4d6d-bd74-10696bb6a3de")).toMatchObject({
      result: "deny",
      action: "GET /v2/entries/export",
    });
  });

  it("drops for non-policy reasons are not decisions", () => {
    const r = hubbleDecision(
      { flow: { time: "2025-06-15T09:00:00Z", verdict: "DROPPED", drop_reason_desc: "INVALID_SOURCE_IP" } },
      "",
    );
    expect(r).toMatch(/non-policy reason/);
  });

  it("never throws on arbitrary JSON; verdicts map one way", () => {
    neverThrows(hubbleDecision, "cilium");
    fc.assert(
      fc.property(
        fc.constantFrom("POLICY_DENIED", "POLICY_DENY", "AUTH_REQUIRED"),
        fc.uuid(),
        (reason, uuid) => {
          const d = hubbleDecision(
            {
              flow: {
                uuid,
                time: "2025-06-15T09:00:00Z",
                verdict: "DROPPED",
                drop_reason_desc: reason,
                node_name: "c1/n1",
              },
            },
            "",
          ) as PolicyDecision;
          expect([d.result, d.reason, d.cluster, d.decisionId]).toEqual(["deny", reason, "c1", uuid]);
        },
      ),
    );
  });
});
