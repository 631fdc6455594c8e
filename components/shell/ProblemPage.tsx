import Link from "next/link";
import type { ReactNode } from "react";
import { PageHeader } from "@/components/ui/PageHeader";

/** A 404 or 403 inside the app: what happened, and the ways on. */
export function ProblemPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <>
      <PageHeader title={title} />
      <section className="card problem" role="alert">
        <p>{children}</p>
        <div className="row">
          <Link className="btn primary" href="/">
            Back to the overview
          </Link>
          <Link className="btn" href="/help/kpis">
            Help
          </Link>
        </div>
      </section>
    </>
  );
}
