// Every domain's KPI section, imported for its registration side effect (lib/kpi/registry.ts).
import "@/lib/policy/kpi";
export {};
