// The hostile-body figures of the ingest benchmark (see hostileBodies below).
import { gzipSync } from "node:zlib";
import type { BenchResult } from "./policy-ingest";

/**
 * Bodies that used to pin a core: a 64 MiB OPA upload on one line (timed against the same decisions with
 * a newline after each), and the 611 KB gzip body of one endless line, answered while /api/health is
 * polled (its slowest answer is reported).
 */
export async function hostileBodies(
  url: string,
  token: string,
  log: (l: string) => void,
): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const mib = Number(process.env.BENCH_POLICY_ONE_LINE_MIB ?? 64);
  const t = Date.now() - 3_600_000;
  const events: string[] = [];
  let size = 0;
  for (let i = 0; size < mib * 1048576; i++) {
    const e = JSON.stringify({
      decision_id: `one-line-${t}-${i}`,
      timestamp: new Date(t + i).toISOString(),
      path: "envoy/authz/allow",
      labels: { id: "bench", cluster: "bench-one-line" },
      input: { pad: "p".repeat(900) },
      result: i % 10 !== 0,
    });
    events.push(e);
    size += e.length + 1;
  }
  for (const [name, sep] of [
    ["one_line", ","],
    ["newlines", ",\n"],
  ] as const) {
    const body = gzipSync(`[${events.join(sep).replaceAll("one-line-", `${name}-`)}]`, { level: 1 });
    const t0 = performance.now();
    const res = await fetch(`${url}/api/v1/opa/logs`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "content-encoding": "gzip",
      },
      body,
    });
    const j = (await res.json()) as { accepted?: number };
    const s = (performance.now() - t0) / 1000;
    if (res.status !== 201 || j.accepted !== events.length)
      throw new Error(
        `${mib} MiB upload (${name}) answered ${res.status}: ${JSON.stringify(j).slice(0, 200)}`,
      );
    log(`policy-ingest: ${mib} MiB upload, ${name}: ${events.length} decisions in ${s.toFixed(1)} s`);
    out.push({ name: `ingest.upload_${mib}mib_${name}_s`, value: Math.round(s * 100) / 100, unit: "s" });
  }
  // The attack: ~600 MiB without a newline in 611 KB of gzip (concatenated gzip members).
  const member = gzipSync("A".repeat(1 << 20), { level: 9 });
  const attack = Buffer.concat([
    gzipSync(`[{"decision_id":"${"A".repeat(1 << 20)}`, { level: 9 }),
    ...Array(599).fill(member),
  ]);
  let stop = false;
  let worstHealth = 0;
  const poll = (async () => {
    while (!stop) {
      const h0 = performance.now();
      await fetch(`${url}/api/health`).then((r) => r.arrayBuffer());
      worstHealth = Math.max(worstHealth, performance.now() - h0);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const t0 = performance.now();
  const res = await fetch(`${url}/api/v1/opa/logs?cluster=bench-attack`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      "content-encoding": "gzip",
    },
    body: attack,
  });
  await res.arrayBuffer();
  const ms = performance.now() - t0;
  stop = true;
  await poll;
  log(
    `policy-ingest: ${attack.length} bytes of gzip, one endless line: ${res.status} after ${ms.toFixed(0)} ms`,
  );
  out.push(
    { name: "ingest.hostile_one_line_gzip_answer", value: Math.round(ms), unit: "ms" },
    { name: "ingest.hostile_one_line_gzip_status", value: res.status, unit: "http" },
    { name: "ingest.health_worst_during_hostile", value: Math.round(worstHealth), unit: "ms" },
  );
  return out;
}
