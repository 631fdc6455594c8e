// Pull sources, API tokens, users and one's own password.
import { ADMIN_READ, OPERATE_READ, OPERATE_WRITE, OWN_WRITE, WRITE_ADMIN } from "@/lib/auth/roles";
import { newUserSchema } from "@/lib/auth/users";
import { connectionTestInput, sourceInput } from "@/lib/sources/mutations";
import { documentedBodies } from "../route-bodies";
import { errors, type Operation, operationsOf } from "./shape";

const sources = operationsOf("Sources");
const tokens = operationsOf("Tokens");
const users = operationsOf("Users");

export const ACCESS_OPERATIONS: Operation[] = [
  sources.read("listSources", "/api/v1/sources", "Pull sources and their last runs", {
    description:
      "`lastError` and `lastMessage` are null for viewers: run errors are shown to operators and admins.",
  }),
  sources.create(
    "createSource",
    "/api/v1/sources",
    "Add a pull source (prometheus, kubernetes, tls-endpoints)",
    OPERATE_WRITE,
    sourceInput,
    { errors: errors("409") },
  ),
  sources.change(
    "POST",
    "testSourceConnection",
    "/api/v1/sources/test",
    "Test a source's connection before saving it",
    OPERATE_WRITE,
    connectionTestInput,
    {
      description:
        "Validates the config like a save (400 naming the problem, outbound rules included), then makes one request through the outbound guard and answers `{ok, message}`: a fixed description or an HTTP status, never the target's body. Audited as `source.test` with the hosts reached.",
      errors: errors(),
    },
  ),
  sources.remove("deleteSource", "/api/v1/sources/{id}", "Remove a pull source", OPERATE_WRITE),
  sources.change(
    "POST",
    "runSource",
    "/api/v1/sources/{id}/run",
    "Run a pull source now",
    OPERATE_WRITE,
    undefined,
    {
      description: "409 while a run of the same source is in progress (one run per source at a time).",
      errors: errors("404", "409"),
    },
  ),
  tokens.read("listTokens", "/api/v1/tokens", "Your API tokens (admins: everyone's)", { auth: OPERATE_READ }),
  tokens.create(
    "createToken",
    "/api/v1/tokens",
    "Create an API token (shown once)",
    OPERATE_WRITE,
    documentedBodies.tokenCreate,
  ),
  tokens.remove("revokeToken", "/api/v1/tokens/{id}", "Revoke a token", OPERATE_WRITE),
  users.read("listUsers", "/api/v1/users", "Users", { auth: ADMIN_READ }),
  users.create("createUser", "/api/v1/users", "Add a user", WRITE_ADMIN, newUserSchema, {
    errors: errors("409"),
  }),
  users.change(
    "PATCH",
    "patchUser",
    "/api/v1/users/{id}",
    "Change a user's role or disable them",
    WRITE_ADMIN,
    documentedBodies.userPatch,
  ),
  users.change(
    "POST",
    "resetUserPassword",
    "/api/v1/users/{id}/password",
    "Set another user's password (generated and returned once when none is sent); their sessions end",
    WRITE_ADMIN,
    documentedBodies.passwordReset,
    { errors: errors("404") },
  ),
  users.change(
    "POST",
    "changeOwnPassword",
    "/api/v1/account/password",
    "Change your own password (signed-in session only, current password required); other sessions end",
    OWN_WRITE,
    documentedBodies.passwordChange,
    { errors: errors("429") },
  ),
];
