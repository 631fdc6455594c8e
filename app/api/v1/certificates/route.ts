import { READ } from "@/lib/auth/roles";
import { filterFromParams } from "@/lib/certificates/inventory-filter";
import { inventoryFacets, listInventory } from "@/lib/certificates/queries/inventory";
import { apiRoute } from "@/lib/http/api";

// GET /api/v1/certificates?cluster&namespace&issuer&status&q&sort&dir&page&pageSize[&facets=1]
// The current inventory: the newest version of every lineage (docs/kpis.md, certificate hygiene).
export const GET = apiRoute(READ, async ({ url }) => {
  const list = await listInventory(filterFromParams(url.searchParams));
  return url.searchParams.get("facets") === "1" ? { ...list, facets: await inventoryFacets() } : list;
});
