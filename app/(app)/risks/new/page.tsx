import type { Metadata } from "next";
import { RiskForm } from "@/components/risks/RiskForm";
import { PageHeader } from "@/components/ui/PageHeader";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { listUsers } from "@/lib/auth/users";

export const metadata: Metadata = { title: "New risk" };

async function NewRiskPage(_props: unknown, me: Principal) {
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

export default securePage("manageRisks", NewRiskPage);
