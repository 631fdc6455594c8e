// The OpenAPI 3.1 document of Posture's HTTP API, generated from the operation catalogue
// (./operations/: one file per domain) whose request schemas are the zod schemas the routes validate with (zod 4 emits
// JSON Schema 2020-12, the dialect of OpenAPI 3.1). test/openapi.test.ts validates the document and
// checks that every route file and method is in it.
import { z } from "zod";
import { VERSION } from "@/lib/config/env";
import { OPERATIONS, type Operation } from "./operations";

const ERROR_CODES: Record<string, string> = {
  "400": "Invalid input: the message names each field and what was wrong",
  "401": "No session and no valid API token",
  "403": "The role or the token's scope does not allow this",
  "404": "Not found",
  "409": "Conflict (a stale version, or a name that is taken)",
  "413": "Body larger than the limit",
  "415": "Unsupported content type",
  "422": "Nothing in the batch could be stored; the per-record reasons are in details",
  "429": "Rate limited; retry after the Retry-After header",
  "503": "The database is unavailable; retry later",
};

function jsonSchema(s: z.ZodType): Record<string, unknown> {
  const out = z.toJSONSchema(s, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

function security(op: Operation) {
  if (op.auth === "public") return [];
  // A session cookie (the browser) or a Bearer token carrying the scope.
  return [{ bearerToken: [op.auth.scope] }, { sessionCookie: [] }];
}

function operationObject(op: Operation) {
  const responses: Record<string, unknown> = {};
  for (const [code, r] of Object.entries(op.responses ?? { "200": { description: "OK" } })) {
    responses[code] = {
      description: r.description,
      ...(r.contentType || r.schema
        ? {
            content: {
              [r.contentType ?? "application/json"]: r.schema ? { schema: jsonSchema(r.schema) } : {},
            },
          }
        : {}),
    };
  }
  for (const code of op.errors ?? ["400", "401", "403"])
    responses[code] = { $ref: `#/components/responses/E${code}` };
  return {
    operationId: op.id,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [op.tag],
    security: security(op),
    ...(op.auth !== "public"
      ? { "x-posture-role": op.auth.capability, "x-posture-scope": op.auth.scope }
      : {}),
    parameters: [
      ...(op.path.match(/\{[^}]+\}/g) ?? []).map((p) => ({
        name: p.slice(1, -1),
        in: "path",
        required: true,
        schema: { type: "string" },
      })),
      ...(op.query ?? []).map((q) => ({
        name: q.name,
        in: "query",
        required: q.required ?? false,
        description: q.description,
        schema: q.schema ?? { type: "string" },
      })),
      ...(op.headers ?? []).map((h) => ({
        name: h.name,
        in: "header",
        required: false,
        description: h.description,
        schema: { type: "string" },
      })),
    ],
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content:
              "schema" in op.body
                ? { "application/json": { schema: jsonSchema(op.body.schema) } }
                : Object.fromEntries(op.body.contentTypes.map((t) => [t, { schema: { type: "string" } }])),
            ...("description" in op.body ? { description: op.body.description } : {}),
          },
        }
      : {}),
    responses,
  };
}

export function openApiDocument(serverUrl?: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    paths[op.path] ??= {};
    paths[op.path][op.method.toLowerCase()] = operationObject(op);
  }
  const errorSchema = {
    type: "object",
    required: ["error"],
    properties: {
      error: {
        type: "object",
        required: ["code", "message"],
        properties: {
          code: { type: "string", description: "A stable code, e.g. bad_request, forbidden, conflict" },
          message: { type: "string" },
          details: { description: "Per-field or per-record detail (paths, line numbers, reasons)" },
        },
      },
    },
  };
  return {
    openapi: "3.1.0",
    info: {
      title: "Posture API",
      version: VERSION,
      description:
        "Security posture of multi-cluster Kubernetes and service meshes: ingest certificates, policy decisions, " +
        "mesh telemetry and alerts; read KPIs, findings, incidents and the risk register. Authenticate with an API " +
        "token (`Authorization: Bearer pst_…`, created under Tokens) whose scopes allow the operation, and whose " +
        "owner's role does. Errors always have the shape `{error:{code,message,details?}}`.",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    tags: [...new Set(OPERATIONS.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerToken: {
          type: "http",
          scheme: "bearer",
          description: "An API token (pst_…) with the scope the operation names (ingest, read or write)",
        },
        sessionCookie: { type: "apiKey", in: "cookie", name: "better-auth.session_token" },
      },
      schemas: { Error: errorSchema },
      responses: Object.fromEntries(
        Object.entries(ERROR_CODES).map(([code, description]) => [
          `E${code}`,
          {
            description,
            content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
          },
        ]),
      ),
    },
  };
}
