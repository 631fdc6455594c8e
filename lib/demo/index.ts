import "server-only";
import { type Actor, audit, SYSTEM_ACTOR } from "@/lib/audit/log";
import { pool } from "@/lib/db/pool";
import { putSetting, readSetting } from "@/lib/db/settings";
import { sqlOfPg, withPgTransaction } from "@/lib/db/sql";
import { demoSeeders } from "./registry";
import "./seeders/clusters";
import "./seeders/telemetry";
import "./seeders/risks";
import "./seeders/incidents";
import "./seeders/certificates";
import "./seeders/policy";

const FLAG = "demo";

export interface DemoState {
  loaded: boolean;
  seededAt?: string;
  wipedAt?: string;
}

export async function demoState(): Promise<DemoState> {
  return (await readSetting<DemoState>(sqlOfPg(pool()), FLAG)) ?? { loaded: false };
}

async function setState(state: DemoState, actor: Actor, action: string) {
  await withPgTransaction(pool(), async (_c, sql) => {
    await putSetting(sql, FLAG, state);
    await audit(sql, actor, { action, targetType: "setting", targetId: FLAG, data: { ...state } });
  });
}

/** Seeds the demo data once (first start); a later call does nothing unless forced. */
export async function seedDemo(opts: { force?: boolean; actor?: Actor; log?: (l: string) => void } = {}) {
  const state = await demoState();
  if ((state.seededAt || state.wipedAt) && !opts.force) return { seeded: false, summary: [] as string[] };
  const actor = opts.actor ?? SYSTEM_ACTOR;
  const summary: string[] = [];
  for (const s of demoSeeders()) {
    const line = await s.seed({ actor, now: new Date() });
    summary.push(`${s.name}: ${line}`);
    opts.log?.(`  demo ${s.name}: ${line}`);
  }
  await setState({ loaded: true, seededAt: new Date().toISOString() }, actor, "demo.seed");
  return { seeded: true, summary };
}

/** Removes every demo row, newest domains first; audit events stay (the log is append-only). */
export async function wipeDemo(actor: Actor = SYSTEM_ACTOR): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  await withPgTransaction(pool(), async (_c, sql) => {
    for (const s of demoSeeders().reverse()) out[s.name] = await s.wipe(sql);
    await audit(sql, actor, { action: "demo.wipe", targetType: "setting", targetId: FLAG, data: out });
  });
  await setState({ loaded: false, wipedAt: new Date().toISOString() }, actor, "demo.state");
  return out;
}

import "./seeders/reports";
