// A local HTTPS stand-in for a Kubernetes API server, for the agent's tests: discovery (/apis, a group, a
// group version's resources), paged lists (limit/continue) and watches, with one resourceVersion counter
// across all objects as etcd has. A watch streams newline-separated JSON events over a chunked response
// ({"type":"ADDED"|"MODIFIED"|"DELETED"|"BOOKMARK"|"ERROR","object":…}, objects with kind, apiVersion and
// metadata.resourceVersion); it replays the history after the resourceVersion asked for, and answers a
// version older than its (compacted) history the way the API server's watch cache does: HTTP 200, one
// ERROR event carrying a 410 Expired Status, end of stream. `timeoutSeconds` ends a watch; bookmarks go to
// watches that asked for them. Tokens are checked, and RBAC per resource answers 403 Status objects.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import type { TestPki } from "./test-pki";

export interface StandinKind {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

type Obj = {
  apiVersion?: string;
  kind?: string;
  metadata: Record<string, unknown> & { name: string; namespace?: string; resourceVersion?: string };
  [k: string]: unknown;
};
type EventType = "ADDED" | "MODIFIED" | "DELETED";
interface Event {
  rv: number;
  resource: string;
  type: EventType;
  object: Obj;
}
interface Watcher {
  resource: string;
  namespace: string | null;
  bookmarks: boolean;
  res: ServerResponse;
}

const VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
const gvOf = (k: StandinKind) => `${k.group}/${k.version}`;
const idOf = (k: StandinKind) => `${gvOf(k)}/${k.plural}`;

export class KubeApiStandin {
  private rv = 1000;
  /** Events at or below this resourceVersion are gone from the history (etcd compaction). */
  private compactedTo = 0;
  private readonly objects = new Map<string, Map<string, Obj>>();
  private readonly history: Event[] = [];
  private readonly watchers = new Set<Watcher>();
  private server: Server | null = null;
  /** Every request: "GET /apis/…?…". */
  readonly requests: string[] = [];
  url = "";

  constructor(
    private readonly kinds: StandinKind[],
    /** token → the resource ids it may get/list/watch ("*": all). */
    private readonly tokens: Record<string, string[] | "*">,
  ) {
    for (const k of kinds) this.objects.set(idOf(k), new Map());
  }

  async start(pki: TestPki): Promise<void> {
    this.server = createServer({ key: readFileSync(pki.leafKey), cert: readFileSync(pki.leaf) }, (req, res) =>
      this.handle(req, res),
    );
    await new Promise<void>((r) => this.server?.listen(0, "127.0.0.1", () => r()));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.endWatches();
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }

  get resourceVersion(): string {
    return String(this.rv);
  }

  /** Create or replace an object, as `kubectl apply` would: ADDED or MODIFIED to every watch. */
  apply(resource: string, object: Obj): Obj {
    const store = this.store(resource);
    const key = `${object.metadata.namespace ?? ""}/${object.metadata.name}`;
    const had = store.get(key);
    const meta = {
      ...object.metadata,
      uid: had?.metadata.uid ?? randomUUID(),
      creationTimestamp:
        had?.metadata.creationTimestamp ?? new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
      resourceVersion: String(++this.rv),
    };
    const { apiVersion: _a, kind: _k, ...rest } = object;
    const stored = { ...rest, metadata: meta } as Obj;
    store.set(key, stored);
    this.publish({ rv: this.rv, resource, type: had ? "MODIFIED" : "ADDED", object: stored });
    return stored;
  }

  delete(resource: string, namespace: string | undefined, name: string): void {
    const store = this.store(resource);
    const key = `${namespace ?? ""}/${name}`;
    const had = store.get(key);
    if (!had) throw new Error(`no ${resource} ${key}`);
    store.delete(key);
    const object = { ...had, metadata: { ...had.metadata, resourceVersion: String(++this.rv) } };
    this.publish({ rv: this.rv, resource, type: "DELETED", object });
  }

  /** Drop the history up to now: a watch from an older resourceVersion gets 410 Gone. */
  compact(): void {
    this.compactedTo = this.rv;
    this.history.length = 0;
  }

  /** A BOOKMARK at the current resourceVersion to every watch that allowed bookmarks. */
  bookmark(): void {
    for (const w of this.watchers) {
      if (!w.bookmarks) continue;
      const k = this.kind(w.resource);
      this.write(w, "BOOKMARK", {
        kind: k.kind,
        apiVersion: gvOf(k),
        metadata: { name: "", resourceVersion: String(this.rv) },
      });
    }
  }

  /** End every open watch, as the server does when a watch's timeoutSeconds is up. */
  endWatches(): void {
    for (const w of this.watchers) w.res.end();
    this.watchers.clear();
  }

  get openWatches(): number {
    return this.watchers.size;
  }

  private kind(resource: string): StandinKind {
    const k = this.kinds.find((x) => idOf(x) === resource);
    if (!k) throw new Error(`the stand-in does not serve ${resource}`);
    return k;
  }

  private store(resource: string) {
    this.kind(resource);
    return this.objects.get(resource) as Map<string, Obj>;
  }

  private publish(e: Event) {
    this.history.push(e);
    for (const w of this.watchers)
      if (w.resource === e.resource && (!w.namespace || w.namespace === e.object.metadata.namespace))
        this.write(w, e.type, e.object);
  }

  private write(w: Watcher, type: string, object: Obj) {
    const k = this.kind(w.resource);
    w.res.write(`${JSON.stringify({ type, object: { apiVersion: gvOf(k), kind: k.kind, ...object } })}\n`);
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    this.requests.push(`${req.method} ${req.url}`);
    const json = (code: number, body: unknown) =>
      res.writeHead(code, { "content-type": "application/json" }).end(JSON.stringify(body));
    const status = (code: number, reason: string, message: string) =>
      json(code, {
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message,
        reason,
        code,
      });
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const allowed = token ? this.tokens[token] : undefined;
    if (!allowed) return status(401, "Unauthorized", "Unauthorized");
    const u = new URL(req.url ?? "/", "https://x");
    const parts = u.pathname.split("/").filter(Boolean);
    if (req.method !== "GET") return status(405, "MethodNotAllowed", "the stand-in is read-only");
    if (u.pathname === "/apis")
      return json(200, { kind: "APIGroupList", apiVersion: "v1", groups: this.groups() });
    if (parts[0] !== "apis")
      return status(404, "NotFound", "the server could not find the requested resource");
    const group = this.groups().find((g) => g.name === parts[1]);
    if (!group) return status(404, "NotFound", "the server could not find the requested resource");
    if (parts.length === 2) return json(200, { kind: "APIGroup", apiVersion: "v1", ...group });
    const version = parts[2];
    if (parts.length === 3) {
      const resources = this.kinds
        .filter((k) => k.group === parts[1] && k.version === version)
        .map((k) => ({
          name: k.plural,
          singularName: k.kind.toLowerCase(),
          namespaced: k.namespaced,
          kind: k.kind,
          verbs: VERBS,
        }));
      if (!resources.length)
        return status(404, "NotFound", "the server could not find the requested resource");
      return json(200, {
        kind: "APIResourceList",
        apiVersion: "v1",
        groupVersion: `${parts[1]}/${version}`,
        resources,
      });
    }
    // /apis/g/v/plural or /apis/g/v/namespaces/ns/plural
    const namespace = parts[3] === "namespaces" ? parts[4] : null;
    const plural = namespace ? parts[5] : parts[3];
    const resource = `${parts[1]}/${version}/${plural}`;
    const k = this.kinds.find((x) => idOf(x) === resource);
    if (!k || parts.length !== (namespace ? 6 : 4))
      return status(404, "NotFound", "the server could not find the requested resource");
    const watch = u.searchParams.get("watch") === "1" || u.searchParams.get("watch") === "true";
    if (allowed !== "*" && !allowed.includes(resource))
      return status(
        403,
        "Forbidden",
        `${plural}.${k.group} is forbidden: User "system:serviceaccount:posture-agent:posture-agent" cannot ${watch ? "watch" : "list"} resource "${plural}" in API group "${k.group}" at the cluster scope`,
      );
    if (watch) return this.watch(k, namespace, u.searchParams, res);
    return this.list(k, namespace, u.searchParams, json, status);
  }

  private groups() {
    const names = [...new Set(this.kinds.map((k) => k.group))];
    return names.map((name) => {
      const versions = [...new Set(this.kinds.filter((k) => k.group === name).map((k) => k.version))];
      const v = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
      return { name, versions: v, preferredVersion: v[0] };
    });
  }

  private list(
    k: StandinKind,
    namespace: string | null,
    q: URLSearchParams,
    json: (code: number, body: unknown) => void,
    status: (code: number, reason: string, message: string) => void,
  ) {
    const all = [...this.store(idOf(k)).values()]
      .filter((o) => !namespace || o.metadata.namespace === namespace)
      .sort((a, b) =>
        `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(
          `${b.metadata.namespace}/${b.metadata.name}`,
        ),
      );
    const limit = Number(q.get("limit") ?? 0) || all.length;
    let start = 0;
    let rv = this.rv;
    const cont = q.get("continue");
    if (cont) {
      const c = JSON.parse(Buffer.from(cont, "base64url").toString()) as { rv: number; start: number };
      if (c.rv <= this.compactedTo)
        return status(
          410,
          "Expired",
          "The provided continue parameter is too old to display a consistent list result.",
        );
      ({ start, rv } = c);
    }
    const items = all.slice(start, start + limit);
    const more = start + limit < all.length;
    json(200, {
      apiVersion: gvOf(k),
      kind: `${k.kind}List`,
      metadata: {
        resourceVersion: String(rv),
        ...(more
          ? { continue: Buffer.from(JSON.stringify({ rv, start: start + limit })).toString("base64url") }
          : {}),
      },
      items,
    });
  }

  private watch(k: StandinKind, namespace: string | null, q: URLSearchParams, res: ServerResponse) {
    res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
    const w: Watcher = {
      resource: idOf(k),
      namespace,
      bookmarks: q.get("allowWatchBookmarks") === "true",
      res,
    };
    const from = Number(q.get("resourceVersion") || 0);
    if (from && from < this.compactedTo) {
      this.write(w, "ERROR", {
        kind: "Status",
        apiVersion: "v1",
        metadata: {} as Obj["metadata"],
        status: "Failure",
        message: `too old resource version: ${from} (${this.compactedTo})`,
        reason: "Expired",
        code: 410,
      } as unknown as Obj);
      res.end();
      return;
    }
    if (!from) for (const o of this.store(w.resource).values()) this.write(w, "ADDED", o);
    else
      for (const e of this.history)
        if (
          e.resource === w.resource &&
          e.rv > from &&
          (!namespace || e.object.metadata.namespace === namespace)
        )
          this.write(w, e.type, e.object);
    this.watchers.add(w);
    const timeout = Number(q.get("timeoutSeconds") ?? 0);
    const timer = timeout ? setTimeout(() => res.end(), timeout * 1000) : null;
    res.on("close", () => {
      if (timer) clearTimeout(timer);
      this.watchers.delete(w);
    });
  }
}
