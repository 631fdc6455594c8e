import { actorOf } from "@/lib/auth/principal";
import { OWN_WRITE, READ } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";
import { filterQuery, parseFilters } from "@/lib/risks/filters";
import { db, tx } from "@/lib/risks/http";
import { getSavedFilters, saveFilters } from "@/lib/risks/prefs";
import { savedFiltersBody } from "@/lib/risks/schema";

// The register filters saved for the signed-in user (any role may save their own).
export const GET = apiRoute(READ, async ({ principal }) => ({
  query: await getSavedFilters(db(), principal.userId),
}));

export const PUT = apiRoute(OWN_WRITE, async ({ req, principal }) => {
  const { query } = await readJson(req, savedFiltersBody);
  // Normalised through the parser: only valid filters are stored.
  const clean = filterQuery(parseFilters(new URLSearchParams(query)));
  await tx((sql) => saveFilters(sql, actorOf(principal), principal.userId, clean));
  return { query: clean };
});
