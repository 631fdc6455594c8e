"use client";

import { useState } from "react";
import { SubmitRow } from "@/components/ui/FormStatus";
import { apiFetch } from "@/lib/client/api";
import { useApiForm } from "@/lib/client/use-api-form";

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

export function ChannelForm() {
  const [kind, setKind] = useState<(typeof KINDS)[number]["kind"]>("webhook");
  const k = KINDS.find((x) => x.kind === kind);
  const form = useApiForm(async (f) => {
    const target = String(f.get("target") ?? "").trim();
    const config = kind === "email" ? { to: target.split(/[,\s]+/).filter(Boolean) } : { url: target };
    const secret = String(f.get("secret") ?? "");
    await apiFetch("/api/v1/notifications/channels", {
      method: "POST",
      body: {
        name: f.get("name"),
        kind,
        config,
        ratePerMinute: Number(f.get("rate")),
        ...(secret ? { secret } : {}),
      },
    });
  });

  return (
    <form onSubmit={form.onSubmit} aria-label="Add a channel">
      <div className="grid grid-3">
        <div className="field">
          <label htmlFor="ch-kind">Kind</label>
          <select id="ch-kind" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            {KINDS.map((x) => (
              <option key={x.kind} value={x.kind}>
                {x.label}
              </option>
            ))}
          </select>
          <div className="hint">{k?.hint}</div>
        </div>
        <div className="field">
          <label htmlFor="ch-name">Name</label>
          <input id="ch-name" name="name" required maxLength={100} placeholder="sec-ops slack" />
        </div>
        <div className="field">
          <label htmlFor="ch-target">{kind === "email" ? "Recipients" : "URL"}</label>
          <input
            id="ch-target"
            name="target"
            required
            type={kind === "email" ? "text" : "url"}
            placeholder={kind === "email" ? "secops@example.com, ciso@example.com" : "https://…"}
          />
        </div>
      </div>
      <div className="grid grid-3">
        {kind === "webhook" && (
          <div className="field">
            <label htmlFor="ch-secret">Signing secret (optional, stored encrypted)</label>
            <input id="ch-secret" name="secret" type="password" autoComplete="off" />
          </div>
        )}
        <div className="field">
          <label htmlFor="ch-rate">At most, per minute</label>
          <input id="ch-rate" name="rate" type="number" min={1} max={600} defaultValue={10} />
          <div className="hint">More waits and goes out as one digest.</div>
        </div>
      </div>
      <SubmitRow state={form.state} pending={form.pending} label="Add channel" pendingLabel="Adding…" />
    </form>
  );
}
