import type { Metadata } from "next";
import Link from "next/link";
import { LevelBadge, StatusBadge } from "@/components/risks/LevelBadge";
import { PageHeader } from "@/components/ui/PageHeader";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/risks/http";
import { reviewQueue } from "@/lib/risks/queries";
import { getMatrix } from "@/lib/risks/settings";

export const metadata: Metadata = { title: "Risk reviews" };

type Item = Awaited<ReturnType<typeof reviewQueue>>["overdue"][number];

function Section({ title, items, empty, me }: { title: string; items: Item[]; empty: string; me: string }) {
  return (
    <section className="card">
      <h2>
        {title} <span className="badge">{items.length}</span>
      </h2>
      {items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Risk</th>
                <th>Owner</th>
                <th>Residual</th>
                <th>Status</th>
                <th>Review due</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              {items.map(({ risk: r, reasons }) => (
                <tr key={r.id}>
                  <td>
                    <Link href={`/risks/${r.id}`}>{r.title}</Link>
                    {r.acceptance?.approver === me && r.acceptance.state === "pending" && (
                      <span className="badge warn">waiting for you</span>
                    )}
                  </td>
                  <td>{r.ownerName ?? "—"}</td>
                  <td>
                    <LevelBadge s={r.residual} />
                  </td>
                  <td>
                    <StatusBadge status={r.status} />
                  </td>
                  <td className="small">{r.reviewDue.slice(0, 10)}</td>
                  <td className="small">{reasons.join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

async function ReviewQueuePage(_props: unknown, me: Principal) {
  const q = await reviewQueue(db(), await getMatrix(db()));
  return (
    <>
      <PageHeader
        title="Review queue"
        subtitle={`Overdue reviews, reviews due in the next ${q.soonDays} days, and acceptances to decide or about to expire`}
        actions={
          <Link className="btn" href="/risks">
            Register
          </Link>
        }
      />
      <div className="stack">
        <Section title="Overdue" items={q.overdue} empty="No review is overdue." me={me.userId} />
        <Section
          title={`Due in the next ${q.soonDays} days`}
          items={q.dueSoon}
          empty="Nothing due soon."
          me={me.userId}
        />
        <Section
          title="Acceptances"
          items={q.acceptances}
          empty="No acceptance waiting for approval or about to expire."
          me={me.userId}
        />
      </div>
    </>
  );
}

export default securePage("read", ReviewQueuePage);
