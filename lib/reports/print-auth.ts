import "server-only";
import { headers } from "next/headers";
import { requireUser } from "@/lib/auth/session";
import { RENDER_HEADER, verifyRenderToken } from "./render-token";

/** A /print page is for signed-in readers, or for the server's own PDF renderer (signed token). */
export async function requirePrintReader(returnTo: string): Promise<void> {
  const h = await headers();
  if (verifyRenderToken(h.get(RENDER_HEADER))) return;
  await requireUser("read", returnTo);
}
