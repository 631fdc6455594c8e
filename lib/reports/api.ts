import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { can, type TokenScope } from "@/lib/auth/roles";
import { forbidden } from "@/lib/errors";
import type { Requirement } from "@/lib/http/api";

/** Freezing a report is publishing it: operators and risk managers (and admins) may; viewers read. */
export const PUBLISH: Requirement = { capability: "read", scope: "write" satisfies TokenScope };

export function assertPublisher(p: Principal): void {
  if (!can(p.role, "operate") && !can(p.role, "manageRisks"))
    throw forbidden(`Your role (${p.role}) may not publish reports`);
}

export function download(body: Buffer | string, type: string, filename: string): Response {
  return new Response(typeof body === "string" ? body : new Uint8Array(body), {
    headers: {
      "content-type": type,
      "content-disposition": `attachment; filename="${filename.replace(/[^\w.-]+/g, "_")}"`,
      "cache-control": "private, no-store",
    },
  });
}
