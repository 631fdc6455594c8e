// DATABASE_READ_URL against a real hot standby built here: a primary of our own (initdb), a standby made
// with pg_basebackup -R, both real `postgres` processes on test ports. With replay paused on the
// standby, a reader without a write of their own sees the standby's (older) state: the KPI read went
// there. The writer, whose answer carried the primary's WAL position, sees their own write at once (the
// standby has not replayed it, so the read goes to the primary), by header (API) and by cookie (browser).
// Once the standby catches up, everyone reads the new state from it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as kpisRoute } from "@/app/api/v1/kpis/route";
import { env } from "@/lib/config/env";
import { closePool, pool } from "@/lib/db/pool";
import { closeReplicaPool, READ_AFTER_HEADER } from "@/lib/db/replica";
import { migrateDatabase } from "@/lib/setup/database";
import { call, tokenFor } from "./fixtures";
import { opaDecisionLines } from "./opa-fixtures";
import { missingPostgres, type Peer, startPrimary, startStandby } from "./pg-peers";
import { postIngest } from "./post-ingest";

const PRIMARY_PORT = Number(process.env.POSTURE_TEST_PG_PRIMARY_PORT ?? 3390);
const STANDBY_PORT = PRIMARY_PORT + 1;

let primary: Peer | undefined;
let standby: Peer | undefined;
let standbyUrl = "";

beforeAll(async () => {
  if (missingPostgres) return;
  primary = await startPrimary(PRIMARY_PORT);
  const admin = `postgresql://postgres@127.0.0.1:${PRIMARY_PORT}/postgres`;
  const c = new (await import("pg")).default.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE posture`);
  await c.end();
  const primaryUrl = `postgresql://postgres@127.0.0.1:${PRIMARY_PORT}/posture`;
  await migrateDatabase(primaryUrl);
  standby = await startStandby(primary, STANDBY_PORT);
  standbyUrl = `postgresql://postgres@127.0.0.1:${STANDBY_PORT}/posture`;
  await closePool();
  await closeReplicaPool();
  Object.assign(env(), { DATABASE_URL: primaryUrl, DATABASE_READ_URL: standbyUrl });
}, 300_000);

afterAll(async () => {
  await closePool().catch(() => {});
  await closeReplicaPool().catch(() => {});
  await standby?.stop();
  await primary?.stop();
});

async function onStandby<T extends Record<string, unknown>>(q: string, params: unknown[] = []) {
  const pg = (await import("pg")).default;
  const c = new pg.Client({ connectionString: standbyUrl });
  await c.connect();
  try {
    return (await c.query<T>(q, params)).rows;
  } finally {
    await c.end();
  }
}

async function waitForReplay(lsn: string) {
  for (let i = 0; i < 200; i++) {
    const [r] = await onStandby<{ ok: boolean }>(`SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok`, [
      lsn,
    ]);
    if (r.ok) return;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`the standby did not replay ${lsn}`);
}

describe.skipIf(!!missingPostgres)(
  `read replica (${missingPostgres ?? "hot standby on this machine"})`,
  () => {
    it("dashboard reads go to the standby, and a writer never reads a state older than their own write", async () => {
      const writer = await tokenFor("operator");
      const reader = await tokenFor("viewer");
      const lsnNow = (await pool().query<{ l: string }>(`SELECT pg_current_wal_lsn()::text AS l`)).rows[0].l;
      await waitForReplay(lsnNow);

      const kpis = (token: string, headers: Record<string, string> = {}) =>
        call(kpisRoute, { path: "/api/v1/kpis?cluster=replica", token, headers });
      expect((await kpis(reader)).json.policy.denyRate).toBeNull();

      // The standby stops replaying: from now on it shows the state before the write below.
      await onStandby(`SELECT pg_wal_replay_pause()`);
      try {
        const w = await postIngest(
          writer,
          "policy?format=opa&cluster=replica",
          opaDecisionLines("replica", 10, 4),
        );
        expect(w.status).toBe(201);
        const stamp = w.res.headers.get(READ_AFTER_HEADER);
        expect(stamp).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
        expect(w.res.headers.get("set-cookie")).toContain(`posture_read_after=${stamp}`);

        // Someone else, without a write of theirs: served by the standby, which has not seen it yet.
        expect((await kpis(reader)).json.policy.denyRate).toBeNull();
        // The writer, by header (API client) and by cookie (browser): their own write, from the primary.
        expect((await kpis(writer, { [READ_AFTER_HEADER]: stamp as string })).json.policy.denyRate).toBe(0.4);
        expect((await kpis(writer, { cookie: `posture_read_after=${stamp}` })).json.policy.denyRate).toBe(
          0.4,
        );

        // The standby really is behind, and the reads above really were served by it.
        const [behind] = await onStandby<{ ok: boolean }>(
          `SELECT pg_last_wal_replay_lsn() < $1::pg_lsn AS ok`,
          [stamp],
        );
        expect(behind.ok).toBe(true);
        const readers = await onStandby<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'posture-read'`,
        );
        expect(readers[0].n).toBeGreaterThan(0);
      } finally {
        await onStandby(`SELECT pg_wal_replay_resume()`);
      }

      // Caught up: everyone reads the new state, from the standby.
      const after = (await pool().query<{ l: string }>(`SELECT pg_current_wal_lsn()::text AS l`)).rows[0].l;
      await waitForReplay(after);
      expect((await kpis(reader)).json.policy.denyRate).toBe(0.4);
    }, 120_000);
  },
);
