import { actorOf } from "@/lib/auth/principal";
import { MANAGE_RISKS, READ } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";
import { db, tx } from "@/lib/risks/http";
import { matrixSchema } from "@/lib/risks/matrix";
import { getMatrix, setMatrix } from "@/lib/risks/settings";

// The risk matrix: levels (colour, review cadence in days), the 5×5 grid and the appetite.
export const GET = apiRoute(READ, async () => getMatrix(db()));

export const PUT = apiRoute(MANAGE_RISKS, async ({ req, principal }) => {
  const input = await readJson(req, matrixSchema);
  return tx((sql) => setMatrix(sql, actorOf(principal), input));
});
