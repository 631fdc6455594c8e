// Pure (parsers import it too): every way a record gets its cluster, in the order they apply, said
// whenever none applied.
export const NO_CLUSTER_HELP =
  "name it with ?cluster= (CLI: --cluster), in an envelope {cluster, collectedAt, source, payload}, in the record itself (e.g. OPA labels.cluster, an alert's cluster label), or set a default cluster on the API token or pull source";
