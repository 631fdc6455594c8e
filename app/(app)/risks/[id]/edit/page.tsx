import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RiskForm } from "@/components/risks/RiskForm";
import { PageHeader } from "@/components/ui/PageHeader";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { listUsers } from "@/lib/auth/users";
import { db } from "@/lib/risks/http";
import { loadRisk, riskBody } from "@/lib/risks/mutations/revisions";
import { getMatrix } from "@/lib/risks/settings";
import { displayZone } from "@/lib/time/server";

export const metadata: Metadata = { title: "Edit risk" };

async function EditRiskPage({ params }: { params: Promise<{ id: string }> }, me: Principal) {
  const { id } = await params;
  const row = await loadRisk(db(), id);
  if (!row) notFound();
  const risk = riskBody(await getMatrix(db()), row);
  const users = (await listUsers())
    .filter((u) => !u.disabled)
    .map((u) => ({ id: u.id, name: u.name, email: u.email, role: u.role }));
  return (
    <>
      <PageHeader
        title="Edit risk"
        subtitle={
          <>
            Editing version {risk.version} of “{risk.title}”
          </>
        }
      />
      <RiskForm risk={risk} users={users} me={me.userId} zone={await displayZone()} />
    </>
  );
}

export default securePage("manageRisks", EditRiskPage);
