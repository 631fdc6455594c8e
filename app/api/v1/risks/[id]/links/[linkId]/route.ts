import { MANAGE_RISKS } from "@/lib/auth/roles";
import { apiRoute } from "@/lib/http/api";
import { removeLink } from "@/lib/risks/evidence";
import { editorOf, tx } from "@/lib/risks/http";

export const DELETE = apiRoute<{ id: string; linkId: string }>(MANAGE_RISKS, async ({ principal, params }) =>
  tx((sql) => removeLink(sql, editorOf(principal), params.id, params.linkId)),
);
