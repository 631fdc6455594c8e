// Every domain's job definitions, imported for their registration side effect.
import "@/lib/sources/runner";
import "@/lib/telemetry/detection";
import "@/lib/risks/jobs";
import "@/lib/incidents/jobs";
import "@/lib/certificates/jobs";
import "@/lib/policy/deny-counts";
import "@/lib/kpi/jobs";
import "@/lib/notifications/jobs";
import "@/lib/audit/jobs";
import "@/lib/reports/jobs";
import "@/lib/retention/jobs";
