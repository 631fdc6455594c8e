// Exponential backoff with jitter, shared by the agent's watches and its pushes to the centre.

/**
 * The wait before attempt `failures` + 1: base·2^(failures−1), capped at `max`, then a random point in its
 * upper half ("equal jitter"), so many agents that lost the centre together do not come back in step.
 */
export function backoffMs(failures: number, max: number, base = 500, random = Math.random): number {
  const exp = Math.min(max, base * 2 ** Math.max(0, failures - 1));
  return Math.round(exp / 2 + (exp / 2) * random());
}

/** Resolves after `ms`, or at once when the signal aborts (never rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
