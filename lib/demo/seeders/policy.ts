import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Actor } from "@/lib/audit/log";
import { opaLines, rng, uuidFrom } from "@/lib/demo/generators/policy-decisions";
import { ingest } from "@/lib/ingest/batch";
import { payloadFromBuffer } from "@/lib/ingest/payload";
import { rebuildRollups } from "@/lib/policy/mutations";
import { registerDemoSeeder } from "../registry";

// The sample story (shared/samples) happens on 2025-06-15 with "now" = 12:00Z. The demo moves it so its
// "now" is a few minutes before the real now, and adds a week of background decisions and older report
// snapshots so the charts and trends have history. Everything goes through ingest(), like real data.
const STORY_NOW = Date.parse("2025-06-15T12:00:00Z");
const DAY = 86_400_000;
const dir = path.resolve("lib/demo/fixtures/policy");
const read = (f: string) => readFileSync(path.join(dir, f), "utf8");

/** Moves every RFC 3339 timestamp, epoch-seconds `ts` and {seconds} in a fixture by `delta` ms. */
export function shiftTimes(text: string, delta: number): string {
  return text
    .replace(
      /(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?Z/g,
      (_m, whole: string, frac: string | undefined) => {
        // delta is whole seconds, so the fraction (up to ns) is kept as written.
        const iso = new Date(Date.parse(`${whole}Z`) + delta).toISOString();
        return `${iso.slice(0, 19)}${frac ?? ""}Z`;
      },
    )
    .replace(
      /("seconds":\s*)(\d{10})/g,
      (_m, k: string, s: string) => `${k}${Math.round(Number(s) + delta / 1000)}`,
    )
    .replace(
      /("ts":\s*)(\d{10}(\.\d+)?)/g,
      (_m, k: string, s: string) => `${k}${(Number(s) + delta / 1000).toFixed(3)}`,
    );
}

async function send(actor: Actor, format: string, body: string, cluster: string | null = null) {
  const r = await ingest({
    kind: "policy",
    format,
    cluster,
    payload: payloadFromBuffer(body),
    actor,
    demo: true,
  });
  return r.accepted;
}

/** Extra Cilium verdicts: the sample's verdict flows again at other times, each with a fresh uuid. */
function hubbleBackground(from: number, to: number, n: number): string {
  const r = rng(11);
  const verdicts = read("hubble-flows.jsonl")
    .trim()
    .split("\n")
    // Verdicts only, and not the quarantine denies: those belong to the incident at the end of the story.
    .filter(
      (l) => (/"event_type":\{"type":5\}/.test(l) || /"verdict":"DROPPED"/.test(l)) && !/quarantine/.test(l),
    );
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const line = verdicts[Math.floor(r() * verdicts.length)];
    const t = new Date(from + r() * (to - from)).toISOString();
    out.push(
      line
        .replace(/"uuid":"[^"]+"/, `"uuid":"${uuidFrom(r)}"`)
        .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z/g, t),
    );
  }
  return out.join("\n");
}

registerDemoSeeder({
  name: "policy",
  order: 30,
  async seed(ctx) {
    const now = ctx.now.getTime();
    const delta = Math.round((now - 5 * 60_000 - STORY_NOW) / 1000) * 1000;
    let decisions = 0;
    let snapshots = 0;
    // A week of background traffic, one batch per day (as a collector would send it), plus the incident.
    for (let d = 7; d >= 1; d--) {
      const from = new Date(now - d * DAY);
      const to = new Date(Math.min(now - 6 * 60 * 60_000, from.getTime() + DAY));
      if (to <= from) continue;
      const lines = opaLines({
        n: 2500,
        from,
        to,
        seed: 100 + d,
        spikes: d === 3 ? [{ at: new Date(from.getTime() + 9 * 3_600_000), n: 120 }] : [],
      });
      decisions += await send(ctx.actor, "opa", lines.join("\n"));
      decisions += await send(ctx.actor, "hubble", hubbleBackground(from.getTime(), to.getTime(), 300));
    }
    // The sample story itself, ending 5 minutes ago.
    decisions += await send(ctx.actor, "opa", shiftTimes(read("opa-decisions.jsonl"), delta));
    decisions += await send(
      ctx.actor,
      "envoy-accesslog",
      shiftTimes(read("istio-accesslog-denies.jsonl"), delta),
    );
    decisions += await send(ctx.actor, "hubble", shiftTimes(read("hubble-flows.jsonl"), delta));
    // Report history: the same reports a week and three days ago (with fewer failures then), then today's.
    const reports = read("kyverno-policyreport.json");
    const older = reports.replace(/"result": "fail"/g, (m, off: number) =>
      off % 3 === 0 ? '"result": "pass"' : m,
    );
    snapshots += await send(ctx.actor, "policyreport", shiftTimes(older, delta - 7 * DAY));
    snapshots += await send(
      ctx.actor,
      "policyreport",
      shiftTimes(older.replace(/"result": "warn"/g, '"result": "fail"'), delta - 3 * DAY),
    );
    snapshots += await send(ctx.actor, "policyreport", shiftTimes(reports, delta));
    snapshots += await send(ctx.actor, "gatekeeper", shiftTimes(read("gatekeeper-constraints.json"), delta));
    return `${decisions} decisions, ${snapshots} compliance snapshots`;
  },
  async wipe(sql) {
    const [range] = await sql.query<{ min: Date | null; max: Date | null }>(
      `SELECT min(d."time") AS min, max(d."time") AS max FROM policy_decision d
         JOIN ingest_batch b ON b.id = d."batchId" WHERE b.demo`,
    );
    const removed = await sql.query(`DELETE FROM ingest_batch WHERE demo AND kind = 'policy' RETURNING id`);
    if (range?.min && range.max) await rebuildRollups(sql, new Date(range.min), new Date(range.max));
    return removed.length;
  },
});
