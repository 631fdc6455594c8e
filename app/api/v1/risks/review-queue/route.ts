import { READ } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { db } from "@/lib/risks/http";
import { reviewQueue } from "@/lib/risks/queries";
import { getMatrix } from "@/lib/risks/settings";

export const GET = apiRoute(READ, async () => reviewQueue(db(), await getMatrix(db())));
