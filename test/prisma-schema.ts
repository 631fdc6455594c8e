// A reader for our own Prisma schema files, enough for the drift test: models, their table names, and
// each scalar field's column name, database type and nullability. (Prisma's own DMMF needs the engine.)
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export interface SchemaField {
  name: string;
  column: string;
  type: string; // Prisma type: String, Int, DateTime, enum name…
  optional: boolean;
  list: boolean;
  nativeType: string | null; // e.g. "Uuid", "Timestamptz(3)"
}

export interface SchemaModel {
  name: string;
  table: string;
  fields: SchemaField[];
}

const SCALARS = new Set(["String", "Int", "BigInt", "Float", "Decimal", "Boolean", "DateTime", "Json", "Bytes"]);

export function readSchema(dir = path.resolve("prisma/schema")): { models: SchemaModel[]; enums: Set<string> } {
  const text = readdirSync(dir)
    .filter((f) => f.endsWith(".prisma"))
    .map((f) => readFileSync(path.join(dir, f), "utf8"))
    .join("\n");
  const enums = new Set([...text.matchAll(/^enum\s+(\w+)\s*\{/gm)].map((m) => m[1]));
  const models: SchemaModel[] = [];
  for (const m of text.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const [, name, body] = m;
    const table = /@@map\("([^"]+)"\)/.exec(body)?.[1] ?? name;
    const fields: SchemaField[] = [];
    for (const raw of body.split("\n")) {
      const line = raw.replace(/\/\/.*$/, "").trim();
      if (!line || line.startsWith("@@")) continue;
      const fm = /^(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/.exec(line);
      if (!fm) continue;
      const [, fname, type, list, opt, attrs] = fm;
      if (!SCALARS.has(type) && !enums.has(type)) continue; // relation field
      if (attrs.includes("@relation")) continue;
      fields.push({
        name: fname,
        column: /@map\("([^"]+)"\)/.exec(attrs)?.[1] ?? fname,
        type,
        optional: !!opt,
        list: !!list,
        nativeType: /@db\.(\w+(\([^)]*\))?)/.exec(attrs)?.[1] ?? null,
      });
    }
    models.push({ name, table, fields });
  }
  return { models, enums };
}

/** The information_schema (udt_name) a field must have in PostgreSQL. */
export function expectedUdt(f: SchemaField, enums: Set<string>): string {
  if (enums.has(f.type)) return f.list ? `_${f.type}` : f.type;
  const native = f.nativeType?.replace(/\(.*\)$/, "");
  const byNative: Record<string, string> = {
    Uuid: "uuid", Timestamptz: "timestamptz", Timestamp: "timestamp", Date: "date", Text: "text",
    VarChar: "varchar", Char: "bpchar", Inet: "inet", Real: "float4", DoublePrecision: "float8",
    SmallInt: "int2", Integer: "int4", BigInt: "int8", JsonB: "jsonb", Json: "json",
  };
  const byType: Record<string, string> = {
    String: "text", Int: "int4", BigInt: "int8", Float: "float8", Decimal: "numeric", Boolean: "bool",
    DateTime: "timestamp", Json: "jsonb", Bytes: "bytea",
  };
  const base = (native && byNative[native]) || byType[f.type];
  return f.list ? `_${base}` : base;
}
