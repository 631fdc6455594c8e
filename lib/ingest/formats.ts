// Every ingest format, imported for its registration side effect (lib/ingest/registry.ts).
// Each domain adds one line here: its parsers live in lib/<domain>/, not in lib/ingest.
import "@/lib/certificates/formats";
import "@/lib/policy/formats";
import "@/lib/telemetry/formats";
import "@/lib/incidents/formats";
