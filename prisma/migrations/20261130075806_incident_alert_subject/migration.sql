-- An alert that names no workload is about `<alertname> <node|instance|service|job>=<value>`; incidents
-- opened by such alerts keep it so only alerts about the same thing join them.
ALTER TABLE "alert" ADD COLUMN "alertSubject" TEXT;
ALTER TABLE "incident" ADD COLUMN "alertSubject" TEXT;
