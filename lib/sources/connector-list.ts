// Every pull connector, imported for its registration side effect (lib/sources/connectors.ts).
export {};
import "@/lib/telemetry/connector";
