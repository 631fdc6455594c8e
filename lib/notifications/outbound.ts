import "server-only";

// Outbound requests of notification channels. Redirects are never followed (a receiver cannot bounce a
// message, or its signature, to another host). The address policy (allow-list, refusing link-local and
// cloud-metadata addresses) is the one pull connectors use.
export async function checkedFetch(url: string, init: RequestInit): Promise<Response> {
  return fetch(url, { ...init, redirect: "manual" });
}
