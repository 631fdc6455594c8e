import type { Metadata } from "next";
import Link from "next/link";
import { MatrixForm } from "@/components/risks/MatrixForm";
import { PageHeader } from "@/components/ui/PageHeader";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { can } from "@/lib/auth/roles";
import { db } from "@/lib/risks/http";
import { getMatrix } from "@/lib/risks/settings";

export const metadata: Metadata = { title: "Risk matrix" };

async function RiskSettingsPage(_props: unknown, me: Principal) {
  const m = await getMatrix(db());
  const canEdit = can(me.role, "manageRisks");
  return (
    <>
      <PageHeader
        title="Risk matrix"
        subtitle="How likelihood × impact maps to a level, the appetite, and how often each level is reviewed (changes are audited)"
        actions={
          <Link className="btn" href="/risks">
            Register
          </Link>
        }
      />
      <MatrixForm matrix={m} canEdit={canEdit} />
    </>
  );
}

export default securePage("read", RiskSettingsPage);
