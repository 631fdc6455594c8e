import { READ } from "@/lib/auth/roles";
import { badRequest } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";
import { deliveryLog } from "@/lib/notifications/queries";

const STATUSES = ["pending", "retrying", "sent", "failed"];

// The delivery log: messages with their status and every attempt (error text is fixed, never a body).
export const GET = apiRoute(READ, async ({ url }) => {
  const status = url.searchParams.get("status");
  if (status && !STATUSES.includes(status)) throw badRequest(`status: one of ${STATUSES.join(", ")}`);
  const limit = Number(url.searchParams.get("limit") ?? 100);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw badRequest("limit: an integer from 1 to 500");
  return { messages: await deliveryLog({ status, limit }) };
});
