import { ruleSettingAction } from "@/app/(app)/findings/actions";
import { ActionForm } from "@/components/incidents/ActionForm";
import { DataTable } from "@/components/ui/DataTable";
import { SeverityBadge } from "@/components/ui/SeverityBadge";
import { DETECTION_RULES, type DetectionRule } from "@/lib/detection/rules";

/** Every detection rule with what makes it fire, and its auto-escalate switch (operators change it). */
export function RulesTable({
  settings,
  operator,
}: {
  settings: Record<string, { autoEscalate: boolean } | undefined>;
  operator: boolean;
}) {
  const on = (r: DetectionRule) => settings[r.id]?.autoEscalate ?? false;
  return (
    <DataTable<DetectionRule>
      caption="Detection rules"
      captionHidden
      rows={DETECTION_RULES}
      rowKey={(r) => r.id}
      columns={[
        {
          key: "rule",
          header: "Rule",
          cell: (r) => (
            <>
              {r.label} <span className="mono small muted">{r.id}</span>
            </>
          ),
        },
        { key: "severity", header: "Severity", cell: (r) => <SeverityBadge s={r.severity} /> },
        { key: "when", header: "Fires when", className: "small", cell: (r) => r.description },
        {
          key: "auto",
          header: "Auto-escalate",
          cell: (r) =>
            operator ? (
              <ActionForm
                action={ruleSettingAction}
                label={`Auto-escalate ${r.label}`}
                submit="Save"
                className="row"
              >
                <input type="hidden" name="rule" value={r.id} />
                <label className="inline plain">
                  <input type="checkbox" name="autoEscalate" defaultChecked={on(r)} /> on
                </label>
              </ActionForm>
            ) : on(r) ? (
              "on"
            ) : (
              "off"
            ),
        },
      ]}
    />
  );
}
