// The risk register API: every route, every role, bad input, stale edits, CSV, heat map as-of.
import { describe, expect, it } from "vitest";
import { GET as kpis } from "@/app/api/v1/kpis/route";
import { POST as decide } from "@/app/api/v1/risks/[id]/acceptance/route";
import { DELETE as unlink } from "@/app/api/v1/risks/[id]/links/[linkId]/route";
import { GET as evidence, POST as link } from "@/app/api/v1/risks/[id]/links/route";
import { POST as review } from "@/app/api/v1/risks/[id]/review/route";
import { GET as revisions } from "@/app/api/v1/risks/[id]/revisions/route";
import { GET as getRisk, PATCH as patch } from "@/app/api/v1/risks/[id]/route";
import { GET as exportCsv } from "@/app/api/v1/risks/export/route";
import { GET as savedFilters, PUT as saveFilters } from "@/app/api/v1/risks/filters/route";
import { GET as heatmap } from "@/app/api/v1/risks/heatmap/route";
import { POST as importCsv } from "@/app/api/v1/risks/import/route";
import { GET as queue } from "@/app/api/v1/risks/review-queue/route";
import { POST as create, GET as list } from "@/app/api/v1/risks/route";
import { GET as getSettings, PUT as putSettings } from "@/app/api/v1/risks/settings/route";
import { SYSTEM_ACTOR } from "@/lib/audit/log";
import { pool } from "@/lib/db/pool";
import { withPgTransaction } from "@/lib/db/sql";
import { createManualIncident } from "@/lib/incidents/mutations/operator";
import { CSV_COLUMNS } from "@/lib/risks/csv";
import { sampleEvidence } from "@/lib/risks/evidence";
import { expireAcceptances } from "@/lib/risks/jobs";
import { DEFAULT_MATRIX } from "@/lib/risks/matrix";
import { call, db, makeToken, makeUser } from "./fixtures";

async function asRole(role: "viewer" | "operator" | "risk_manager" | "admin") {
  const u = await makeUser(role);
  return { ...u, token: await makeToken(u.id, ["read", "write"]) };
}

const body = (owner: string, over: Record<string, unknown> = {}) => ({
  title: "Plaintext cross-cluster traffic eu→us",
  owner,
  category: "mesh",
  clusters: ["eu-west-prod", "us-east-prod"],
  inherent: { likelihood: 4, impact: 5 },
  residual: { likelihood: 3, impact: 4 },
  target: { likelihood: 1, impact: 4 },
  ...over,
});

/** The acceptance decision (approve or reject at a version) on a risk, as the token's user. */
const decideOn = (id: string, token: string, body: { version: number; decision: string; note?: string }) =>
  call(decide, { token, params: { id }, body });
/** Version 1 → 2: the editor asks `approver` (id or email) to accept the risk for a day. */
const requestAcceptance = (id: string, token: string, approver: string) =>
  call(patch, {
    method: "PATCH",
    token,
    params: { id },
    body: {
      version: 1,
      acceptance: { approver, rationale: "r", expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
    },
  });
const count = async (table: string) =>
  (await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
const auditCount = async (action: string) =>
  (
    await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE action = $1`, [action])
  )[0].n;

describe("create and read", () => {
  it("creates with levels from the matrix and the documented body; reads it back", async () => {
    const rm = await asRole("risk_manager");
    const r = await call(create, { token: rm.token, body: body(rm.email, { confidence: "high" }) });
    expect(r.status).toBe(201);
    // 4×5 = 20 critical; 3×4 = 12 high; 1×4 = 4 low (DEFAULT_MATRIX)
    expect(r.json).toMatchObject({
      title: "Plaintext cross-cluster traffic eu→us",
      owner: rm.id,
      clusters: ["eu-west-prod", "us-east-prod"],
      inherent: { likelihood: 4, impact: 5, score: 20, level: "critical" },
      residual: { likelihood: 3, impact: 4, score: 12, level: "high" },
      target: { score: 4, level: "low" },
      confidence: "high",
      treatment: "mitigate",
      status: "open",
      acceptance: null,
      version: 1,
      aboveAppetite: true,
    });
    for (const k of ["id", "description", "category", "reviewDue", "updatedAt"])
      expect(r.json).toHaveProperty(k);
    // high → 30-day cadence from creation
    const due = new Date(r.json.reviewDue).getTime() - new Date(r.json.createdAt).getTime();
    expect(due).toBe(30 * 86_400_000);
    const v = await asRole("viewer");
    const got = await call(getRisk, { token: v.token, params: { id: r.json.id } });
    expect(got.status).toBe(200);
    expect(got.json.id).toBe(r.json.id);
    expect(
      (await call(getRisk, { token: v.token, params: { id: "00000000-0000-0000-0000-000000000000" } }))
        .status,
    ).toBe(404);
    expect((await call(getRisk, { token: v.token, params: { id: "not-a-uuid" } })).status).toBe(404);
  });

  it("bad input: scores outside 1–5, unknown owner, unknown fields → 400 by field, nothing written", async () => {
    const rm = await asRole("risk_manager");
    const before = await count("risk");
    const scores = await call(create, {
      token: rm.token,
      body: body(rm.email, { inherent: { likelihood: 6, impact: 0 } }),
    });
    expect(scores.status).toBe(400);
    expect(scores.json.error.details.map((d: { path: string }) => d.path)).toEqual([
      "inherent.likelihood",
      "inherent.impact",
    ]);
    const owner = await call(create, { token: rm.token, body: body("nobody@nowhere.test") });
    expect(owner.status).toBe(400);
    expect(owner.json.error.details[0].path).toBe("owner");
    const extra = await call(create, { token: rm.token, body: { ...body(rm.email), colour: "red" } });
    expect(extra.status).toBe(400);
    const accepted = await call(create, { token: rm.token, body: body(rm.email, { status: "accepted" }) });
    expect(accepted.status).toBe(400);
    expect(await count("risk")).toBe(before);
  });

  it("keeps HTML in titles as text (stored verbatim; pages render it escaped)", async () => {
    const rm = await asRole("risk_manager");
    const title = `<img src=x onerror="alert(1)"><script>alert(2)</script>`;
    const r = await call(create, { token: rm.token, body: body(rm.email, { title }) });
    expect(r.status).toBe(201);
    expect(r.json.title).toBe(title);
  });
});

describe("roles", () => {
  it("viewers and operators read but every write is 403 with nothing written", async () => {
    const rm = await asRole("risk_manager");
    const risk = (await call(create, { token: rm.token, body: body(rm.email) })).json;
    for (const role of ["viewer", "operator"] as const) {
      const u = await asRole(role);
      expect((await call(list, { token: u.token, path: "/api/v1/risks" })).status, role).toBe(200);
      expect((await call(revisions, { token: u.token, params: { id: risk.id } })).status).toBe(200);
      expect((await call(heatmap, { token: u.token, path: "/api/v1/risks/heatmap" })).status).toBe(200);
      expect((await call(queue, { token: u.token })).status).toBe(200);
      expect((await call(evidence, { token: u.token, params: { id: risk.id } })).status).toBe(200);
      expect(
        (await call(exportCsv, { token: u.token, path: "/api/v1/risks/export?format=csv" })).status,
      ).toBe(200);
      expect((await call(getSettings, { token: u.token })).status).toBe(200);
      const snapshot = [
        await count("risk"),
        await count("risk_revision"),
        await count("risk_link"),
        await count("audit_event"),
      ];
      const writes = [
        await call(create, { token: u.token, body: body(u.email) }),
        await call(patch, {
          method: "PATCH",
          token: u.token,
          params: { id: risk.id },
          body: { version: 1, title: "x" },
        }),
        await decideOn(risk.id, u.token, { version: 1, decision: "approve" }),
        await call(review, { token: u.token, params: { id: risk.id }, body: { version: 1 } }),
        await call(link, {
          token: u.token,
          params: { id: risk.id },
          body: { kind: "kpi", ref: "mtlsCoverage.percent" },
        }),
        await call(unlink, { method: "DELETE", token: u.token, params: { id: risk.id, linkId: risk.id } }),
        await call(importCsv, {
          token: u.token,
          body: `${CSV_COLUMNS.join(",")}\n`,
          headers: { "content-type": "text/csv" },
        }),
        await call(putSettings, { method: "PUT", token: u.token, body: DEFAULT_MATRIX }),
      ];
      expect(writes.map((w) => w.status)).toEqual(Array(writes.length).fill(403));
      expect([
        await count("risk"),
        await count("risk_revision"),
        await count("risk_link"),
        await count("audit_event"),
      ]).toEqual(snapshot);
    }
  });

  it("a read-only token of a risk manager cannot write (scope)", async () => {
    const rm = await makeUser("risk_manager");
    const t = await makeToken(rm.id, ["read"]);
    expect((await call(create, { token: t, body: body(rm.email) })).status).toBe(403);
  });

  it("admins write", async () => {
    const a = await asRole("admin");
    expect((await call(create, { token: a.token, body: body(a.email) })).status).toBe(201);
  });
});

describe("edits: versions, revisions, audit", () => {
  it("PATCH writes a revision with before/after and an audit event; the same version twice → the later one 409 with the current risk", async () => {
    const rm = await asRole("risk_manager");
    const risk = (await call(create, { token: rm.token, body: body(rm.email) })).json;
    const audits = await auditCount("risk.update");
    const first = await call(patch, {
      method: "PATCH",
      token: rm.token,
      params: { id: risk.id },
      body: { version: 1, title: "Renamed", residual: { likelihood: 2, impact: 4 } },
    });
    expect(first.status).toBe(200);
    expect(first.json.version).toBe(2);
    expect(first.json.changed).toEqual(["title", "residual"]);
    const second = await call(patch, {
      method: "PATCH",
      token: rm.token,
      params: { id: risk.id },
      body: { version: 1, description: "other edit" },
    });
    expect(second.status).toBe(409);
    expect(second.json.error.details.current).toMatchObject({ id: risk.id, version: 2, title: "Renamed" });
    const after = (await call(getRisk, { token: rm.token, params: { id: risk.id } })).json;
    expect(after.description).toBe(""); // not silently overwritten
    const revs = (await call(revisions, { token: rm.token, params: { id: risk.id } })).json.revisions;
    expect(revs.map((r: { version: number; action: string }) => [r.version, r.action])).toEqual([
      [2, "update"],
      [1, "create"],
    ]);
    expect(revs[0].before.title).toBe(body(rm.email).title);
    expect(revs[0].after.title).toBe("Renamed");
    expect(revs[0].after.residual).toEqual({ likelihood: 2, impact: 4 });
    expect(revs[0].actorId).toBe(rm.id);
    expect(await auditCount("risk.update")).toBe(audits + 1);
  });

  it("two concurrent saves of the same version: exactly one wins, the other is told it is stale", async () => {
    const rm = await asRole("risk_manager");
    const risk = (await call(create, { token: rm.token, body: body(rm.email) })).json;
    const [a, b] = await Promise.all([
      call(patch, {
        method: "PATCH",
        token: rm.token,
        params: { id: risk.id },
        body: { version: 1, title: "A" },
      }),
      call(patch, {
        method: "PATCH",
        token: rm.token,
        params: { id: risk.id },
        body: { version: 1, title: "B" },
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? "A" : "B";
    const now = (await call(getRisk, { token: rm.token, params: { id: risk.id } })).json;
    expect(now).toMatchObject({ title: winner, version: 2 });
    expect(
      await db().query(`SELECT version FROM risk_revision WHERE "riskId" = $1 ORDER BY version`, [risk.id]),
    ).toEqual([{ version: 1 }, { version: 2 }]);
  });

  it("PATCH bad input: no version 400, scores outside 1–5 400, unknown owner 400, status accepted 400, unknown risk 404", async () => {
    const rm = await asRole("risk_manager");
    const risk = (await call(create, { token: rm.token, body: body(rm.email) })).json;
    const p = (b: object) =>
      call(patch, { method: "PATCH", token: rm.token, params: { id: risk.id }, body: b });
    expect((await p({ title: "x" })).status).toBe(400);
    expect((await p({ version: 1, residual: { likelihood: 3, impact: 9 } })).json.error.details[0].path).toBe(
      "residual.impact",
    );
    expect((await p({ version: 1, owner: "ghost@x.test" })).json.error.details[0].path).toBe("owner");
    expect((await p({ version: 1, status: "accepted" })).status).toBe(400);
    expect(
      (
        await call(patch, {
          method: "PATCH",
          token: rm.token,
          params: { id: "00000000-0000-0000-0000-000000000000" },
          body: { version: 1 },
        })
      ).status,
    ).toBe(404);
    expect((await call(getRisk, { token: rm.token, params: { id: risk.id } })).json.version).toBe(1);
  });
});

describe("acceptance workflow", () => {
  it("needs an approver other than the editor; the approver approves; a material change asks again; expiry reopens with history", async () => {
    const editor = await asRole("risk_manager");
    const approver = await asRole("admin");
    const viewer = await asRole("viewer");
    const risk = (await call(create, { token: editor.token, body: body(editor.email) })).json;
    const p = (b: object, t = editor.token) =>
      call(patch, { method: "PATCH", token: t, params: { id: risk.id }, body: b });
    const future = new Date(Date.now() + 90 * 86_400_000).toISOString();
    const self = await p({
      version: 1,
      acceptance: { approver: editor.email, rationale: "ok", expiresAt: future },
    });
    expect(self.status).toBe(400);
    expect(self.json.error.details[0].path).toBe("acceptance.approver");
    expect(
      (await p({ version: 1, acceptance: { approver: viewer.email, rationale: "ok", expiresAt: future } }))
        .status,
    ).toBe(400);
    const past = await p({
      version: 1,
      acceptance: { approver: approver.email, rationale: "ok", expiresAt: "2020-01-01" },
    });
    expect(past.json.error.details[0].path).toBe("acceptance.expiresAt");

    const req = await p({
      version: 1,
      acceptance: {
        approver: approver.email,
        rationale: "Compensating control: egress gateway denies",
        expiresAt: future,
      },
    });
    expect(req.status).toBe(200);
    expect(req.json.acceptance).toMatchObject({
      approver: approver.id,
      state: "pending",
      requestedBy: editor.id,
    });
    expect(req.json.status).toBe("open");

    // The requester cannot approve; the approver can.
    expect((await decideOn(risk.id, editor.token, { version: 2, decision: "approve" })).status).toBe(403);
    const ok = await decideOn(risk.id, approver.token, { version: 2, decision: "approve" });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({
      status: "accepted",
      treatment: "accept",
      acceptance: { state: "approved" },
    });

    // Same score, L and I swapped (3×4 → 4×3): not material, stays accepted.
    const swap = await p({ version: 3, residual: { likelihood: 4, impact: 3 } });
    expect(swap.json.status).toBe("accepted");
    // Score up (4×4): re-approval.
    const worse = await p({ version: 4, residual: { likelihood: 4, impact: 4 } });
    expect(worse.json).toMatchObject({ status: "open", acceptance: { state: "pending" } });
    const revs = (await call(revisions, { token: editor.token, params: { id: risk.id } })).json.revisions;
    expect(revs[0].note).toMatch(/re-approval/);
    const again = await decideOn(risk.id, approver.token, { version: 5, decision: "approve" });
    expect(again.json.status).toBe("accepted");

    // Expiry (run the job as of a time after expiresAt): reopened, and the history says so.
    const n = await expireAcceptances(new Date(Date.now() + 91 * 86_400_000));
    expect(n).toBeGreaterThanOrEqual(1);
    const now = (await call(getRisk, { token: editor.token, params: { id: risk.id } })).json;
    expect(now).toMatchObject({ status: "open", acceptance: { state: "expired" }, version: 7 });
    const last = (await call(revisions, { token: editor.token, params: { id: risk.id } })).json.revisions[0];
    expect(last).toMatchObject({
      action: "acceptance.expire",
      actorType: "system",
      changed: ["status", "acceptance"],
    });
    expect(last.note).toMatch(/expired on .*open again/);
    expect(await expireAcceptances(new Date(Date.now() + 91 * 86_400_000))).toBe(0);
  });

  it("a CSV import cannot slip a material change past an approved acceptance", async () => {
    const editor = await asRole("risk_manager");
    const approver = await asRole("risk_manager");
    const tag = `acc-${Date.now()}`;
    const risk = (await call(create, { token: editor.token, body: body(editor.email, { clusters: [tag] }) }))
      .json;
    await requestAcceptance(risk.id, editor.token, approver.email);
    const ok = await decideOn(risk.id, approver.token, { version: 2, decision: "approve" });
    expect(ok.json.status).toBe("accepted");
    const csv = (
      await call(exportCsv, { token: editor.token, path: `/api/v1/risks/export?format=csv&cluster=${tag}` })
    ).json as string;
    // residualLikelihood,residualImpact 3,4 → 5,5 in the one data row
    const edited = csv.replace(",4,5,3,4,1,4,", ",4,5,5,5,1,4,");
    expect(edited).not.toBe(csv);
    const r = await call(importCsv, {
      token: editor.token,
      body: edited,
      headers: { "content-type": "text/csv" },
    });
    expect(r.json).toMatchObject({ updated: 1 });
    const now = (await call(getRisk, { token: editor.token, params: { id: risk.id } })).json;
    expect(now).toMatchObject({ status: "open", residual: { score: 25 }, acceptance: { state: "pending" } });
  });

  it("the approver can reject; a decision on a stale version is 409", async () => {
    const editor = await asRole("risk_manager");
    const approver = await asRole("risk_manager");
    const risk = (await call(create, { token: editor.token, body: body(editor.email) })).json;
    await requestAcceptance(risk.id, editor.token, approver.id);
    expect((await decideOn(risk.id, approver.token, { version: 1, decision: "approve" })).status).toBe(409);
    const no = await decideOn(risk.id, approver.token, {
      version: 2,
      decision: "reject",
      note: "not without a control",
    });
    expect(no.json).toMatchObject({ acceptance: null, status: "open" });
  });
});

describe("filters, sort, paging, export, import", () => {
  it("filters by status, level, owner, cluster, overdue, above appetite and cell; sorts; pages", async () => {
    const a = await asRole("risk_manager");
    const b = await asRole("risk_manager");
    const tag = `c-${Date.now()}`;
    const mk = (over: Record<string, unknown>) =>
      call(create, { token: a.token, body: body(a.email, { clusters: [tag], ...over }) });
    const low = (await mk({ title: "low", residual: { likelihood: 1, impact: 2 } })).json; // 2: low
    const high = (await mk({ title: "high", residual: { likelihood: 4, impact: 4 } })).json;
    const crit = (
      await mk({
        title: "crit",
        owner: b.email,
        residual: { likelihood: 5, impact: 5 },
        reviewDue: "2020-01-01",
      })
    ).json;
    const closed = (await mk({ title: "closed", status: "closed", reviewDue: "2020-01-01" })).json;
    const q = async (s: string) =>
      (await call(list, { token: a.token, path: `/api/v1/risks?cluster=${tag}&${s}` })).json;
    const titles = async (s: string) => (await q(s)).risks.map((r: { title: string }) => r.title);
    expect(await titles("sort=title")).toEqual(["closed", "crit", "high", "low"]);
    // crit 25 critical, high 16 high, closed 12 high (the level filter does not exclude closed risks)
    expect(await titles("level=high,critical&sort=-residualScore")).toEqual(["crit", "high", "closed"]);
    expect(await titles(`owner=${b.email}`)).toEqual(["crit"]);
    expect(await titles(`owner=${b.id}`)).toEqual(["crit"]);
    expect(await titles("overdue=true")).toEqual(["crit"]); // the closed one is not overdue
    expect(await titles("aboveAppetite=true&sort=title")).toEqual(["crit", "high"]);
    expect(await titles("status=closed")).toEqual(["closed"]);
    expect(await titles("likelihood=4&impact=4")).toEqual(["high"]);
    const page = await q("sort=title&pageSize=2&page=2");
    expect(page).toMatchObject({ total: 4, page: 2, pageSize: 2 });
    expect(page.risks.map((r: { title: string }) => r.title)).toEqual(["high", "low"]);
    expect((await call(list, { token: a.token, path: "/api/v1/risks?level=nope" })).status).toBe(400);
    expect((await call(list, { token: a.token, path: "/api/v1/risks?sort=evil;drop" })).status).toBe(400);
    void low;
    void high;
    void crit;
    void closed;
  });

  it("exports the filtered list with formula cells escaped; the export imports back unchanged (round trip)", async () => {
    const rm = await asRole("risk_manager");
    const tag = `x-${Date.now()}`;
    await call(create, {
      token: rm.token,
      body: body(rm.email, { title: "=cmd|' /C calc'!A0", description: "@SUM(1)", clusters: [tag] }),
    });
    await call(create, {
      token: rm.token,
      body: body(rm.email, { title: 'plain, with "quotes"\nand a newline', clusters: [tag] }),
    });
    const ex = await call(exportCsv, {
      token: rm.token,
      path: `/api/v1/risks/export?format=csv&cluster=${tag}&sort=title`,
    });
    expect(ex.status).toBe(200);
    expect(ex.res.headers.get("content-type")).toMatch(/text\/csv/);
    // The file name says which filter the export applied.
    expect(ex.res.headers.get("content-disposition")).toMatch(
      new RegExp(`filename="risks-\\d{4}-\\d{2}-\\d{2}-cluster-${tag}\\.csv"`),
    );
    const text = ex.json as string;
    expect(text).toContain(`,'=cmd|' /C calc'!A0,`);
    expect(text).toContain("'@SUM(1)");
    expect(text.split("\n")[0]).toMatch(/^id,version,title,/);
    expect(text.trim().split("\n").length).toBe(1 + 2 + 1); // header, 2 rows, one of them spans 2 lines
    const revs = await count("risk_revision");
    const back = await call(importCsv, {
      token: rm.token,
      body: text,
      headers: { "content-type": "text/csv" },
    });
    expect(back.status).toBe(201);
    expect(back.json).toEqual({ rows: 2, created: 0, updated: 0, unchanged: 2 });
    expect(await count("risk_revision")).toBe(revs);
    const titles = (
      await call(list, { token: rm.token, path: `/api/v1/risks?cluster=${tag}&sort=title` })
    ).json.risks.map((r: { title: string }) => r.title);
    expect(titles).toEqual(["=cmd|' /C calc'!A0", 'plain, with "quotes"\nand a newline']);
    // An edited export updates; a stale version in the file is a row error.
    const edited = text.replace("plain, with", "edited, with");
    const up = await call(importCsv, {
      token: rm.token,
      body: edited,
      headers: { "content-type": "text/csv" },
    });
    expect(up.json).toMatchObject({ updated: 1, unchanged: 1 });
    const stale = await call(importCsv, {
      token: rm.token,
      body: edited.replace("edited, with", "again, with"),
      headers: { "content-type": "text/csv" },
    });
    expect(stale.status).toBe(422);
    expect(stale.json.error.details.errors[0]).toMatchObject({ column: "version" });
  });

  it("a 50,000-row CSV with one bad row is refused whole with the row's line; the same file fixed imports all 50,000", async () => {
    const rm = await asRole("risk_manager");
    const header = CSV_COLUMNS.join(",");
    const line = (i: number, l = 3) =>
      `,,Risk ${i},generated,bulk,${rm.email},bulk-${i % 3},${l},4,2,4,1,4,medium,mitigate,open,2027-01-01`;
    const rows = Array.from({ length: 50_000 }, (_, i) => line(i));
    rows[31_337] = line(31_337, 7); // likelihood 7
    const before = [await count("risk"), await count("risk_revision"), await auditCount("risk.import")];
    const bad = await call(importCsv, {
      token: rm.token,
      body: `${header}\n${rows.join("\n")}\n`,
      headers: { "content-type": "text/csv" },
    });
    expect(bad.status).toBe(422);
    // header is line 1, row index 31337 is line 31339
    expect(bad.json.error.details).toEqual({
      errorCount: 1,
      errors: [{ line: 31_339, column: "inherentLikelihood", message: "must be a whole number from 1 to 5" }],
    });
    expect([await count("risk"), await count("risk_revision"), await auditCount("risk.import")]).toEqual(
      before,
    );
    rows[31_337] = line(31_337);
    const t0 = Date.now();
    const good = await call(importCsv, {
      token: rm.token,
      body: `${header}\n${rows.join("\n")}\n`,
      headers: { "content-type": "text/csv" },
    });
    console.log(`[risks] 50,000-row import: ${Date.now() - t0} ms`);
    expect(good.status).toBe(201);
    expect(good.json).toEqual({ rows: 50_000, created: 50_000, updated: 0, unchanged: 0 });
    expect(await count("risk")).toBe(before[0] + 50_000);
    expect(await count("risk_revision")).toBe(before[1] + 50_000);
    expect(await auditCount("risk.import")).toBe(before[2] + 1);
    // Clean up so the other tests' counts stay small.
    await db().query(`DELETE FROM risk WHERE category = 'bulk'`);
  }, 120_000);

  it("import refuses an unknown owner and an accepted status row by row, and a non-CSV body", async () => {
    const rm = await asRole("risk_manager");
    const header = CSV_COLUMNS.join(",");
    const text = `${header}\n,,A,,,ghost@x.test,,3,3,3,3,3,3,low,mitigate,open,\n,,B,,,${rm.email},,3,3,3,3,3,3,low,accept,accepted,\n`;
    const r = await call(importCsv, { token: rm.token, body: text, headers: { "content-type": "text/csv" } });
    expect(r.status).toBe(422);
    expect(
      r.json.error.details.errors.map((e: { line: number; column: string }) => [e.line, e.column]),
    ).toEqual([
      [2, "owner"],
      [3, "status"],
    ]);
    expect((await call(importCsv, { token: rm.token, body: { a: 1 } })).status).toBe(415);
  });
});

describe("heat map as of a date", () => {
  it("counts per cell as the register stood at that instant, from the revisions", async () => {
    const rm = await asRole("risk_manager");
    const tag = `h-${Date.now()}`;
    const mk = (over: Record<string, unknown>) =>
      call(create, { token: rm.token, body: body(rm.email, { clusters: [tag], ...over }) });
    const r1 = (await mk({ residual: { likelihood: 3, impact: 4 } })).json;
    const r2 = (await mk({ residual: { likelihood: 2, impact: 2 } })).json;
    await new Promise((r) => setTimeout(r, 20));
    const t1 = new Date();
    // The register at t1, as the list showed it:
    const listed = (await call(list, { token: rm.token, path: `/api/v1/risks?cluster=${tag}&pageSize=500` }))
      .json.risks;
    await new Promise((r) => setTimeout(r, 20));
    await call(patch, {
      method: "PATCH",
      token: rm.token,
      params: { id: r1.id },
      body: { version: 1, residual: { likelihood: 5, impact: 5 } },
    });
    await call(patch, {
      method: "PATCH",
      token: rm.token,
      params: { id: r2.id },
      body: { version: 1, status: "closed" },
    });
    await mk({ residual: { likelihood: 1, impact: 1 } });

    const cellsOf = (h: { cells: { likelihood: number; impact: number; count: number }[] }) =>
      Object.fromEntries(h.cells.filter((c) => c.count).map((c) => [`${c.likelihood}x${c.impact}`, c.count]));
    const fromList = (rs: { residual: { likelihood: number; impact: number }; status: string }[]) => {
      const out: Record<string, number> = {};
      for (const r of rs.filter((x) => x.status !== "closed"))
        out[`${r.residual.likelihood}x${r.residual.impact}`] =
          (out[`${r.residual.likelihood}x${r.residual.impact}`] ?? 0) + 1;
      return out;
    };
    const past = (
      await call(heatmap, {
        token: rm.token,
        path: `/api/v1/risks/heatmap?cluster=${tag}&asOf=${t1.toISOString()}`,
      })
    ).json;
    expect(cellsOf(past)).toEqual(fromList(listed));
    expect(cellsOf(past)).toEqual({ "3x4": 1, "2x2": 1 });
    const nowMap = (await call(heatmap, { token: rm.token, path: `/api/v1/risks/heatmap?cluster=${tag}` }))
      .json;
    expect(cellsOf(nowMap)).toEqual({ "5x5": 1, "1x1": 1 });
    const nowList = (await call(list, { token: rm.token, path: `/api/v1/risks?cluster=${tag}&pageSize=500` }))
      .json.risks;
    expect(cellsOf(nowMap)).toEqual(fromList(nowList));
    const before = (
      await call(heatmap, { token: rm.token, path: `/api/v1/risks/heatmap?cluster=${tag}&asOf=2020-01-01` })
    ).json;
    expect(before.total).toBe(0);
    expect(past.cells).toHaveLength(25);
    expect(
      (await call(heatmap, { token: rm.token, path: "/api/v1/risks/heatmap?asOf=yesterday" })).status,
    ).toBe(400);
  });
});

describe("reviews, evidence, KPIs, settings, saved filters", () => {
  it("review queue lists overdue and due-soon risks and pending acceptances; a review moves the due date by cadence", async () => {
    const rm = await asRole("risk_manager");
    const other = await asRole("risk_manager");
    const soon = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const overdue = (
      await call(create, {
        token: rm.token,
        body: body(rm.email, { title: "q-overdue", reviewDue: "2021-01-01" }),
      })
    ).json;
    const dueSoon = (
      await call(create, { token: rm.token, body: body(rm.email, { title: "q-soon", reviewDue: soon }) })
    ).json;
    const pend = (
      await call(create, {
        token: rm.token,
        body: body(rm.email, { title: "q-pending", reviewDue: "2099-01-01" }),
      })
    ).json;
    await call(patch, {
      method: "PATCH",
      token: rm.token,
      params: { id: pend.id },
      body: { version: 1, acceptance: { approver: other.email, rationale: "r", expiresAt: "2099-01-01" } },
    });
    const q = (await call(queue, { token: rm.token })).json;
    const ids = (xs: { risk: { id: string } }[]) => xs.map((x) => x.risk.id);
    expect(ids(q.overdue)).toContain(overdue.id);
    expect(ids(q.dueSoon)).toContain(dueSoon.id);
    expect(ids(q.acceptances)).toContain(pend.id);
    expect(ids(q.overdue)).not.toContain(dueSoon.id);

    const t0 = Date.now();
    const rev = await call(review, {
      token: rm.token,
      params: { id: overdue.id },
      body: { version: 1, note: "Checked the egress policy" },
    });
    expect(rev.status).toBe(200);
    expect(rev.json.reviewOverdue).toBe(false);
    // residual 3×4 high → 30 days from the review
    const next = new Date(rev.json.reviewDue).getTime() - new Date(rev.json.lastReviewedAt).getTime();
    expect(next).toBe(30 * 86_400_000);
    expect(new Date(rev.json.lastReviewedAt).getTime()).toBeGreaterThanOrEqual(t0 - 1000);
    const q2 = (await call(queue, { token: rm.token })).json;
    expect(ids(q2.overdue)).not.toContain(overdue.id);
  });

  it("links KPI and finding evidence, flags a threshold, remembers the reviewed value, and unlinks; bad refs are 400", async () => {
    const rm = await asRole("risk_manager");
    const risk = (await call(create, { token: rm.token, body: body(rm.email) })).json;
    const bad = await call(link, {
      token: rm.token,
      params: { id: risk.id },
      body: { kind: "kpi", ref: "mtlsCoverage.nope" },
    });
    expect(bad.status).toBe(400);
    expect(
      (
        await call(link, {
          token: rm.token,
          params: { id: risk.id },
          body: { kind: "finding", ref: "00000000-0000-0000-0000-000000000000" },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call(link, {
          token: rm.token,
          params: { id: risk.id },
          body: { kind: "kpi", ref: "risks.open", threshold: 1 },
        })
      ).status,
    ).toBe(400);
    const f = await db().query<{ id: string }>(
      `INSERT INTO finding (rule, severity, "subjectKey", title, "startedAt", "detectedAt", "lastSeenAt") VALUES ('plaintext', 'high', $1, 'Plaintext eu→us', now(), now(), now()) RETURNING id`,
      [`s-${Date.now()}`],
    );
    // risks.open counts open risks, so it is a KPI that is certainly > 0 here.
    const k = await call(link, {
      token: rm.token,
      params: { id: risk.id },
      body: { kind: "kpi", ref: "risks.open", threshold: 0, direction: "above", label: "open risks" },
    });
    expect(k.status).toBe(201);
    expect(k.json.version).toBe(2);
    const fl = await call(link, {
      token: rm.token,
      params: { id: risk.id },
      body: { kind: "finding", ref: f[0].id },
    });
    expect(fl.status).toBe(201);
    const unknownIncident = await call(link, {
      token: rm.token,
      params: { id: risk.id },
      body: { kind: "incident", ref: "00000000-0000-4000-8000-000000000042" },
    });
    expect(unknownIncident.status).toBe(400);
    const incident = await withPgTransaction(pool(), (_c, sql) =>
      createManualIncident(sql, SYSTEM_ACTOR, {
        title: "Plaintext calls eu→us",
        severity: "high",
        clusterId: null,
        namespace: null,
        workload: null,
      }),
    );
    const inc = await call(link, {
      token: rm.token,
      params: { id: risk.id },
      body: { kind: "incident", ref: incident.id },
    });
    expect(inc.status).toBe(201);
    expect(
      (
        await call(link, {
          token: rm.token,
          params: { id: risk.id },
          body: { kind: "incident", ref: incident.id },
        })
      ).status,
    ).toBe(409);
    const ev = (await call(evidence, { token: rm.token, params: { id: risk.id } })).json.evidence;
    const kpi = ev.find((e: { kind: string }) => e.kind === "kpi");
    const openNow = (await call(kpis, { token: rm.token, path: "/api/v1/kpis" })).json.risks.open;
    expect(kpi).toMatchObject({
      ref: "risks.open",
      value: openNow,
      flagged: true,
      reviewedValue: null,
      movedSinceReview: false,
    });
    expect(kpi.samples).toHaveLength(1);
    expect(ev.find((e: { kind: string }) => e.kind === "finding")).toMatchObject({
      title: "Plaintext eu→us",
      status: "open",
      severity: "high",
      flagged: true,
    });
    // The hourly job adds one sample per KPI link of every risk that is not closed.
    const links = (
      await db().query<{ n: number }>(
        `SELECT count(*)::int AS n FROM risk_link l JOIN risk r ON r.id = l."riskId" WHERE l.kind = 'kpi' AND r.status <> 'closed'`,
      )
    )[0].n;
    expect(await sampleEvidence(db())).toBe(links);
    const samples = await db().query<{ value: number }>(
      `SELECT value FROM risk_evidence_sample WHERE "linkId" = $1 ORDER BY at`,
      [kpi.id],
    );
    expect(samples).toHaveLength(2);
    expect(samples[1].value).toBe(openNow);
    const rv = await call(review, { token: rm.token, params: { id: risk.id }, body: { version: 4 } });
    expect(rv.status).toBe(200);
    const ev2 = (await call(evidence, { token: rm.token, params: { id: risk.id } })).json.evidence;
    expect(ev2.find((e: { kind: string }) => e.kind === "kpi").reviewedValue).toBe(openNow);
    const revs = (await call(revisions, { token: rm.token, params: { id: risk.id } })).json.revisions;
    expect(revs.map((r: { action: string }) => r.action)).toEqual([
      "review",
      "link",
      "link",
      "link",
      "create",
    ]);
    expect(revs[1].changed).toEqual(["links"]);
    const del = await call(unlink, {
      method: "DELETE",
      token: rm.token,
      params: { id: risk.id, linkId: kpi.id },
    });
    expect(del.status).toBe(200);
    expect(await db().query(`SELECT 1 FROM risk_evidence_sample WHERE "linkId" = $1`, [kpi.id])).toHaveLength(
      0,
    );
  });

  it("GET /api/v1/kpis risks {open, aboveAppetite, overdueReview} match the register, also per cluster", async () => {
    const rm = await asRole("risk_manager");
    const tag = `k-${Date.now()}`;
    const mk = (over: Record<string, unknown>) =>
      call(create, { token: rm.token, body: body(rm.email, { clusters: [tag], ...over }) });
    await mk({ residual: { likelihood: 4, impact: 4 } }); // open, above appetite
    await mk({ residual: { likelihood: 1, impact: 1 }, status: "treating", reviewDue: "2021-01-01" }); // open, overdue
    await mk({ residual: { likelihood: 5, impact: 5 }, status: "closed", reviewDue: "2021-01-01" }); // closed: nothing
    const r = (await call(kpis, { token: rm.token, path: `/api/v1/kpis?cluster=${tag}` })).json;
    expect(r.risks).toEqual({ open: 2, aboveAppetite: 1, overdueReview: 1 });
    const all = (await call(kpis, { token: rm.token, path: "/api/v1/kpis" })).json.risks;
    const listed = (
      await call(list, { token: rm.token, path: "/api/v1/risks?status=open,treating&pageSize=1" })
    ).json.total;
    expect(all.open).toBe(listed);
  });

  it("the matrix setting is validated and audited, and re-levels risks", async () => {
    const admin = await asRole("admin");
    const bad = await call(putSettings, {
      method: "PUT",
      token: admin.token,
      body: { ...DEFAULT_MATRIX, appetite: "nope" },
    });
    expect(bad.status).toBe(400);
    const audits = await auditCount("setting.update");
    const strict = { ...DEFAULT_MATRIX, appetite: "low" };
    const ok = await call(putSettings, { method: "PUT", token: admin.token, body: strict });
    expect(ok.status).toBe(200);
    expect(await auditCount("setting.update")).toBe(audits + 1);
    const r = (
      await call(create, {
        token: admin.token,
        body: body(admin.email, { residual: { likelihood: 3, impact: 3 } }),
      })
    ).json;
    expect(r.aboveAppetite).toBe(true); // medium > low
    await call(putSettings, { method: "PUT", token: admin.token, body: DEFAULT_MATRIX });
    expect((await call(getRisk, { token: admin.token, params: { id: r.id } })).json.aboveAppetite).toBe(
      false,
    );
  });

  it("saves filters per user, normalised; viewers may save their own", async () => {
    const v = await asRole("viewer");
    const s = await call(saveFilters, {
      method: "PUT",
      token: v.token,
      body: { query: "overdue=true&status=open&junk=1" },
    });
    expect(s.status).toBe(200);
    expect(s.json.query).toBe("status=open&overdue=true");
    expect((await call(savedFilters, { token: v.token })).json.query).toBe("status=open&overdue=true");
    expect(
      (await call(saveFilters, { method: "PUT", token: v.token, body: { query: "status=nope" } })).status,
    ).toBe(400);
  });
});
