"use client";

import { useRouter } from "next/navigation";
import { SelectField, TextField } from "@/components/ui/Field";
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
        <TextField
          id={id("name")}
          name="name"
          label="Name"
          required
          maxLength={100}
          placeholder="payments team"
          defaultValue={rule?.name}
        />
        <TextField
          id={id("clusters")}
          name="clusters"
          label="Clusters (empty: all)"
          placeholder="eu-west-prod, us-east-prod"
          defaultValue={rule?.clusters.join(", ")}
        />
        <TextField
          id={id("ns")}
          name="namespaces"
          label="Namespaces (empty: all)"
          placeholder="payments"
          defaultValue={rule?.namespaces.join(", ")}
          hint="A namespace-scoped rule gets only events of those namespaces."
        />
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
          <SelectField
            id={id("sev")}
            name="minSeverity"
            label="At or above severity"
            defaultValue={rule?.minSeverity ?? ""}
            options={[["", "any"], ...SEVERITIES.map((s) => [s, s] as const)]}
          />
          <TextField
            id={id("days")}
            name="daysAhead"
            label="Expiry warnings, days ahead"
            type="number"
            min={1}
            max={365}
            defaultValue={rule?.daysAhead ?? 14}
            hint="Certificates, trust anchors and risk acceptances; once per item."
          />
        </div>
      </div>
      <EditFooter what="rule" editing={!!rule} state={form.state} pending={form.pending} />
    </form>
  );
}
