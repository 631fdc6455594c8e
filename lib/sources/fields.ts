// The fields a connector's form shows (declared beside its config schema) and how a form's values become
// the connector's config. Pure and shared by the server (page props) and the browser (the form), so the
// form never asks for raw JSON. The config schema stays the judge: this only shapes what was typed.

export type FieldType =
  /** One line of text (url: an http(s) address). */
  | "text"
  | "url"
  | "number"
  | "checkbox"
  /** One value per line (or comma separated): a list of strings. */
  | "list"
  /** `key = value` per line: an object of strings. */
  | "pairs"
  /** Multi-line text kept as typed (PEM bundles). */
  | "pem";

export interface ConnectorField {
  /** The config key. */
  key: string;
  label: string;
  type: FieldType;
  help: string;
  placeholder?: string;
  required?: boolean;
  /** The value a new form starts with. */
  initial?: string | number | boolean;
  /** number: the unit shown after the input ("seconds"). */
  unit?: string;
}

/** A secret the connector needs (stored encrypted, never shown again). */
export interface SecretField {
  key: string;
  label: string;
  help: string;
}

/** What the browser tells a user about a connector (no functions, safe to pass to a client component). */
export interface ConnectorInfo {
  kind: string;
  label: string;
  description: string;
  secrets: readonly SecretField[];
  fields: readonly ConnectorField[];
  /** Whether "Test connection" can check this connector before it is saved. */
  testable: boolean;
}

const splitList = (v: string) =>
  v
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The config for a connector from its form's values (`get(key)` is the field's string, or null when the
 * form has no such field; a checkbox gives "on" when ticked). Empty optional fields are left out, so the
 * config schema's defaults apply; numbers that are not numbers stay strings for the schema to name.
 */
export function configFromForm(
  fields: readonly ConnectorField[],
  get: (key: string) => string | null,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = get(f.key);
    if (f.type === "checkbox") {
      out[f.key] = raw === "on" || raw === "true";
      continue;
    }
    const v = (raw ?? "").trim();
    if (!v) continue;
    if (f.type === "number") out[f.key] = Number.isFinite(Number(v)) ? Number(v) : v;
    else if (f.type === "list") out[f.key] = splitList(v);
    else if (f.type === "pairs") {
      const map: Record<string, string> = {};
      for (const line of v.split("\n")) {
        const i = line.indexOf("=");
        if (i > 0) map[line.slice(0, i).trim()] = line.slice(i + 1).trim();
      }
      out[f.key] = map;
    } else if (f.type === "pem") out[f.key] = `${v}\n`;
    else out[f.key] = v;
  }
  return out;
}

/** How a form field shows a stored config value (the inverse of configFromForm, for editing). */
export function formValue(f: ConnectorField, value: unknown): string {
  if (value === undefined || value === null) return f.initial === undefined ? "" : String(f.initial);
  if (f.type === "list" && Array.isArray(value)) return value.join("\n");
  if (f.type === "pairs" && typeof value === "object")
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k} = ${v}`)
      .join("\n");
  return String(value);
}
