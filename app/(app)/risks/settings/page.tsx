import type { Metadata } from "next";
import Link from "next/link";
import { MatrixForm } from "@/components/risks/MatrixForm";
import { PageHeader } from "@/components/ui/PageHeader";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/risks/http";
import { getMatrix } from "@/lib/risks/settings";

export const metadata: Metadata = { title: "Risk matrix" };

export default async function RiskSettingsPage() {
  const me = await requireUser("read", "/risks/settings");
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
