"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";

export interface ApiError {
  status: number;
  message: string;
  details?: unknown;
}

/** A JSON call to the risks API that refreshes the server-rendered page on success. */
export function useRiskMutation<T = unknown>() {
  const router = useRouter();
  return useMutation<T, ApiError, { url: string; method?: string; body?: unknown }>({
    mutationFn: async ({ url, method = "POST", body }) => {
      const res = await fetch(url, {
        method,
        headers: body === undefined ? undefined : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = await res.json().catch(() => null);
      if (!res.ok)
        throw {
          status: res.status,
          message: json?.error?.message ?? `Request failed (${res.status})`,
          details: json?.error?.details,
        };
      return json as T;
    },
    onSuccess: () => router.refresh(),
  });
}
