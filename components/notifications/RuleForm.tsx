"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { SubmitRow } from "@/components/ui/FormStatus";
import { apiFetch } from "@/lib/client/api";
import { useApiForm } from "@/lib/client/use-api-form";
import { EVENT_LABEL, EVENT_TYPES } from "@/lib/notifications/schema";
import { SEVERITIES } from "@/lib/severity";

const list = (v: FormDataEntryValue | null) =>
  String(v ?? "")
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** A rule as the edit form receives it. */
export interface RuleDraft {
  id: string;
  name: string;
  events: string[];
  channelIds: string[];
  clusters: string[];
  namespaces: string[];
  minSeverity: string | null;
  daysAhead: number;
}

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
        <fieldset className="field">
          <legend>Events</legend>
          {EVENT_TYPES.map((t) => (
            <label key={t} className="check">
              <input type="checkbox" name="events" value={t} defaultChecked={rule?.events.includes(t)} />{" "}
              {EVENT_LABEL[t]}
            </label>
          ))}
        </fieldset>
        <fieldset className="field">
          <legend>Channels</legend>
          {channels.map((c) => (
            <label key={c.id} className="check">
              <input
                type="checkbox"
                name="channels"
                value={c.id}
                defaultChecked={rule?.channelIds.includes(c.id)}
              />{" "}
              {c.name}
            </label>
          ))}
        </fieldset>
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
      <SubmitRow
        state={form.state}
        pending={form.pending}
        label={rule ? "Save rule" : "Add rule"}
        pendingLabel={rule ? "Saving…" : "Adding…"}
      />
      {rule && (
        <p className="small">
          <Link href="/notifications">Cancel editing</Link>
        </p>
      )}
    </form>
  );
}
