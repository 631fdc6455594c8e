import { actorOf } from "@/lib/auth/principal";
import { OPERATE_WRITE, READ } from "@/lib/auth/roles";
import { ruleSettings, setRuleSetting } from "@/lib/detection/rule-settings";
import { DETECTION_RULES } from "@/lib/detection/rules";
import { apiRoute } from "@/lib/http/api";
import { readJson } from "@/lib/http/body";
import { inTransaction } from "@/lib/incidents/http";
import { ruleSettingBody } from "@/lib/incidents/schema";

// GET /api/v1/findings/rules — every rule the detectors run ({id, label, severity, description}) with its
// settings (auto-escalate off unless set).
export const GET = apiRoute(READ, async () => {
  const s = await ruleSettings();
  return { rules: DETECTION_RULES.map((r) => ({ ...r, autoEscalate: s[r.id]?.autoEscalate ?? false })) };
});

// PUT /api/v1/findings/rules {rule, autoEscalate} — rule must be one of those ids (400 otherwise); audited.
export const PUT = apiRoute(OPERATE_WRITE, async ({ req, principal }) => {
  const b = await readJson(req, ruleSettingBody);
  await inTransaction((sql) =>
    setRuleSetting(sql, actorOf(principal), b.rule, { autoEscalate: b.autoEscalate }),
  );
  return { rule: b.rule, autoEscalate: b.autoEscalate };
});
