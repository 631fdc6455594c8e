// Every domain's attention provider and report section, imported for their registration side effect
// (lib/reports/registry.ts). One import line per domain.
export {};
