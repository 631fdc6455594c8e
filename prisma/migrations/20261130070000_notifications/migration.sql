-- Notifications: channels, rules, events, deliveries, messages and attempts; scheduled report e-mails
-- (prisma/schema/notifications.prisma).
CREATE TABLE "notification_channel" (
  "id" UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  "name" TEXT NOT NULL,
  "kind" TEXT NOT NULL,
  "config" JSONB NOT NULL DEFAULT '{}',
  "secretEnc" TEXT,
  "enabled" BOOLEAN NOT NULL DEFAULT true,
  "ratePerMinute" INTEGER NOT NULL DEFAULT 10,
  "leaseUntil" TIMESTAMPTZ(3),
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "notification_channel_name_key" ON "notification_channel"("name");

CREATE TABLE "notification_rule" (
  "id" UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  "name" TEXT NOT NULL,
  "events" TEXT[],
  "channelIds" TEXT[],
  "clusters" TEXT[],
  "namespaces" TEXT[],
  "minSeverity" TEXT,
  "daysAhead" INTEGER NOT NULL DEFAULT 14,
  "enabled" BOOLEAN NOT NULL DEFAULT true,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "notification_rule_name_key" ON "notification_rule"("name");

CREATE TABLE "notification_event" (
  "id" UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  "type" TEXT NOT NULL,
  "dedupeKey" TEXT NOT NULL,
  "severity" TEXT,
  "cluster" TEXT,
  "namespace" TEXT,
  "title" TEXT NOT NULL,
  "detail" TEXT NOT NULL,
  "path" TEXT NOT NULL,
  "data" JSONB NOT NULL DEFAULT '{}',
  "occurredAt" TIMESTAMPTZ(3) NOT NULL,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "dispatchedAt" TIMESTAMPTZ(3)
);
CREATE UNIQUE INDEX "notification_event_dedupeKey_key" ON "notification_event"("dedupeKey");
CREATE INDEX "notification_event_dispatchedAt_idx" ON "notification_event"("dispatchedAt");

CREATE TABLE "notification_delivery" (
  "id" UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  "eventId" UUID NOT NULL REFERENCES "notification_event"("id") ON DELETE CASCADE,
  "ruleId" UUID NOT NULL REFERENCES "notification_rule"("id") ON DELETE CASCADE,
  "channelId" UUID NOT NULL REFERENCES "notification_channel"("id") ON DELETE CASCADE,
  "messageId" UUID,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "notification_delivery_eventId_ruleId_channelId_key"
  ON "notification_delivery"("eventId", "ruleId", "channelId");
CREATE INDEX "notification_delivery_channelId_messageId_idx" ON "notification_delivery"("channelId", "messageId");

CREATE TABLE "notification_message" (
  "id" UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  "channelId" UUID NOT NULL REFERENCES "notification_channel"("id") ON DELETE CASCADE,
  "kind" TEXT NOT NULL,
  "subject" TEXT NOT NULL,
  "eventCount" INTEGER NOT NULL,
  "status" TEXT NOT NULL,
  "attempts" INTEGER NOT NULL DEFAULT 0,
  "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL,
  "lastError" TEXT,
  "sentAt" TIMESTAMPTZ(3),
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX "notification_message_channelId_status_nextAttemptAt_idx"
  ON "notification_message"("channelId", "status", "nextAttemptAt");
CREATE INDEX "notification_message_createdAt_idx" ON "notification_message"("createdAt");

CREATE TABLE "notification_message_event" (
  "messageId" UUID NOT NULL REFERENCES "notification_message"("id") ON DELETE CASCADE,
  "eventId" UUID NOT NULL REFERENCES "notification_event"("id") ON DELETE CASCADE,
  PRIMARY KEY ("messageId", "eventId")
);

CREATE TABLE "notification_attempt" (
  "id" UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  "messageId" UUID NOT NULL REFERENCES "notification_message"("id") ON DELETE CASCADE,
  "at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "ok" BOOLEAN NOT NULL,
  "httpStatus" INTEGER,
  "error" TEXT,
  "durationMs" INTEGER NOT NULL
);
CREATE INDEX "notification_attempt_messageId_at_idx" ON "notification_attempt"("messageId", "at");

CREATE TABLE "notification_kpi_state" (
  "metric" TEXT NOT NULL,
  "scope" TEXT NOT NULL,
  "offTarget" BOOLEAN NOT NULL,
  "value" DOUBLE PRECISION,
  "checkedAt" TIMESTAMPTZ(3) NOT NULL,
  PRIMARY KEY ("metric", "scope")
);

CREATE TABLE "report_mail_schedule" (
  "id" UUID NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
  "name" TEXT NOT NULL,
  "cadence" TEXT NOT NULL,
  "recipients" TEXT[],
  "cluster" TEXT,
  "lastPeriod" TEXT,
  "lastSentAt" TIMESTAMPTZ(3),
  "lastError" TEXT,
  "enabled" BOOLEAN NOT NULL DEFAULT true,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "report_mail_schedule_name_key" ON "report_mail_schedule"("name");
