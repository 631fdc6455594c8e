import type { Metadata } from "next";
import { CreateTokenForm } from "@/components/admin/CreateTokenForm";
import { type Column, DataTable } from "@/components/ui/DataTable";
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

type Token = Awaited<ReturnType<typeof listTokens>>[number];

function tokenColumns(isAdmin: boolean): Column<Token>[] {
  return [
    { key: "name", header: "Name", cell: (t) => t.name },
    { key: "prefix", header: "Token", className: "mono", cell: (t) => `${t.prefix}…` },
    { key: "scopes", header: "Scopes", cell: (t) => t.scopes.join(", ") },
    { key: "cluster", header: "Default cluster", className: "small", cell: (t) => t.cluster ?? "none" },
    ...(isAdmin ? [{ key: "owner", header: "Owner", className: "small", cell: (t: Token) => t.owner }] : []),
    { key: "state", header: "Status", cell: state },
    {
      key: "expires",
      header: "Expires",
      className: "small",
      cell: (t) => t.expiresAt?.slice(0, 10) ?? "never",
    },
    {
      key: "used",
      header: "Last used",
      className: "small",
      cell: (t) => t.lastUsedAt?.replace("T", " ").slice(0, 16) ?? "never",
    },
    {
      key: "revoke",
      header: <span className="sr-only">Actions</span>,
      cell: (t) =>
        !t.revokedAt && (
          <form action={revokeTokenForm}>
            <input type="hidden" name="id" value={t.id} />
            <button className="btn small danger" type="submit" aria-label={`Revoke ${t.name}`}>
              Revoke
            </button>
          </form>
        ),
    },
  ];
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
          <DataTable
            caption={isAdmin ? "All tokens" : "Your tokens"}
            captionHidden
            columns={tokenColumns(isAdmin)}
            rows={tokens}
            rowKey={(t) => t.id}
            empty={
              <>
                No tokens yet. The CLI makes one too:{" "}
                <code>npm run posture -- token create --name N --scopes ingest --cluster C</code>
              </>
            }
          />
        </section>
      </div>
    </>
  );
}

export default securePage("operate", TokensPage);
