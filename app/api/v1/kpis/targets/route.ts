import { actorOf } from "@/lib/auth/principal";
import { READ, WRITE_ADMIN } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";
import { targetBody } from "@/lib/kpi/schema";
import { METRICS } from "@/lib/kpi/targets";
import { getTargets, setTarget, targetHistory } from "@/lib/kpi/targets-store";

export const GET = apiRoute(READ, async () => ({
  targets: await getTargets(),
  metrics: METRICS,
  history: await targetHistory(),
}));

// PUT /api/v1/kpis/targets {metric, comparator, value} | {metric, remove: true} (admins; audited).
export const PUT = apiRoute(WRITE_ADMIN, async ({ req, principal }) => {
  const b = await readJson(req, targetBody);
  const target = "remove" in b ? null : { comparator: b.comparator, value: b.value };
  return { targets: await setTarget(actorOf(principal), b.metric, target) };
});
