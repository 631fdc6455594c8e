// Every pull connector, imported for its registration side effect (lib/sources/connectors.ts).
import "@/lib/certificates/connectors";
import "@/lib/telemetry/connector";
