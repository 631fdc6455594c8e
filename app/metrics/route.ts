import { READ } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { METRICS_CONTENT_TYPE, metricsText } from "@/lib/metrics/registry";

// Prometheus scrape endpoint (text exposition format). Needs a session or a token with the read scope:
//   authorization: { type: Bearer, credentials: pst_… } in the scrape config.
export const GET = apiRoute(READ, async () => {
  return new Response(await metricsText(), { headers: { "content-type": METRICS_CONTENT_TYPE } });
});
