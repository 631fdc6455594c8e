// Synthetic but realistic runtime decisions for the demo data and the ingest benchmark: opa-envoy-plugin
// decision-log lines, Envoy access-log lines and Hubble policy verdicts between the sample story's
// workloads. Deterministic for a given seed.

export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export function uuidFrom(r: () => number): string {
  const h = () =>
    Math.floor(r() * 0x10000)
      .toString(16)
      .padStart(4, "0");
  return `${h()}${h()}-${h()}-4${h().slice(1)}-a${h().slice(1)}-${h()}${h()}${h()}`;
}

interface Route {
  cluster: string;
  src: string;
  dst: string;
  host: string;
  paths: string[];
  denyRate: number;
  reasons: string[];
}

const TD = "spiffe://acme.internal";
export const ROUTES: Route[] = [
  {
    cluster: "eu-west-prod",
    src: "shop/checkout",
    dst: "payments/payments-api",
    host: "payments-api.payments:8080",
    paths: ["/v1/charges", "/v1/refunds", "/v1/charges/ch_1"],
    denyRate: 0.01,
    reasons: ["caller not permitted for /v1/admin/*"],
  },
  {
    cluster: "eu-west-prod",
    src: "shop/frontend",
    dst: "payments/payments-api",
    host: "payments-api.payments:8080",
    paths: ["/v1/customers/cu_1", "/v1/admin/export"],
    denyRate: 0.06,
    reasons: ["caller not permitted for /v1/admin/*", "bulk customer read not allowed for shop/frontend"],
  },
  {
    cluster: "us-east-prod",
    src: "payments/payments-api",
    dst: "ledger/ledger-writer",
    host: "ledger-api.ledger:9090",
    paths: ["/v2/entries", "/v2/accounts/acc_77"],
    denyRate: 0.005,
    reasons: ["cross-cluster caller not in allow-list"],
  },
  {
    cluster: "us-east-prod",
    src: "reporting/batch-exporter",
    dst: "ledger/ledger-writer",
    host: "ledger-api.ledger:9090",
    paths: ["/v2/entries/export"],
    denyRate: 0.15,
    reasons: ["export outside the reporting window"],
  },
  {
    cluster: "eu-west-staging",
    src: "qa/load-tester",
    dst: "payments/payments-api",
    host: "payments-api.payments:8080",
    paths: ["/v1/charges"],
    denyRate: 0.2,
    reasons: ["no peer identity (plaintext)"],
  },
];

/** One opa-envoy-plugin decision, as OPA's console logger prints it (about 900 bytes). */
export function opaLine(
  id: string,
  time: Date,
  route: Route,
  path: string,
  allowed: boolean,
  reason: string,
  reqId: number,
): string {
  const result = allowed
    ? { allowed: true, headers: { "x-ext-authz-check": "allowed" } }
    : {
        allowed: false,
        http_status: 403,
        body: JSON.stringify({ error: reason }),
        headers: { "x-ext-authz-check": "denied" },
      };
  const [sns, ssa] = route.src.split("/");
  const [dns, dsa] = route.dst.split("/");
  return JSON.stringify({
    decision_id: id,
    path: "envoy/authz/allow",
    labels: {
      cluster: route.cluster,
      app: dsa,
      id: "3f0c2a4e-6b1d-4c55-9a0e-2f4b7d9e1c11",
      version: "0.68.0-envoy",
    },
    bundles: { authz: { revision: "bundle-2025-06-14.3" } },
    input: {
      attributes: {
        source: {
          principal: `${TD}/ns/${sns}/sa/${ssa}`,
          address: { socketAddress: { address: "10.12.3.17", portValue: 51022 } },
        },
        destination: {
          principal: `${TD}/ns/${dns}/sa/${dsa}`,
          address: { socketAddress: { address: "10.12.7.40", portValue: 8080 } },
        },
        request: {
          time: time.toISOString(),
          http: {
            id: String(reqId),
            method: path.includes("export") ? "GET" : "POST",
            path,
            host: route.host,
            protocol: "HTTP/1.1",
          },
        },
      },
      parsed_path: path.split("/").filter(Boolean),
      version: { encoding: "protojson", ext_authz: "v3" },
    },
    result,
    requested_by: "",
    timestamp: time.toISOString(),
    metrics: { timer_rego_query_eval_ns: 100_000 + (reqId % 400_000) },
    level: "info",
    msg: "Decision Log",
    type: "openpolicyagent.org/decision_logs",
    req_id: reqId,
  });
}

/**
 * n OPA decision lines spread over [from, to) with a day/night rhythm; `spikes` add bursts of denies
 * (an incident) at given times.
 */
export function opaLines(opts: {
  n: number;
  from: Date;
  to: Date;
  seed?: number;
  spikes?: { at: Date; n: number }[];
}): string[] {
  const r = rng(opts.seed ?? 7);
  const span = opts.to.getTime() - opts.from.getTime();
  const out: string[] = [];
  for (let i = 0; i < opts.n; i++) {
    // Rejection-sample a diurnal curve: busier around 14:00 UTC.
    let t = 0;
    for (let k = 0; k < 4; k++) {
      t = opts.from.getTime() + r() * span;
      const hour = new Date(t).getUTCHours();
      if (r() < 0.35 + 0.65 * Math.max(0, Math.cos(((hour - 14) / 24) * 2 * Math.PI))) break;
    }
    const route = ROUTES[Math.floor(r() * ROUTES.length)];
    const path = route.paths[Math.floor(r() * route.paths.length)];
    const deny = r() < route.denyRate;
    out.push(
      opaLine(
        uuidFrom(r),
        new Date(t),
        route,
        path,
        !deny,
        route.reasons[Math.floor(r() * route.reasons.length)],
        i,
      ),
    );
  }
  for (const s of opts.spikes ?? []) {
    for (let i = 0; i < s.n; i++) {
      const t = new Date(s.at.getTime() + Math.floor(r() * 15 * 60_000));
      out.push(
        opaLine(
          uuidFrom(r),
          t,
          ROUTES[1],
          "/v1/customers",
          false,
          "bulk customer read not allowed for shop/frontend",
          900_000 + i,
        ),
      );
    }
  }
  return out;
}
