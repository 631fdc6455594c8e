import "server-only";
import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { getFrozen } from "./snapshots";

/** A frozen report for a page (the web view and the print page): an unknown id is the page's 404. */
export async function frozenOr404(id: string): Promise<Awaited<ReturnType<typeof getFrozen>>> {
  try {
    return await getFrozen(id);
  } catch (e) {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  }
}
