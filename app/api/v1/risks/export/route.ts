import { READ } from "@/lib/auth/roles";
import { badRequest } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";
import { exportFileName } from "@/lib/risks/csv";
import { exportCsv } from "@/lib/risks/csv-io";
import { describeFilters, parseFilters } from "@/lib/risks/filters";
import { db } from "@/lib/risks/http";
import { getMatrix } from "@/lib/risks/settings";

// GET /api/v1/risks/export?format=csv&<the register filters> — every matching risk (no paging).
export const GET = apiRoute(READ, async ({ url }) => {
  const format = url.searchParams.get("format") ?? "csv";
  if (format !== "csv") throw badRequest(`format: only csv is supported (got "${format.slice(0, 20)}")`);
  const f = parseFilters(url.searchParams);
  const csv = await exportCsv(db(), await getMatrix(db()), f);
  const day = new Date().toISOString().slice(0, 10);
  const applied = describeFilters(f);
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      // The file name says which filter was applied (the CSV itself stays importable as is, so it
      // carries no comment line).
      "content-disposition": `attachment; filename="${exportFileName(day, applied)}"`,
      "cache-control": "no-store",
    },
  });
});
