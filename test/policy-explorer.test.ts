// GET /api/v1/policy/decisions: filters, time bounds, keyset paging, bad parameters → 400, roles.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as decisionsRoute } from "@/app/api/v1/policy/decisions/route";
import { rebuildRollups } from "@/lib/policy/mutations";
import { call, db, makeToken, makeUser, tokenFor } from "./fixtures";
import { postIngest } from "./post-ingest";

const fixture = (f: string) => readFileSync(`lib/demo/fixtures/policy/${f}`, "utf8");
let read: string;
const batches: string[] = [];
const DAY = "from=2025-06-15T00:00:00Z&to=2025-06-16T00:00:00Z";

beforeAll(async () => {
  const op = await tokenFor("operator");
  for (const [format, file] of [
    ["opa", "opa-decisions.jsonl"],
    ["envoy-accesslog", "istio-accesslog-denies.jsonl"],
    ["hubble", "hubble-flows.jsonl"],
  ]) {
    const r = await postIngest(op, `policy?format=${format}`, fixture(file));
    batches.push(r.json.batchId);
  }
  const viewer = await makeUser("viewer");
  read = await makeToken(viewer.id, ["read"]);
});

// Leave the shared test database as found: other files ingest the same samples and pin their counts.
afterAll(async () => {
  await db().query(`DELETE FROM ingest_batch WHERE id = ANY($1::uuid[])`, [batches]);
  await rebuildRollups(db(), new Date("2025-06-15T00:00:00Z"), new Date("2025-06-16T00:00:00Z"));
});

const get = (q: string, token = read) =>
  call(decisionsRoute, { path: `/api/v1/policy/decisions?${q}`, token });

describe("decision explorer API", () => {
  it("filters by cluster, engine, result, subject and target", async () => {
    const denies = await get(`${DAY}&result=deny&limit=200`);
    expect(denies.status).toBe(200);
    expect(denies.json.decisions.length).toBe(25);
    const euOpa = await get(`${DAY}&cluster=eu-west-prod&engine=opa&limit=200`);
    expect(euOpa.json.decisions.length).toBe(11);
    const pair = await get(
      `${DAY}&result=deny&subject=eu-west-prod/shop/frontend&target=us-east-prod/ledger/ledger-db`,
    );
    expect(pair.json.decisions.map((d: { decisionId: string }) => d.decisionId).sort()).toEqual([
      "2274ea18-1e34-43f1-ac3f-bf4dc20ef164",
      "32d03fdd-a123-4501-90f5-380e12b2a414",
      "36a80bdf-0023-4682-af55-70eed8e94b15",
      "82450164-728a-4fcf-b03a-07b28f2df760",
    ]);
    expect((await get(`${DAY}&cluster=no-such-cluster`)).json.decisions).toEqual([]);
  });

  it("pages newest first with a cursor, without gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await get(`${DAY}&limit=7${cursor ? `&cursor=${cursor}` : ""}`);
      expect(r.status).toBe(200);
      seen.push(
        ...r.json.decisions.map(
          (d: { time: string; engine: string; decisionId: string }) =>
            `${d.time}|${d.engine}|${d.decisionId}`,
        ),
      );
      cursor = r.json.next;
      pages++;
    } while (cursor && pages < 20);
    expect(seen.length).toBe(40);
    expect(new Set(seen).size).toBe(40);
    expect([...seen].sort().reverse()).toEqual(seen);
    expect(pages).toBe(6);
  });

  it("the time window is half-open and bounded", async () => {
    // 09:12:41.773 (OPA 7d2c) is the first decision at or after 09:12:41.773; 09:12:41.772 (Envoy 6e1a) is before.
    const r = await get("from=2025-06-15T09:12:41.773Z&to=2025-06-15T09:12:43.019Z");
    expect(r.json.decisions.map((d: { decisionId: string }) => d.decisionId)).toEqual([
      "7d2caf82-eeea-4be2-a6e8-75555790f82e",
    ]);
    expect((await get("from=2025-06-01T00:00:00Z&to=2025-07-15T00:00:00Z")).status).toBe(400);
    expect((await get("from=2025-06-16T00:00:00Z&to=2025-06-15T00:00:00Z")).status).toBe(400);
  });

  it("bad parameters are 400s, never 500s", async () => {
    for (const q of [
      "engine=nope",
      "result=maybe",
      "limit=0",
      "limit=100000",
      "cursor=garbage",
      "from=notadate",
    ]) {
      const r = await get(`${q}`);
      expect(r.status, q).toBe(400);
    }
  });

  it("needs a session or a token with the read scope", async () => {
    expect((await call(decisionsRoute, { path: "/api/v1/policy/decisions" })).status).toBe(401);
    const ingestOnly = await tokenFor("operator", ["ingest"]);
    expect((await get(DAY, ingestOnly)).status).toBe(403);
  });
});
