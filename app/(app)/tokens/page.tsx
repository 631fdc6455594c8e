import type { Metadata } from "next";
import { CreateTokenForm } from "@/components/admin/CreateTokenForm";
import { PageHeader } from "@/components/ui/PageHeader";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { can } from "@/lib/auth/roles";
import { listTokens } from "@/lib/auth/token-queries";
import { createTokenAction, revokeTokenForm } from "./actions";

export const metadata: Metadata = { title: "API tokens" };

function state(t: { revokedAt: string | null; expiresAt: string | null }) {
  if (t.revokedAt) return <span className="badge bad">revoked</span>;
  if (t.expiresAt && new Date(t.expiresAt) <= new Date()) return <span className="badge warn">expired</span>;
  return <span className="badge ok">active</span>;
}

async function TokensPage(_props: unknown, me: Principal) {
  const isAdmin = can(me.role, "admin");
  const tokens = await listTokens({ userId: isAdmin ? undefined : me.userId });
  return (
    <>
      <PageHeader
        title="API tokens"
        subtitle="For collectors, OPA, Alertmanager, Prometheus and CI. A token acts as its owner, limited to its scopes."
      />
      <div className="stack">
        <section className="card">
          <h2>New token</h2>
          <CreateTokenForm action={createTokenAction} />
        </section>
        <section className="card">
          <h2>{isAdmin ? "All tokens" : "Your tokens"}</h2>
          {tokens.length === 0 ? (
            <p className="muted">
              No tokens yet. The CLI makes one too:{" "}
              <code>npm run posture -- token create --name N --scopes ingest --cluster C</code>
            </p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Token</th>
                    <th>Scopes</th>
                    <th>Default cluster</th>
                    {isAdmin && <th>Owner</th>}
                    <th>Status</th>
                    <th>Expires</th>
                    <th>Last used</th>
                    <th>
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {tokens.map((t) => (
                    <tr key={t.id}>
                      <td>{t.name}</td>
                      <td className="mono">{t.prefix}…</td>
                      <td>{t.scopes.join(", ")}</td>
                      <td className="small">{t.cluster ?? "none"}</td>
                      {isAdmin && <td className="small">{t.owner}</td>}
                      <td>{state(t)}</td>
                      <td className="small">{t.expiresAt?.slice(0, 10) ?? "never"}</td>
                      <td className="small">{t.lastUsedAt?.replace("T", " ").slice(0, 16) ?? "never"}</td>
                      <td>
                        {!t.revokedAt && (
                          <form action={revokeTokenForm}>
                            <input type="hidden" name="id" value={t.id} />
                            <button className="btn small danger" type="submit">
                              Revoke
                            </button>
                          </form>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
    </>
  );
}

export default securePage("operate", TokensPage);
