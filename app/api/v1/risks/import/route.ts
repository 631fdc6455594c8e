import { MANAGE_RISKS } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";
import { readText } from "@/lib/http/body";
import { importCsv } from "@/lib/risks/csv-io";
import { editorOf, tx } from "@/lib/risks/http";
import { getMatrix } from "@/lib/risks/settings";

const MAX_BYTES = 64 * 1024 * 1024;

// POST /api/v1/risks/import — a CSV body (the export's columns); all-or-nothing, 422 with row-level errors.
export const POST = apiRoute(MANAGE_RISKS, async ({ req, principal }) => {
  const ct = req.headers.get("content-type") ?? "";
  if (ct && !/^(text\/csv|text\/plain|application\/octet-stream)\b/i.test(ct)) {
    throw new AppError("unsupported_media_type", `Expected a CSV body (Content-Type: text/csv), got "${ct}"`);
  }
  const text = await readText(req, MAX_BYTES);
  const result = await tx(async (sql) => importCsv(sql, editorOf(principal), await getMatrix(sql), text));
  return Response.json(result, { status: 201 });
});
