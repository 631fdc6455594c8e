import { READ } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { db } from "@/lib/risks/http";
import { mustLoad } from "@/lib/risks/mutations/revisions";
import { listRevisions } from "@/lib/risks/queries";

export const GET = apiRoute<{ id: string }>(READ, async ({ params }) => {
  await mustLoad(db(), params.id);
  return { revisions: await listRevisions(db(), params.id) };
});
