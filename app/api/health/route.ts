import { NextResponse } from "next/server";
import { VERSION } from "@/lib/config/env";
import { databaseAnswers } from "@/lib/db/pool";

export const dynamic = "force-dynamic";

// Public: load balancers and `npm start` poll it. 503 while the database is unreachable.
export async function GET() {
  const database = (await databaseAnswers()) ? "ok" : "error";
  return NextResponse.json(
    { status: "ok", database, version: VERSION },
    { status: database === "ok" ? 200 : 503 },
  );
}
