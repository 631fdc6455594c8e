"use client";

import { useRouter } from "next/navigation";
import { apiFetch } from "@/lib/client/api";
import { useApiForm } from "@/lib/client/use-api-form";
import type { RuleView } from "@/lib/notifications/queries";
import { EVENT_LABEL, EVENT_TYPES } from "@/lib/notifications/schema";
import { SEVERITIES } from "@/lib/severity";
import { EditFooter } from "./EditFooter";

const list = (v: FormDataEntryValue | null) =>
  String(v ?? "")
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** A group of checkboxes under one legend (several values under one name). */
function CheckList({
  legend,
  name,
  options,
  checked = [],
}: {
  legend: string;
  name: string;
  options: { value: string; label: string }[];
  checked?: string[];
}) {
  return (
    <fieldset className="field">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="check">
          <input type="checkbox" name={name} value={o.value} defaultChecked={checked.includes(o.value)} />{" "}
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

/** A rule as the edit form receives it. */
export type RuleDraft = Omit<RuleView, "enabled" | "createdAt">;

/** Add a rule, or with `rule` edit it (PATCH with every field of the form). */
export function RuleForm({ channels, rule }: { channels: { id: string; name: string }[]; rule?: RuleDraft }) {
  const router = useRouter();
  const form = useApiForm(async (f) => {
    const body = {
      name: f.get("name"),
      events: f.getAll("events"),
      channelIds: f.getAll("channels"),
      clusters: list(f.get("clusters")),
      namespaces: list(f.get("namespaces")),
      minSeverity: f.get("minSeverity") || null,
      daysAhead: Number(f.get("daysAhead")),
    };
    if (!rule) {
      await apiFetch("/api/v1/notifications/rules", { method: "POST", body });
      return `Rule ${body.name} added.`;
    }
    await apiFetch(`/api/v1/notifications/rules/${rule.id}`, { method: "PATCH", body });
    router.push("/notifications");
    return `Rule ${body.name} saved.`;
  });
  if (!channels.length) return <p className="muted">Add a channel first.</p>;
  const id = (s: string) => `rule-${rule ? "edit-" : ""}${s}`;

  return (
    <form onSubmit={form.onSubmit} aria-label={rule ? `Edit rule ${rule.name}` : "Add a rule"}>
      <div className="grid grid-3">
        <div className="field">
          <label htmlFor={id("name")}>Name</label>
          <input
            id={id("name")}
            name="name"
            required
            maxLength={100}
            placeholder="payments team"
            defaultValue={rule?.name}
          />
        </div>
        <div className="field">
          <label htmlFor={id("clusters")}>Clusters (empty: all)</label>
          <input
            id={id("clusters")}
            name="clusters"
            placeholder="eu-west-prod, us-east-prod"
            defaultValue={rule?.clusters.join(", ")}
          />
        </div>
        <div className="field">
          <label htmlFor={id("ns")}>Namespaces (empty: all)</label>
          <input
            id={id("ns")}
            name="namespaces"
            placeholder="payments"
            defaultValue={rule?.namespaces.join(", ")}
          />
          <div className="hint">A namespace-scoped rule gets only events of those namespaces.</div>
        </div>
      </div>
      <div className="grid grid-3">
        <CheckList
          legend="Events"
          name="events"
          options={EVENT_TYPES.map((t) => ({ value: t, label: EVENT_LABEL[t] }))}
          checked={rule?.events}
        />
        <CheckList
          legend="Channels"
          name="channels"
          options={channels.map((c) => ({ value: c.id, label: c.name }))}
          checked={rule?.channelIds}
        />
        <div>
          <div className="field">
            <label htmlFor={id("sev")}>At or above severity</label>
            <select id={id("sev")} name="minSeverity" defaultValue={rule?.minSeverity ?? ""}>
              <option value="">any</option>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={id("days")}>Expiry warnings, days ahead</label>
            <input
              id={id("days")}
              name="daysAhead"
              type="number"
              min={1}
              max={365}
              defaultValue={rule?.daysAhead ?? 14}
            />
            <div className="hint">Certificates, trust anchors and risk acceptances; once per item.</div>
          </div>
        </div>
      </div>
      <EditFooter what="rule" editing={!!rule} state={form.state} pending={form.pending} />
    </form>
  );
}
