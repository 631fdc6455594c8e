"use client";

import { type QueryKey, useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type ApiError, apiFetch } from "./api";

export interface ApiCall {
  url: string;
  /** POST unless given. */
  method?: string;
  body?: unknown;
}

/**
 * A react-query mutation against the REST API: `m.mutate({url, method, body}, {onSuccess, onError})`,
 * `m.isPending`, `m.error` (an ApiError). On success the server-rendered page is refreshed and the given
 * query keys (lib/client/query-keys.ts) are invalidated.
 */
export function useApiMutation<T = unknown>(opts: { invalidate?: QueryKey[]; refresh?: boolean } = {}) {
  const router = useRouter();
  const qc = useQueryClient();
  return useMutation<T, ApiError, ApiCall>({
    mutationFn: ({ url, method = "POST", body }) => apiFetch<T>(url, { method, body }),
    onSuccess: async () => {
      for (const queryKey of opts.invalidate ?? []) await qc.invalidateQueries({ queryKey });
      if (opts.refresh !== false) router.refresh();
    },
  });
}
