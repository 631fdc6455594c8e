// Every react-query key in one place, so a mutation invalidates exactly the reads it changes:
// `queryClient.invalidateQueries({ queryKey: queryKeys.certificates.all })` refreshes every inventory page.
// Keys start with the domain, then the parameters that change the answer.

export const queryKeys = {
  certificates: {
    all: ["certificates"] as const,
    list: (qs: string) => ["certificates", "list", qs] as const,
  },
  overview: {
    all: ["overview"] as const,
    scope: (period: string, cluster: string | null) => ["overview", period, cluster] as const,
  },
  policyDecisions: {
    all: ["policy-decisions"] as const,
    page: (filters: object, cursor: string | null) => ["policy-decisions", filters, cursor] as const,
  },
} as const;
