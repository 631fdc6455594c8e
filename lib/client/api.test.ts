import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/api";
import { ApiError, apiFetch, errorState, withQuery } from "./api";

// The client must read exactly what the server's one error writer (errorResponse) sends.
function answer(res: Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return res;
  });
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

describe("apiFetch", () => {
  it("turns the API's error shape into an ApiError with code, status, message and field errors", async () => {
    const details = [{ path: "config.url", message: "must be an http(s) URL" }];
    answer(errorResponse(new AppError("bad_request", "Invalid input: config.url", details)));
    const err = (await apiFetch("/api/v1/sources", { method: "POST", body: {} }).catch((e) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      code: "bad_request",
      status: 400,
      message: "Invalid input: config.url",
      details,
    });
    expect(err.fieldErrors).toEqual({ config: "must be an http(s) URL" });
    expect(errorState(err)).toEqual({
      ok: false,
      message: "Invalid input: config.url",
      fieldErrors: { config: "must be an http(s) URL" },
    });
  });

  it("keeps the code of a conflict and of an unexpected error", async () => {
    answer(errorResponse(new AppError("conflict", "A source named x exists")));
    await expect(apiFetch("/x")).rejects.toMatchObject({ code: "conflict", status: 409 });
    answer(errorResponse(new Error("boom")));
    await expect(apiFetch("/x")).rejects.toMatchObject({ code: "internal", status: 500 });
  });

  it("names a non-JSON failure by its status and an unreachable server as network", async () => {
    answer(new Response("<html>bad gateway</html>", { status: 502 }));
    await expect(apiFetch("/x")).rejects.toMatchObject({
      code: "internal",
      message: "Request failed (HTTP 502)",
    });
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("fetch failed");
    });
    await expect(apiFetch("/x")).rejects.toMatchObject({ code: "network", status: 0 });
  });

  it("sends plain values as JSON and files as they are, and returns the body", async () => {
    const calls = answer(Response.json({ id: "s1" }));
    await expect(
      apiFetch<{ id: string }>("/api/v1/sources", { method: "POST", body: { a: 1 } }),
    ).resolves.toEqual({
      id: "s1",
    });
    expect(calls[0].init.body).toBe('{"a":1}');
    expect((calls[0].init.headers as Record<string, string>)["content-type"]).toBe("application/json");
    const file = new Blob(["-----BEGIN CERTIFICATE-----"]);
    const raw = answer(Response.json({}));
    await apiFetch("/up", { method: "POST", body: file });
    expect(raw[0].init.body).toBe(file);
    expect((raw[0].init.headers as Record<string, string>)["content-type"]).toBeUndefined();
  });

  it("appends only the query values that are set", () => {
    expect(withQuery("/api/v1/overview", { period: "30d", cluster: null, x: "" })).toBe(
      "/api/v1/overview?period=30d",
    );
    expect(withQuery("/a?b=1", { c: 2 })).toBe("/a?b=1&c=2");
  });
});
