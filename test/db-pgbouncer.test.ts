// The app behind PgBouncer in transaction mode (a real pgbouncer started here, in front of this test's
// database): consecutive statements of a client may run on different server sessions, so nothing may rely
// on session state. Ingest (transaction, COPY, savepoint and the careful path with its temporary staging
// table, advisory transaction locks for partitions and the audit chain), the ingest rate limit (its library
// names prepared statements; ours are sent unnamed), concurrent batches, KPI reads and migrations all work,
// and no advisory lock is left behind.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as kpisRoute } from "@/app/api/v1/kpis/route";
import { verifyChain } from "@/lib/audit/log";
import { databaseUrl, env } from "@/lib/config/env";
import { migrate } from "@/lib/db/migrate";
import { closePool } from "@/lib/db/pool";
import { call, db, tokenFor } from "./fixtures";
import { opaDecisionLines } from "./opa-fixtures";
import { missingPgBouncer, type Peer, startPgBouncer } from "./pg-peers";
import { postIngest } from "./post-ingest";

const PORT = Number(process.env.POSTURE_TEST_PGBOUNCER_PORT ?? 3392);
let bouncer: Peer | undefined;
let direct = "";

beforeAll(async () => {
  if (missingPgBouncer) return;
  direct = databaseUrl();
  const u = new URL(direct);
  bouncer = await startPgBouncer(PORT, { host: u.hostname, port: Number(u.port || 5432) });
  u.hostname = "127.0.0.1";
  u.port = String(PORT);
  await closePool();
  env().DATABASE_URL = u.toString();
}, 120_000);

afterAll(async () => {
  await closePool().catch(() => {});
  await bouncer?.stop();
});

describe.skipIf(!!missingPgBouncer)(
  `behind PgBouncer in transaction mode (${missingPgBouncer ?? "pgbouncer"})`,
  () => {
    it("ingests, dedups, runs concurrent batches, reads KPIs and migrates without session state", async () => {
      const token = await tokenFor("operator");
      const post = (body: string) => postIngest(token, "policy?format=opa&cluster=bouncer", body);
      const first = await post(opaDecisionLines("pgb", 50, 10));
      expect(first.status).toBe(201);
      expect(first.json).toMatchObject({ accepted: 50, duplicates: 0 });
      // The same decisions in another payload: the COPY hits the unique key, the savepoint is rolled back
      // and the chunk goes through the temporary staging table.
      const again = await post(`${opaDecisionLines("pgb", 50, 10)}${opaDecisionLines("pgb-new", 5, 0)}`);
      expect(again.status).toBe(201);
      expect(again.json).toMatchObject({ accepted: 5, duplicates: 50 });

      const burst = await Promise.all(
        Array.from({ length: 8 }, (_, k) => post(opaDecisionLines(`pgb-burst-${k}`, 20, 0))),
      );
      expect(burst.map((r) => r.status)).toEqual(Array(8).fill(201));

      const k = await call(kpisRoute, { path: "/api/v1/kpis?cluster=bouncer", token });
      expect(k.status).toBe(200);
      expect(k.json.policy.denyRate).toBeCloseTo(10 / 215, 5);

      expect(await verifyChain(db())).toMatchObject({ ok: true });

      // Migrations through the pooler: the lock is transaction-scoped, so it cannot leak to a server session.
      const viaBouncer = new pg.Client({ connectionString: env().DATABASE_URL });
      await viaBouncer.connect();
      try {
        expect((await migrate(viaBouncer)).applied).toEqual([]);
      } finally {
        await viaBouncer.end();
      }
      const plain = new pg.Client({ connectionString: direct });
      await plain.connect();
      try {
        const locks = await plain.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        );
        expect(locks.rows[0].n).toBe(0);
      } finally {
        await plain.end();
      }
    }, 120_000);
  },
);
