import { describe, expect, it } from "vitest";
import { istioQueries, windowFor } from "./connector";
import { parseQueryResult } from "./query-result";

const vector = (result: unknown[]) => ({ status: "success", data: { resultType: "vector", result } });

describe("prometheus-query payloads (increase() results)", () => {
  it("turns vector elements into delta samples at the evaluation time; rejects bad elements by index", () => {
    const body = JSON.stringify({
      collectedAt: "2025-06-15T12:00:00Z",
      windowSeconds: 300,
      results: [
        {
          metric: "istio_requests_total",
          data: vector([
            {
              metric: {
                reporter: "destination",
                connection_security_policy: "mutual_tls",
                response_code: "403",
              },
              value: [1749988800.5, "12.5"],
            },
            { metric: { reporter: "destination" }, value: [1749988800, "NaN"] },
            { metric: {}, value: "x" },
          ]),
        },
        { metric: "istio_tcp_connections_opened_total", data: { resultType: "matrix", result: [] } },
      ],
    });
    const items = [...parseQueryResult(body)];
    expect(items).toHaveLength(4);
    const first = items[0];
    expect(first.ok).toBe(true);
    if (first.ok) {
      expect(first.record.atMs).toBe(1749988800500);
      expect(first.record.series).toMatchObject({ measure: "requests", value: 12.5, denied: true });
    }
    expect(items.slice(1).map((i) => (i.ok ? null : [i.ref.index, i.reason]))).toEqual([
      [1, "istio_requests_total: value NaN is not a counter value"],
      [2, 'a vector element needs {metric: {labels}, value: [time, "value"]}'],
      [3, 'each result needs "metric" and a "vector" query result in "data"'],
    ]);
  });

  it("a body that is not the envelope is refused whole", () => {
    expect(() => [...parseQueryResult("nope")]).toThrow(/not valid JSON/);
    expect(() => [...parseQueryResult('{"results": []}')]).toThrow(/windowSeconds/);
  });
});

describe("connector queries and windows", () => {
  it("groups increase() by the edge labels over the window", () => {
    const [req, tcp] = istioQueries(300);
    expect(req.query).toMatch(
      /^sum by \(reporter, source_cluster, .*connection_security_policy, response_code, grpc_response_status\) \(increase\(istio_requests_total\[300s\]\)\)$/,
    );
    expect(tcp.query).toContain("increase(istio_tcp_connections_opened_total[300s])");
  });

  it("the window is the time since the last run (first run: the configured window)", () => {
    const now = new Date("2025-06-15T12:00:00Z");
    expect(windowFor({ windowSeconds: 300 }, null, now)).toBe(300);
    expect(windowFor({ windowSeconds: 300 }, new Date("2025-06-15T11:58:00Z"), now)).toBe(120);
    expect(windowFor({ windowSeconds: 300 }, new Date("2025-06-15T11:59:59Z"), now)).toBe(15);
  });
});
