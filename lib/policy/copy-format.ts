const SPECIAL = /[\\\t\n\r]/;

/** PostgreSQL COPY text format: backslash escapes for \ TAB LF CR; \N is NULL. */
export function copyField(v: string | null): string {
  if (v === null) return "\\N";
  if (!SPECIAL.test(v)) return v;
  return v.replace(/[\\\t\n\r]/g, (c) =>
    c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
  );
}

/** One line of COPY text: the fields tab-separated, newline-terminated. */
export const copyLine = (fields: (string | null)[]): string => `${fields.map(copyField).join("\t")}\n`;
