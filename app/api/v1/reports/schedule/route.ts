import { z } from "zod";
import { actorOf } from "@/lib/auth/principal";
import { apiRoute, READ, WRITE_ADMIN } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";
import { getSchedule, setSchedule } from "@/lib/reports/snapshots";

export const GET = apiRoute(READ, async () => ({ schedule: await getSchedule() }));

const Body = z
  .object({ cadence: z.enum(["off", "weekly", "monthly"]), cluster: z.string().max(200).nullish() })
  .strict();

// PUT /api/v1/reports/schedule {cadence, cluster?}: the executive report frozen automatically.
export const PUT = apiRoute(WRITE_ADMIN, async ({ req, principal }) => {
  const b = await readJson(req, Body);
  return {
    schedule: await setSchedule(actorOf(principal), { cadence: b.cadence, cluster: b.cluster ?? null }),
  };
});
