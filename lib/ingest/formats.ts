// Every ingest format, imported for its registration side effect (lib/ingest/registry.ts).
// Each domain adds one line here: its parsers live in lib/<domain>/, not in lib/ingest.
import "@/lib/certificates/ingest";
import "@/lib/policy/ingest";
import "@/lib/telemetry/ingest";
import "@/lib/incidents/ingest";
