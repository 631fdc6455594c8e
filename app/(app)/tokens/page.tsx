import type { Metadata } from "next";
import { CreateTokenForm } from "@/components/admin/CreateTokenForm";
import { type Column, DataTable } from "@/components/ui/DataTable";
import { PageHeader } from "@/components/ui/PageHeader";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { can } from "@/lib/auth/roles";
import { listTokens } from "@/lib/auth/token-queries";
import { displayZone } from "@/lib/time/server";
import { formatInstant, zoneLabel } from "@/lib/time/zone";
import { createTokenAction, revokeTokenForm } from "./actions";

export const metadata: Metadata = { title: "API tokens" };

function state(t: { revokedAt: string | null; expiresAt: string | null }) {
  if (t.revokedAt) return <span className="badge bad">revoked</span>;
  if (t.expiresAt && new Date(t.expiresAt) <= new Date()) return <span className="badge warn">expired</span>;
  return <span className="badge ok">active</span>;
}

type Token = Awaited<ReturnType<typeof listTokens>>[number];

function tokenColumns(isAdmin: boolean, zone: string): Column<Token>[] {
  const z = zoneLabel(zone);
  return [
    { key: "name", header: "Name", cell: (t) => t.name },
    { key: "prefix", header: "Token", className: "mono", cell: (t) => `${t.prefix}…` },
    { key: "scopes", header: "Scopes", cell: (t) => t.scopes.join(", ") },
    { key: "cluster", header: "Default cluster", className: "small", cell: (t) => t.cluster ?? "none" },
    ...(isAdmin ? [{ key: "owner", header: "Owner", className: "small", cell: (t: Token) => t.owner }] : []),
    { key: "state", header: "Status", cell: state },
    {
      key: "expires",
      header: `Expires (${z})`,
      className: "small nowrap",
      cell: (t) => (t.expiresAt ? formatInstant(t.expiresAt, zone) : "never"),
    },
    {
      key: "used",
      header: `Last used (${z})`,
      className: "small nowrap",
      cell: (t) => (t.lastUsedAt ? formatInstant(t.lastUsedAt, zone) : "never"),
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
  const [tokens, zone] = await Promise.all([
    listTokens({ userId: isAdmin ? undefined : me.userId }),
    displayZone(),
  ]);
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
            columns={tokenColumns(isAdmin, zone)}
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
