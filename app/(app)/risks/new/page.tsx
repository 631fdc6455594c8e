import type { Metadata } from "next";
import { RiskForm } from "@/components/risks/RiskForm";
import { PageHeader } from "@/components/ui/PageHeader";
import { requireUser } from "@/lib/auth/session";
import { listUsers } from "@/lib/auth/users";

export const metadata: Metadata = { title: "New risk" };

export default async function NewRiskPage() {
  const me = await requireUser("manageRisks", "/risks/new");
  const users = (await listUsers())
    .filter((u) => !u.disabled)
    .map((u) => ({ id: u.id, name: u.name, email: u.email, role: u.role }));
  return (
    <>
      <PageHeader
        title="New risk"
        subtitle="Likelihood × impact from 1 to 5; the level follows the risk matrix"
      />
      <RiskForm risk={null} users={users} me={me.userId} />
    </>
  );
}
