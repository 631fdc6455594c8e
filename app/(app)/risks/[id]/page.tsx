import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RiskSparkline } from "@/components/charts/risks-sparkline";
import { History } from "@/components/risks/History";
import { LevelBadge, StatusBadge } from "@/components/risks/LevelBadge";
import { DecideAcceptance, LinkForm, ReviewButton, UnlinkButton } from "@/components/risks/RiskActions";
import { PageHeader } from "@/components/ui/PageHeader";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { can } from "@/lib/auth/roles";
import { listUsers } from "@/lib/auth/users";
import { listFindings } from "@/lib/detection/queries";
import { kpiPaths, riskEvidence } from "@/lib/risks/evidence";
import { db } from "@/lib/risks/http";
import { loadRisk, riskBody } from "@/lib/risks/mutations/revisions";
import { listRevisions } from "@/lib/risks/queries";
import { getMatrix } from "@/lib/risks/settings";
import { displayZone } from "@/lib/time/server";

export const metadata: Metadata = { title: "Risk" };

const fmt = (v: number | null) => (v === null ? "—" : Number.isInteger(v) ? String(v) : v.toFixed(2));

async function RiskPage({ params }: { params: Promise<{ id: string }> }, me: Principal) {
  const { id } = await params;
  const row = await loadRisk(db(), id);
  if (!row) notFound();
  const m = await getMatrix(db());
  const risk = riskBody(m, row);
  const [evidence, revisions, users, openFindings, zone] = await Promise.all([
    riskEvidence(db(), id),
    listRevisions(db(), id),
    listUsers(),
    listFindings({ status: "open", limit: 200 }),
    displayZone(),
  ]);
  const names = new Map(users.map((u) => [u.id, u.name]));
  const canEdit = can(me.role, "manageRisks");
  const a = risk.acceptance;
  const flagged = evidence.filter((e) => e.flagged).length;

  return (
    <>
      <PageHeader
        title={risk.title}
        subtitle={
          <>
            <StatusBadge status={risk.status} /> {risk.category || "uncategorised"} · owner{" "}
            {risk.ownerName ?? "—"} · version {risk.version}
            {risk.demo && <span className="badge warn">demo</span>}
          </>
        }
        actions={
          <>
            <Link className="btn" href="/risks">
              Register
            </Link>
            {canEdit && (
              <Link className="btn primary" href={`/risks/${id}/edit`}>
                Edit
              </Link>
            )}
          </>
        }
      />
      <div className="stack">
        <div className="grid grid-4">
          {(["inherent", "residual", "target"] as const).map((k) => (
            <div key={k} className="card tile">
              <div className="label">{k[0].toUpperCase() + k.slice(1)}</div>
              <div className="value">
                <LevelBadge s={risk[k]} />
              </div>
              <div className="sub">
                likelihood {risk[k].likelihood} × impact {risk[k].impact}
              </div>
            </div>
          ))}
          <div className="card tile">
            <div className="label">Review</div>
            <div className="value value-small">
              {risk.reviewDue.slice(0, 10)} {risk.reviewOverdue && <span className="badge bad">overdue</span>}
            </div>
            <div className="sub">
              last reviewed {risk.lastReviewedAt?.slice(0, 10) ?? "never"} · confidence {risk.confidence} ·
              treatment {risk.treatment}
            </div>
          </div>
        </div>
        {risk.aboveAppetite && risk.status !== "closed" && (
          <p className="banner" role="note">
            The residual level ({risk.residual.levelName}) is above the risk appetite (
            {m.levels.find((l) => l.key === m.appetite)?.name}).
          </p>
        )}
        <div className="grid grid-2">
          <section className="card">
            <h2>Description</h2>
            {risk.description ? (
              <p className="prewrap">{risk.description}</p>
            ) : (
              <p className="muted">No description.</p>
            )}
            <p className="small muted">Clusters: {risk.clusters.join(", ") || "none"}</p>
          </section>
          <section className="card">
            <h2>Acceptance</h2>
            {!a ? (
              <p className="muted">
                No acceptance.{" "}
                {canEdit && "Request one from the edit form (another risk manager approves it)."}
              </p>
            ) : (
              <>
                <p>
                  <span
                    className={`badge ${a.state === "approved" ? "ok" : a.state === "pending" ? "warn" : "bad"}`}
                  >
                    {a.state}
                  </span>{" "}
                  approver {a.approverName ?? "—"}, expires {a.expiresAt.slice(0, 10)}
                  {a.approvedAt && <> · approved {a.approvedAt.slice(0, 10)}</>}
                </p>
                <p className="prewrap">{a.rationale}</p>
                {a.state === "pending" && a.approver === me.userId && canEdit && (
                  <DecideAcceptance id={id} version={risk.version} />
                )}
                {a.state === "pending" && a.approver !== me.userId && (
                  <p className="small muted">Waiting for {a.approverName}.</p>
                )}
              </>
            )}
          </section>
        </div>
        <section className="card" aria-labelledby="ev-h">
          <h2 id="ev-h">Evidence {flagged > 0 && <span className="badge bad">{flagged} flagged</span>}</h2>
          {evidence.length === 0 ? (
            <p className="muted">
              No evidence linked. Link findings, incidents or live KPIs (e.g. mtlsCoverage.crossClusterPercent
              for a cluster).
            </p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Evidence</th>
                    <th className="num">Now</th>
                    <th className="num">At last review</th>
                    <th>Threshold</th>
                    <th>Trend</th>
                    <th>
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {evidence.map((e) => (
                    <tr key={e.id}>
                      <td>
                        <span className="badge">{e.kind}</span> {e.label ?? e.title ?? e.ref}
                        <div className="small muted mono">
                          {e.kind === "finding" ? (
                            <Link href={`/findings?id=${e.ref}`}>{e.ref}</Link>
                          ) : e.kind === "incident" ? (
                            <Link href={`/incidents?id=${e.ref}`}>{e.ref}</Link>
                          ) : (
                            e.ref
                          )}
                          {e.cluster && ` @ ${e.cluster}`}
                          {e.status && ` · ${e.status}`}
                          {e.severity && ` · ${e.severity}`}
                        </div>
                      </td>
                      <td className="num">
                        {e.kind === "kpi" ? fmt(e.value) : (e.status ?? "—")}{" "}
                        {e.flagged && <span className="badge bad">flagged</span>}
                      </td>
                      <td className="num">
                        {e.kind === "kpi" ? fmt(e.reviewedValue) : "—"}
                        {e.movedSinceReview && <div className="badge warn">moved since review</div>}
                      </td>
                      <td className="small">
                        {e.threshold !== null ? `flag ${e.direction} ${e.threshold}` : "—"}
                      </td>
                      <td className="min-cell">
                        {e.kind === "kpi" ? (
                          <RiskSparkline
                            samples={e.samples}
                            threshold={e.threshold}
                            label={e.label ?? e.ref}
                          />
                        ) : null}
                      </td>
                      <td>{canEdit && <UnlinkButton id={id} linkId={e.id} />}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {canEdit && (
            <details className="no-print">
              <summary>Link evidence</summary>
              <LinkForm
                id={id}
                kpiPaths={kpiPaths()}
                findings={openFindings.map((f) => ({ id: f.id, title: f.title, severity: f.severity }))}
              />
            </details>
          )}
        </section>
        {canEdit && (
          <section className="card">
            <h2>Review</h2>
            <p className="small muted">
              Reviewing sets the next due date by the {risk.residual.levelName} cadence (
              {m.levels.find((l) => l.key === risk.residual.level)?.reviewDays} days) and remembers the
              evidence values seen now.
            </p>
            <ReviewButton id={id} version={risk.version} />
          </section>
        )}
        <section className="card" aria-labelledby="hist-h">
          <h2 id="hist-h">History</h2>
          <History revisions={revisions} names={names} zone={zone} />
        </section>
      </div>
    </>
  );
}

export default securePage("read", RiskPage);
