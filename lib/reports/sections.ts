// Every domain's attention provider and report section, imported for their registration side effect
// (lib/reports/registry.ts). One import line per domain.
import "@/lib/incidents/report";
import "@/lib/risks/report";
import "@/lib/certificates/report";
