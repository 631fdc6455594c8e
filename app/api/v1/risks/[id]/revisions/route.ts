import { READ } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { db } from "@/lib/risks/http";
import { listRevisions } from "@/lib/risks/queries";
import { mustLoad } from "@/lib/risks/store";

export const GET = apiRoute<{ id: string }>(READ, async ({ params }) => {
  await mustLoad(db(), params.id);
  return { revisions: await listRevisions(db(), params.id) };
});
