import { SEVERITIES } from "@/lib/severity";
import { FilterSelect } from "./FilterSelect";

/** The severity filter of a list (`?severity=`), most severe first. */
export function SeverityFilter({ value }: { value: string | null | undefined }) {
  return (
    <FilterSelect
      param="severity"
      label="Severity"
      hideLabel
      value={value}
      allLabel="any severity"
      options={SEVERITIES}
    />
  );
}

/** The cluster filter of a list (`?cluster=`). */
export function ClusterFilter({ value, clusters }: { value: string | null | undefined; clusters: string[] }) {
  return (
    <FilterSelect
      param="cluster"
      label="Cluster"
      hideLabel
      value={value}
      allLabel="all clusters"
      options={clusters}
    />
  );
}
