// GET /api/v1/openapi.json: a valid OpenAPI 3.1 document (checked with a JSON-Schema based validator of the
// specification) that holds every route file and method of the API, with auth and error shapes.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { GET as openapiRoute } from "@/app/api/v1/openapi.json/route";
import { call, tokenFor } from "./fixtures";

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) return routeFiles(p);
    return e === "route.ts" ? [p] : [];
  });
}

/** app/api/v1/risks/[id]/links/[linkId]/route.ts → /api/v1/risks/{id}/links/{linkId} */
function urlPath(file: string): string {
  return `/${path.dirname(path.relative("app", file))}`.replace(/\[([^\]]+)\]/g, "{$1}");
}

describe("OpenAPI document", () => {
  it("is served to API clients and validates as OpenAPI 3.1", async () => {
    const token = await tokenFor("viewer", ["read"]);
    expect((await call(openapiRoute, { path: "/api/v1/openapi.json" })).status).toBe(401);
    const r = await call(openapiRoute, { path: "/api/v1/openapi.json", token });
    expect(r.status).toBe(200);
    const v = new Validator();
    const res = await v.validate(r.json);
    expect(res.errors ?? []).toEqual([]);
    expect(res.valid).toBe(true);
    expect(v.version).toBe("3.1");
  });

  it("lists every route file and method, with the body schema of the route", async () => {
    const token = await tokenFor("viewer", ["read"]);
    const doc = (await call(openapiRoute, { path: "/api/v1/openapi.json", token })).json;
    const files = [...routeFiles("app/api/v1"), "app/api/health/route.ts", "app/metrics/route.ts"];
    const missing: string[] = [];
    for (const f of files) {
      const methods = [
        ...readFileSync(f, "utf8").matchAll(/^export const (GET|POST|PUT|PATCH|DELETE)\b/gm),
      ].map((m) => m[1]);
      for (const m of methods)
        if (!doc.paths[urlPath(f)]?.[m.toLowerCase()]) missing.push(`${m} ${urlPath(f)}`);
    }
    expect(missing).toEqual([]);
    // Nothing documented that does not exist.
    const known = new Set(files.map(urlPath));
    expect(Object.keys(doc.paths).filter((p) => !known.has(p))).toEqual([]);
    // Bodies come from the routes' zod schemas: the channel body names its kinds and required fields.
    const channel =
      doc.paths["/api/v1/notifications/channels"].post.requestBody.content["application/json"].schema;
    expect(channel.properties.kind.enum).toEqual(["webhook", "slack", "teams", "email"]);
    expect(channel.required).toEqual(expect.arrayContaining(["name", "kind", "config"]));
    // Auth and errors are described.
    expect(doc.components.securitySchemes.bearerToken.scheme).toBe("bearer");
    expect(doc.paths["/api/v1/risks"].post.security).toEqual([
      { bearerToken: ["write"] },
      { sessionCookie: [] },
    ]);
    expect(doc.paths["/api/v1/risks/{id}"].patch.responses["409"].$ref).toBe("#/components/responses/E409");
  });
});
