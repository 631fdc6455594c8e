import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RiskForm } from "@/components/risks/RiskForm";
import { PageHeader } from "@/components/ui/PageHeader";
import { requireUser } from "@/lib/auth/session";
import { listUsers } from "@/lib/auth/users";
import { db } from "@/lib/risks/http";
import { getMatrix } from "@/lib/risks/settings";
import { loadRisk, riskBody } from "@/lib/risks/store";

export const metadata: Metadata = { title: "Edit risk" };

export default async function EditRiskPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const me = await requireUser("manageRisks", `/risks/${id}/edit`);
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
      <RiskForm risk={risk} users={users} me={me.userId} />
    </>
  );
}
