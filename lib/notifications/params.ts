import { z } from "zod";
import { badRequest } from "@/lib/errors";

const uuid = z.uuid();

/** A path id must be a UUID; anything else is a 400 naming the parameter (never a database error). */
export function uuidParam(v: string, what: string): string {
  if (!uuid.safeParse(v).success) throw badRequest(`${what}: "${String(v).slice(0, 40)}" is not a UUID`);
  return v;
}
