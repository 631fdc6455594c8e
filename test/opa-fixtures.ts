// OPA decision-log lines as the Envoy plugin writes them (one JSON object a line), for tests that only need
// a batch of allow/deny decisions of one workload.
const base = Date.now() - 3_600_000;

/** n decisions `${prefix}-0`… an hour ago, one millisecond apart; the first `denies` of them are denials. */
export const opaDecisionLines = (prefix: string, n: number, denies: number) =>
  `${Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      decision_id: `${prefix}-${i}`,
      timestamp: new Date(base + i).toISOString(),
      path: "envoy/authz/allow",
      input: { attributes: { source: { principal: "spiffe://acme/ns/shop/sa/frontend" } } },
      result: i >= denies,
    }),
  ).join("\n")}\n`;
