import { CLI_ACTOR, type CliCommand, cliSql, fail } from "./context";

export function registerAdminCommands(program: CliCommand) {
  const token = program.command("token").description("API tokens");
  token
    .command("create")
    .description("Create an API token; prints only the token on stdout")
    .requiredOption("--name <name>", "what the token is for")
    .option("--scopes <list>", "comma-separated: ingest, read, write", "ingest")
    .option("--expires-in <duration>", "e.g. 30d, 12h, 1y, never", "90d")
    .option("--user <email>", "owner (default: the first admin)")
    .option(
      "--cluster <name>",
      "default cluster for pushed records that name none (no ?cluster=, envelope or record label)",
    )
    .dbAction(
      async (o: { name: string; scopes: string; expiresIn: string; user?: string; cluster?: string }) => {
        const { parseScopes, parseDuration, createToken } = await import("@/lib/auth/tokens");
        const { findUserByEmail, firstAdmin } = await import("@/lib/auth/users");
        const { withPrismaTransaction } = await import("@/lib/db/sql");
        const scopes = parseScopes(o.scopes);
        const expiresInMs = parseDuration(o.expiresIn);
        const owner = o.user ? await findUserByEmail(o.user) : await firstAdmin();
        if (!owner) fail(o.user ? `no user with email ${o.user}` : "no admin exists yet: run npm start once");
        if (owner.disabled) fail(`${owner.email} is disabled`);
        const t = await withPrismaTransaction((_tx, sql) =>
          createToken(sql, CLI_ACTOR, {
            userId: owner.id,
            name: o.name,
            scopes,
            expiresInMs,
            cluster: o.cluster ?? null,
          }),
        );
        process.stdout.write(`${t.token}\n`);
      },
    );
  token
    .command("list")
    .description("List tokens (never their secrets)")
    .dbAction(async () => {
      const { listTokens } = await import("@/lib/auth/token-queries");
      console.table(
        (await listTokens({})).map((t) => ({
          id: t.id,
          name: t.name,
          owner: t.owner,
          scopes: t.scopes.join(","),
          cluster: t.cluster ?? "",
          expires: t.expiresAt ?? "never",
          revoked: t.revokedAt ?? "",
          lastUsed: t.lastUsedAt ?? "",
        })),
      );
    });
  token
    .command("revoke <id>")
    .description("Revoke a token by id")
    .dbAction(async (id: string) => {
      const { revokeToken } = await import("@/lib/auth/tokens");
      const { withPrismaTransaction } = await import("@/lib/db/sql");
      await withPrismaTransaction((_tx, sql) => revokeToken(sql, CLI_ACTOR, id));
      console.log(`revoked ${id}`);
    });

  program
    .command("user")
    .description("Users")
    .command("create")
    .requiredOption("--email <email>")
    .option("--name <name>", "display name")
    .option("--role <role>", "viewer | operator | risk_manager | admin", "viewer")
    .option("--password <password>", "default: generated and printed once")
    .dbAction(async (o: { email: string; name?: string; role: string; password?: string }) => {
      const { createUser, generatePassword, newUserSchema } = await import("@/lib/auth/users");
      const password = o.password ?? generatePassword();
      const input = newUserSchema.parse({
        email: o.email,
        name: o.name ?? o.email.split("@")[0],
        role: o.role,
        password,
      });
      await createUser(CLI_ACTOR, input);
      console.log(`created ${input.email} (${input.role})${o.password ? "" : ` with password ${password}`}`);
    });

  const audit = program.command("audit").description("Audit log");
  audit
    .command("verify")
    .description(
      "Check the hash chain and the anchors of its head kept outside the database (a deleted tail shows there); exit 1 on any problem",
    )
    .dbAction(async () => {
      const { verifyChain } = await import("@/lib/audit/log");
      const { verifyAnchors } = await import("@/lib/audit/anchor");
      const sql = await cliSql();
      const r = await verifyChain(sql);
      if (r.ok) {
        console.log(`ok ${r.count} events`);
      } else {
        console.log(
          `broken at event ${r.brokenAt?.id}: ${r.brokenAt?.reason} (${r.count} events verified before it)`,
        );
        process.exitCode = 1;
      }
      const a = await verifyAnchors(sql);
      if (a.ok && a.latest) {
        console.log(`ok ${a.checked} anchors in ${a.file} (latest: event ${a.latest.id} at ${a.latest.at})`);
      } else if (a.ok) {
        console.log(`no anchors yet in ${a.file} (the worker writes one a minute; or run: audit anchor)`);
      } else {
        for (const p of a.problems) console.log(`anchor: ${p}`);
        process.exitCode = 1;
      }
    });
  audit
    .command("anchor")
    .description("Record the chain's head in the anchor file now (the worker does it every minute)")
    .dbAction(async () => {
      const { recordAnchor, anchorFile } = await import("@/lib/audit/anchor");
      const a = await recordAnchor(await cliSql());
      console.log(a ? `anchored event ${a.id} in ${anchorFile()}` : "head already anchored (or no events)");
    });

  const demo = program.command("demo").description("Demo data");
  demo
    .command("wipe")
    .description("Remove all demo data (audit events stay)")
    .dbAction(async () => {
      const { wipeDemo } = await import("@/lib/demo");
      const out = await wipeDemo(CLI_ACTOR);
      console.log(
        `demo data removed: ${Object.entries(out)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")}`,
      );
    });
  demo
    .command("seed")
    .description("Load the demo data again")
    .dbAction(async () => {
      const { seedDemo } = await import("@/lib/demo");
      const r = await seedDemo({ force: true, log: console.log });
      console.log(r.seeded ? "demo data loaded" : "nothing to do");
    });

  program
    .command("db")
    .description("Database")
    .command("migrate")
    .description("Apply pending migrations")
    .dbAction(async () => {
      console.log("migrations applied");
    });
}
