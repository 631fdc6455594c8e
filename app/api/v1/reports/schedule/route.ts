import { actorOf } from "@/lib/auth/principal";
import { READ, WRITE_ADMIN } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";
import { scheduleBody } from "@/lib/reports/schema";
import { getSchedule, setSchedule } from "@/lib/reports/snapshots";

export const GET = apiRoute(READ, async () => ({ schedule: await getSchedule() }));

// PUT /api/v1/reports/schedule {cadence, cluster?}: the executive report frozen automatically.
export const PUT = apiRoute(WRITE_ADMIN, async ({ req, principal }) => {
  const b = await readJson(req, scheduleBody);
  return {
    schedule: await setSchedule(actorOf(principal), { cadence: b.cadence, cluster: b.cluster ?? null }),
  };
});
