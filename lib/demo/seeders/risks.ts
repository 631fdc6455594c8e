import "server-only";
import type { Actor } from "@/lib/audit/log";
import { createUser, generatePassword } from "@/lib/auth/users";
import { pool } from "@/lib/db/pool";
import { type Sql, sqlOfPg, withPgTransaction } from "@/lib/db/sql";
import { addLink, evaluateKpis } from "@/lib/risks/evidence";
import type { CreateRiskInput, PatchRiskInput } from "@/lib/risks/model";
import {
  createRisk,
  decideAcceptance,
  expireAcceptance,
  patchRisk,
  reviewRisk,
} from "@/lib/risks/mutations/register";
import type { Editor } from "@/lib/risks/mutations/revisions";
import { registerDemoSeeder } from "../registry";
import { DEMO_DOMAIN, PEOPLE, type Person, STORY } from "./risks-story";

// Risks are not ingested data: they are created through the register's own services (as a risk manager
// would), marked demo, with their history back-dated so the story (risks-story.ts) ends just before
// ctx.now. The people are demo users (random passwords, nobody signs in as them) under the reserved
// .invalid domain.
const DAY = 86_400_000;

/** "+45" / "-9": days from now, as an ISO date. */
const rel = (now: Date, s: string) => new Date(now.getTime() + Number(s) * DAY).toISOString();

async function person(key: Person): Promise<{ id: string; editor: Editor }> {
  const p = PEOPLE[key];
  const sql = sqlOfPg(pool());
  let rows = await sql.query<{ id: string }>(`SELECT id FROM "user" WHERE email = $1`, [p.email]);
  if (!rows[0]) {
    await createUser(
      { type: "system", id: null, label: "posture demo" },
      { ...p, password: generatePassword() },
    );
    rows = await sql.query<{ id: string }>(`SELECT id FROM "user" WHERE email = $1`, [p.email]);
  }
  const actor: Actor = { type: "user", id: rows[0].id, label: `${p.email} (demo)` };
  return { id: rows[0].id, editor: { actor, userId: rows[0].id } };
}

const tx = <T>(fn: (sql: Sql) => Promise<T>) => withPgTransaction(pool(), (_c, sql) => fn(sql));

registerDemoSeeder({
  name: "risks",
  order: 90,
  async seed(ctx) {
    const sql = sqlOfPg(pool());
    const existing = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM risk WHERE demo`);
    if (existing[0].n > 0) return `${existing[0].n} demo risks already present`;
    const people = {} as Record<Person, Awaited<ReturnType<typeof person>>>;
    for (const key of Object.keys(PEOPLE) as Person[]) people[key] = await person(key);
    const now = ctx.now;
    const at = (daysAgo: number, n = 0) => new Date(now.getTime() - daysAgo * DAY + n * 60_000);
    let revisions = 0;
    for (const r of STORY) {
      const input: CreateRiskInput = {
        ...r.input,
        owner: people[r.input.owner].id,
        reviewDue: typeof r.input.reviewDue === "string" ? rel(now, r.input.reviewDue as string) : undefined,
      };
      let risk = await tx((s) =>
        createRisk(s, people[r.by].editor, input, { at: at(r.createdDaysAgo), demo: true }),
      );
      revisions++;
      for (const st of r.steps) {
        const when = at(st.daysAgo);
        const ed = people[st.by].editor;
        if (st.patch) {
          const p = { ...st.patch } as PatchRiskInput;
          if (p.acceptance)
            p.acceptance = { ...p.acceptance, expiresAt: rel(now, String(p.acceptance.expiresAt)) };
          // A past expiry cannot be requested "now"; request it as of `when` with the expiry after it.
          risk = (await tx((s) => patchRisk(s, ed, risk.id, { ...p, version: risk.version }, { at: when })))
            .risk;
        } else if (st.approve) {
          risk = (
            await tx((s) =>
              decideAcceptance(s, ed, risk.id, { version: risk.version, decision: "approve" }, { at: when }),
            )
          ).risk;
        } else if (st.review) {
          const links = await sql.query<{ id: string; ref: string; cluster: string | null }>(
            `SELECT id, ref, cluster FROM risk_link WHERE "riskId" = $1 AND kind = 'kpi'`,
            [risk.id],
          );
          const values = await evaluateKpis(links, when);
          const seen = new Map(links.map((l, i) => [l.id, values[i]]));
          risk = (
            await tx((s) =>
              reviewRisk(s, ed, risk.id, { version: risk.version, note: st.review }, seen, { at: when }),
            )
          ).risk;
        } else if (st.link) {
          const l = st.link;
          const [value] =
            l.kind === "kpi"
              ? await evaluateKpis([{ ref: l.ref, cluster: l.cluster ?? null }], when)
              : [null];
          risk = await tx((s) => addLink(s, ed, risk.id, l, when, value));
        } else if (st.expire) {
          const out = await tx((s) => expireAcceptance(s, { actor: ctx.actor, userId: null }, risk.id, when));
          if (out) risk = out.risk;
        }
        revisions++;
      }
    }
    // Daily evidence samples for the last two weeks (the worker adds one an hour from now on).
    const links = await sql.query<{ id: string; ref: string; cluster: string | null }>(
      `SELECT l.id, l.ref, l.cluster FROM risk_link l JOIN risk r ON r.id = l."riskId" WHERE r.demo AND l.kind = 'kpi'`,
    );
    for (let d = 13; d >= 0; d--) {
      const when = at(d);
      const values = await evaluateKpis(links, when);
      await sql.query(
        `INSERT INTO risk_evidence_sample ("linkId", at, value) SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::float8[])`,
        [links.map((l) => l.id), links.map(() => when), values],
      );
    }
    return `${STORY.length} risks with ${revisions} revisions, ${links.length} KPI evidence links`;
  },
  async wipe(sql) {
    const rows = await sql.query(`DELETE FROM risk WHERE demo RETURNING id`);
    await sql.query(`DELETE FROM "user" WHERE email LIKE $1`, [`%@${DEMO_DOMAIN}`]);
    return rows.length;
  },
});
