import "server-only";
import { actorOf, type Principal } from "@/lib/auth/principal";
import { pool } from "@/lib/db/pool";
import { type Sql, sqlOfPg, withPgTransaction } from "@/lib/db/sql";
import type { Editor } from "./mutations/revisions";

export const editorOf = (p: Principal): Editor => ({ actor: actorOf(p), userId: p.userId });

export const tx = <T>(fn: (sql: Sql) => Promise<T>) => withPgTransaction(pool(), (_c, sql) => fn(sql));

export const db = () => sqlOfPg(pool());
