// The baseline of the ingest benchmark: the same decisions as COPY text (converted untimed), COPYed into an
// identical table (same columns, partitioning, keys, indexes and foreign keys) filled in the same order,
// one phase after the other, each timed with its PostgreSQL backend's CPU.
import { createReadStream, createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { fileParts } from "./opa-payloads";
import { cpuSeconds } from "./proc-meter";

export async function copyBaseline(
  client: pg.Client,
  phases: { file: string; batchId: string }[],
): Promise<{ seconds: number; cpu: number }[]> {
  // The same rows as COPY text, into an identical table filled in the same order (conversion not timed).
  const { opaDecision } = await import("@/lib/policy/formats/opa");
  const { copyLine } = await import("@/lib/policy/copy-format");
  const { QCOLS, rowOf } = await import("@/lib/policy/decision-row");
  const clusters = new Map(
    (await client.query<{ id: string; name: string }>(`SELECT id, name FROM cluster`)).rows.map((r) => [
      r.name,
      r.id,
    ]),
  );
  const months = new Set<string>();
  const tsvOf = async (file: string, batchId: string) => {
    const tsv = `${file}.tsv`;
    async function* rows() {
      let buf = "";
      for await (const part of fileParts(file, 50_000)) {
        for (const line of part) {
          const d = opaDecision(JSON.parse(line), line);
          if (typeof d === "string") throw new Error(d);
          months.add(d.time.toISOString().slice(0, 7));
          buf += copyLine(rowOf(d, clusters.get(d.cluster ?? "") ?? null, batchId));
        }
        yield buf;
        buf = "";
      }
    }
    await pipeline(Readable.from(rows()), createWriteStream(tsv));
    return tsv;
  };
  const tsvs: string[] = [];
  for (const ph of phases) tsvs.push(await tsvOf(ph.file, ph.batchId));
  await client.query(`DROP TABLE IF EXISTS bench_policy_decision`);
  await client.query(
    `CREATE TABLE bench_policy_decision (LIKE policy_decision INCLUDING ALL) PARTITION BY RANGE ("time")`,
  );
  await client.query(`ALTER TABLE bench_policy_decision ADD FOREIGN KEY ("clusterId") REFERENCES cluster(id) ON DELETE CASCADE,
    ADD FOREIGN KEY ("batchId") REFERENCES ingest_batch(id) ON DELETE CASCADE`);
  for (const m of months) {
    const [y, mo] = m.split("-").map(Number);
    const a = new Date(Date.UTC(y, mo - 1, 1)).toISOString();
    const b = new Date(Date.UTC(y, mo, 1)).toISOString();
    await client.query(
      `CREATE TABLE bench_policy_decision_${y}_${mo} PARTITION OF bench_policy_decision FOR VALUES FROM ('${a}') TO ('${b}')`,
    );
  }
  const copyPid = (await client.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows[0].pid;
  const out: { seconds: number; cpu: number }[] = [];
  for (const [i] of phases.entries()) {
    const cpu0 = cpuSeconds(copyPid);
    const t1 = performance.now();
    await client.query("BEGIN");
    await pipeline(
      createReadStream(tsvs[i]),
      client.query(copyFrom(`COPY bench_policy_decision (${QCOLS}) FROM STDIN`)),
    );
    await client.query("COMMIT");
    out.push({ seconds: (performance.now() - t1) / 1000, cpu: cpuSeconds(copyPid) - cpu0 });
  }
  return out;
}
