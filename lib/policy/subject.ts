// Namespace and workload of a decision's subject, so denied decisions can be linked to incidents about
// the same workload (docs/kpis.md, incident timestamps). Subjects come as SPIFFE IDs (spiffe://td/ns/<ns>/sa/<sa>, the service
// account standing for the workload), "cluster/ns/workload" (Hubble), "ns/workload", or addresses.

export interface WorkloadRef {
  namespace: string | null;
  workload: string | null;
}

export function workloadOfSubject(subject: string | null): WorkloadRef {
  if (!subject) return { namespace: null, workload: null };
  const spiffe = /^spiffe:\/\/[^/]+\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(subject);
  if (spiffe) return { namespace: spiffe[1], workload: spiffe[2] };
  const parts = subject.split("/");
  if (parts.length === 3 && parts.every(Boolean)) return { namespace: parts[1], workload: parts[2] };
  if (parts.length === 2 && parts.every(Boolean)) return { namespace: parts[0], workload: parts[1] };
  return { namespace: null, workload: null };
}
