// What an operation of the catalogue says, and the builders that write the common shapes once: a read
// (GET, every role), a create (201 {id}), a change with a body, a delete (204). Each domain's file lists
// its operations with them (./index.ts gathers the files).
import type { z } from "zod";
import { READ, type Requirement } from "@/lib/auth/roles";

export interface QueryParam {
  name: string;
  description: string;
  required?: boolean;
  schema?: Record<string, unknown>;
}

export interface Operation {
  id: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  tag: string;
  summary: string;
  description?: string;
  auth: Requirement | "public";
  body?: { schema: z.ZodType } | { contentTypes: string[]; description: string };
  query?: QueryParam[];
  headers?: { name: string; description: string }[];
  responses?: Record<string, { description: string; schema?: z.ZodType; contentType?: string }>;
  /** Error statuses; by default 400, 401, 403 (lib/openapi/document.ts). */
  errors?: string[];
}

/** Anything an operation says beyond its method, id, path and summary. */
export type Details = Partial<Omit<Operation, "id" | "method" | "path" | "summary" | "tag">>;

type Change = "POST" | "PUT" | "PATCH";

/** The usual error statuses plus the given ones (e.g. errors("404", "409") for a stale update). */
export const errors = (...more: string[]): string[] => ["400", "401", "403", ...more];

export const CREATED = { "201": { description: "Created: {id}" } };
export const NO_CONTENT = { "204": { description: "Deleted" } };
export const CSV = { "200": { description: "CSV", contentType: "text/csv" } };

export const WINDOW: QueryParam[] = [
  {
    name: "from",
    description: "Start of the half-open window [from, to), ISO-8601 (default: 30 days before to)",
  },
  { name: "to", description: "End of the window, ISO-8601 (default: now)" },
  { name: "cluster", description: "A cluster name; all clusters when absent" },
];
export const PERIOD: QueryParam[] = [
  {
    name: "period",
    description: "2026-10 (month), 2026-Q3, 2026-10-01..2026-10-15, or 7d/30d/90d (default 30d)",
  },
  { name: "cluster", description: "A cluster name; all clusters when absent" },
];
export const PAGING: QueryParam[] = [
  { name: "page", description: "1-based page", schema: { type: "integer", minimum: 1 } },
  { name: "pageSize", description: "Rows per page", schema: { type: "integer", minimum: 1 } },
];

/** Query parameters from [name, description] pairs. */
export const params = (...pairs: [string, string][]): QueryParam[] =>
  pairs.map(([name, description]) => ({ name, description }));

/** The builders of one tag's operations. */
export function operationsOf(tag: string) {
  const op = (
    method: Operation["method"],
    id: string,
    path: string,
    summary: string,
    details: Details,
  ): Operation => ({ id, method, path, tag, summary, auth: READ, ...details });
  return {
    /** A GET; every role may read unless `auth` says otherwise. */
    read: (id: string, path: string, summary: string, details: Details = {}) =>
      op("GET", id, path, summary, details),
    /** A POST that creates a record and answers 201 {id}. */
    create: (
      id: string,
      path: string,
      summary: string,
      auth: Requirement,
      body: z.ZodType,
      details: Details = {},
    ) => op("POST", id, path, summary, { auth, body: { schema: body }, responses: CREATED, ...details }),
    /** A POST, PUT or PATCH, with the zod schema of its JSON body when it has one. */
    change: (
      method: Change,
      id: string,
      path: string,
      summary: string,
      auth: Requirement,
      body?: z.ZodType,
      details: Details = {},
    ) => op(method, id, path, summary, { auth, ...(body ? { body: { schema: body } } : {}), ...details }),
    /** A DELETE that answers 204. */
    remove: (id: string, path: string, summary: string, auth: Requirement, details: Details = {}) =>
      op("DELETE", id, path, summary, { auth, responses: NO_CONTENT, ...details }),
  };
}
