// Every domain's job definitions, imported for their registration side effect.
import "@/lib/sources/runner";
import "@/lib/kpi/jobs";
