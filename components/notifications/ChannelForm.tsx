"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { TextField } from "@/components/ui/Field";
import { apiFetch } from "@/lib/client/api";
import { useApiForm } from "@/lib/client/use-api-form";
import { EditFooter } from "./EditFooter";

const KINDS = [
  {
    kind: "webhook",
    label: "Webhook (JSON, signed)",
    hint: "Any HTTPS endpoint. With a secret, each body carries X-Posture-Signature: sha256=<HMAC>.",
  },
  {
    kind: "slack",
    label: "Slack",
    hint: "An incoming webhook URL (https://hooks.slack.com/services/…); stored encrypted.",
  },
  {
    kind: "teams",
    label: "Microsoft Teams",
    hint: "A workflow webhook URL (“Post to a channel when a webhook request is received”); stored encrypted.",
  },
  {
    kind: "email",
    label: "E-mail",
    hint: "Recipients, comma separated. Sent through the SMTP server in POSTURE_SMTP_URL.",
  },
] as const;
type Kind = (typeof KINDS)[number]["kind"];

/** A channel as the edit form receives it (no secret: only whether one is stored). */
export interface ChannelDraft {
  id: string;
  name: string;
  kind: string;
  config: Record<string, unknown>;
  ratePerMinute: number;
  hasSecret: boolean;
}

/** The destination as typed: e-mail recipients, or the URL (Slack/Teams URLs are stored encrypted). */
function shownTarget(c: ChannelDraft | undefined): string {
  if (!c) return "";
  if (c.kind === "email") return ((c.config.to as string[]) ?? []).join(", ");
  return typeof c.config.url === "string" ? c.config.url : "";
}

/** Add a channel, or with `channel` edit it (PATCH: only what the form can change; kind stays). */
export function ChannelForm({ channel }: { channel?: ChannelDraft }) {
  const router = useRouter();
  const [kind, setKind] = useState<Kind>((channel?.kind as Kind) ?? "webhook");
  const k = KINDS.find((x) => x.kind === kind);
  // Slack and Teams URLs are credentials: never sent back to the browser, so an empty field keeps them.
  const urlHidden = !!channel && (kind === "slack" || kind === "teams");
  const form = useApiForm(async (f) => {
    const target = String(f.get("target") ?? "").trim();
    const config = kind === "email" ? { to: target.split(/[,\s]+/).filter(Boolean) } : { url: target };
    const secret = String(f.get("secret") ?? "");
    const common = {
      name: f.get("name"),
      ratePerMinute: Number(f.get("rate")),
      ...(secret ? { secret } : {}),
    };
    if (!channel) {
      await apiFetch("/api/v1/notifications/channels", { method: "POST", body: { ...common, kind, config } });
      return `Channel ${f.get("name")} added.`;
    }
    await apiFetch(`/api/v1/notifications/channels/${channel.id}`, {
      method: "PATCH",
      body: { ...common, ...(target || !urlHidden ? { config } : {}) },
    });
    router.push("/notifications");
    return `Channel ${f.get("name")} saved.`;
  });
  const id = (s: string) => `ch-${channel ? "edit-" : ""}${s}`;

  return (
    <form onSubmit={form.onSubmit} aria-label={channel ? `Edit channel ${channel.name}` : "Add a channel"}>
      <div className="grid grid-3">
        <div className="field">
          <label htmlFor={id("kind")}>Kind</label>
          <select
            id={id("kind")}
            value={kind}
            disabled={!!channel}
            onChange={(e) => setKind(e.target.value as Kind)}
          >
            {KINDS.map((x) => (
              <option key={x.kind} value={x.kind}>
                {x.label}
              </option>
            ))}
          </select>
          <div className="hint">{k?.hint}</div>
        </div>
        <TextField
          id={id("name")}
          name="name"
          label="Name"
          required
          maxLength={100}
          placeholder="sec-ops slack"
          defaultValue={channel?.name}
        />
        <TextField
          id={id("target")}
          name="target"
          label={kind === "email" ? "Recipients" : "URL"}
          required={!urlHidden}
          type={kind === "email" ? "text" : "url"}
          defaultValue={shownTarget(channel)}
          placeholder={
            urlHidden
              ? "stored encrypted; empty keeps it"
              : kind === "email"
                ? "secops@example.com, ciso@example.com"
                : "https://…"
          }
        />
      </div>
      <div className="grid grid-3">
        {kind === "webhook" && (
          <TextField
            id={id("secret")}
            name="secret"
            label="Signing secret (optional, stored encrypted)"
            type="password"
            autoComplete="off"
            placeholder={channel?.hasSecret ? "set; empty keeps it" : undefined}
          />
        )}
        <TextField
          id={id("rate")}
          name="rate"
          label="At most, per minute"
          type="number"
          min={1}
          max={600}
          defaultValue={channel?.ratePerMinute ?? 10}
          hint="More waits and goes out as one digest."
        />
      </div>
      <EditFooter what="channel" editing={!!channel} state={form.state} pending={form.pending} />
    </form>
  );
}
