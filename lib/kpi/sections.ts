// Every domain's KPI section, imported for its registration side effect (lib/kpi/registry.ts).
import "@/lib/certificates/kpi";
import "@/lib/policy/kpi";
import "@/lib/telemetry/kpi";
import "@/lib/risks/kpi";
import "@/lib/incidents/kpi";
