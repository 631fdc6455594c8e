// Every pull connector, imported for its registration side effect (lib/sources/connectors.ts).
import "@/lib/certificates/connectors";

export {};
import "@/lib/telemetry/connector";
