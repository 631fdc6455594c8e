// E-mail through a real SMTP server on loopback (Debian's python3-aiosmtpd, writing a Maildir): an e-mail
// channel receives an incident, and the scheduled executive report arrives with its PDF — once per period,
// and a period missed while the worker was down is sent when it runs again.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createChannel } from "@/app/api/v1/notifications/channels/[id]/test/route";
import { POST as createChannelRoute } from "@/app/api/v1/notifications/channels/route";
import { POST as createReportMail } from "@/app/api/v1/notifications/report-mails/route";
import { runNotifications } from "@/lib/notifications/dispatch";
import { sendDueReportMails } from "@/lib/notifications/report-mail";
import { call, db, tokenFor } from "./fixtures";
import { startPrintServer } from "./print-server";

const PYTHON = ["/usr/bin/python3", "python3"].find((p) => {
  try {
    execFileSync(p, ["-c", "import aiosmtpd"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

let smtp: ChildProcess;
let maildir = "";

async function mails(): Promise<string[]> {
  const dir = path.join(maildir, "new");
  try {
    return readdirSync(dir).map((f) => readFileSync(path.join(dir, f), "utf8"));
  } catch {
    return [];
  }
}

async function waitForMails(n: number): Promise<string[]> {
  const until = Date.now() + 20_000;
  for (;;) {
    const m = await mails();
    if (m.length >= n || Date.now() > until) return m;
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  if (!PYTHON)
    throw new Error(
      "python3-aiosmtpd is not installed: `apt-get install -y python3-aiosmtpd` (this test needs a real SMTP server)",
    );
  // Python's Maildir creates new/cur/tmp only for a path that does not exist yet.
  maildir = path.join(mkdtempSync(path.join(tmpdir(), "posture-smtp-")), "Maildir");
  const port = await freePort();
  smtp = spawn(
    PYTHON,
    ["-m", "aiosmtpd", "-n", "-l", `127.0.0.1:${port}`, "-c", "aiosmtpd.handlers.Mailbox", maildir],
    {
      stdio: "ignore",
    },
  );
  // Wait until it accepts connections.
  const until = Date.now() + 15_000;
  for (;;) {
    const ok = await new Promise<boolean>((r) => {
      const s = connect(port, "127.0.0.1");
      s.on("connect", () => {
        s.end();
        r(true);
      });
      s.on("error", () => r(false));
    });
    if (ok) break;
    if (Date.now() > until) throw new Error("aiosmtpd did not start");
    await new Promise((r) => setTimeout(r, 200));
  }
  process.env.POSTURE_SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.POSTURE_SMTP_FROM = "Posture <posture@test.local>";
  // The report's PDF is its /print page printed by Chromium; here a stand-in serves that page.
  printer = await startPrintServer();
  process.env.POSTURE_RENDER_URL = printer.url;
  const { reloadEnv } = await import("@/lib/config/env");
  reloadEnv();
}, 30_000);

let printer: Awaited<ReturnType<typeof startPrintServer>> | undefined;

afterAll(async () => {
  await printer?.close();
  const { closePrinter } = await import("@/lib/reports/pdf");
  await closePrinter();
  smtp?.kill("SIGTERM");
  rmSync(path.dirname(maildir), { recursive: true, force: true });
});

describe("e-mail", () => {
  it("an e-mail channel's test message reaches the SMTP server", async () => {
    const admin = await tokenFor("admin");
    const ch = await call(createChannelRoute, {
      token: admin,
      body: { name: "mail-ops", kind: "email", config: { to: ["ops@example.com", "sec@example.com"] } },
    });
    expect(ch.status).toBe(201);
    const t = await call(createChannel, { token: admin, method: "POST", params: { id: ch.json.id } });
    expect(t.status).toBe(202);
    await runNotifications();
    const got = await waitForMails(1);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(/^Subject: \[Posture\] .*Test message from Posture/m);
    expect(got[0]).toMatch(/^To: ops@example.com, sec@example.com/m);
  });

  it("sends the scheduled executive report with its PDF once per period, catching up after downtime", async () => {
    const admin = await tokenFor("admin");
    const before = (await mails()).length;
    const r = await call(createReportMail, {
      token: admin,
      body: { name: "board weekly", cadence: "weekly", recipients: ["ciso@example.com"] },
    });
    expect(r.status).toBe(201);
    // The schedule has existed for weeks; the worker was down when last week's report was due.
    await db().query(
      `UPDATE report_mail_schedule SET "createdAt" = now() - interval '30 days', "lastPeriod" = '2000-01-03..2000-01-09' WHERE id = $1`,
      [r.json.id],
    );
    const now = new Date();
    const first = await sendDueReportMails(now);
    const status = await db().query(`SELECT "lastError" FROM report_mail_schedule WHERE id = $1`, [
      r.json.id,
    ]);
    expect(status[0]).toEqual({ lastError: null });
    expect(first).toEqual({ sent: 1, failed: 0 });
    const got = await waitForMails(before + 1);
    const mail = got.find((m) => m.includes("ciso@example.com"));
    expect(mail).toBeDefined();
    // Subjects with non-ASCII text (the dash) are RFC 2047 encoded words.
    expect(mail).toMatch(/^Subject: =\?UTF-8\?Q\?Posture_executive_report/m);
    expect(mail).toMatch(
      /Content-Type: application\/pdf;\s+name=posture-report-\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}\.pdf/,
    );
    // The attachment is a real PDF.
    const b64 = /Content-Transfer-Encoding: base64\r?\n(?:[^\r\n]+\r?\n)*?\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(
      mail!.slice(mail!.indexOf("application/pdf")),
    );
    expect(Buffer.from(b64![1].replace(/\s/g, ""), "base64").subarray(0, 5).toString()).toBe("%PDF-");
    // Once per period.
    expect(await sendDueReportMails(now)).toEqual({ sent: 0, failed: 0 });
  }, 120_000);
});
