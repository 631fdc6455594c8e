// List-then-watch for one resource, the way Kubernetes clients keep a view current: a full list (paged)
// gives the collection and its resourceVersion; a watch from there streams every change after it; when the
// stream ends (the server's timeoutSeconds) the watch resumes from the last resourceVersion seen (objects'
// and bookmarks'); when that version is too old for the server (410 Gone, as an HTTP status or an ERROR
// event), the resource is listed again. Started with a saved resourceVersion, it watches from there
// without listing.
import { backoffMs, sleep } from "./backoff";
import { type KubeClient, KubeError, type KubeObject } from "./kube-client";
import type { ServedResource } from "./resources";

export type ReflectorEvent =
  /** The whole collection as of `resourceVersion` (a list, after start, 410 or a resync). */
  | { type: "listed"; items: KubeObject[]; resourceVersion: string }
  | { type: "ADDED" | "MODIFIED" | "DELETED"; object: KubeObject; resourceVersion: string }
  /** A bookmark: nothing of interest up to here. */
  | { type: "BOOKMARK"; resourceVersion: string };

export interface WatchHealth {
  state: "starting" | "listing" | "watching" | "retrying";
  resourceVersion: string | null;
  lastEventAt: string | null;
  /** Full lists since start (the first one, after 410 Gone, resyncs). */
  lists: number;
  /** 410 Gone answers: the saved or current resourceVersion had left the server's history. */
  expired: number;
  lastError: string | null;
}

export interface ReflectorOptions {
  resourceVersion: string | null;
  watchTimeoutSeconds: number;
  maxBackoffMs: number;
  emit: (e: ReflectorEvent) => void;
  log: (line: string) => void;
}

interface KubeList {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: KubeObject[];
}

const PAGE = 500;

export class Reflector {
  readonly health: WatchHealth;
  private listDue: boolean;
  private current: AbortController | null = null;

  constructor(
    private readonly client: KubeClient,
    readonly resource: ServedResource,
    private readonly o: ReflectorOptions,
  ) {
    this.health = {
      state: "starting",
      resourceVersion: o.resourceVersion,
      lastEventAt: null,
      lists: 0,
      expired: 0,
      lastError: null,
    };
    this.listDue = !o.resourceVersion;
  }

  /** List again now (a resync, or after the agent dropped changes): the listing makes the centre whole. */
  relist(): void {
    this.listDue = true;
    this.current?.abort();
  }

  async run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      const ac = new AbortController();
      this.current = ac;
      const stop = () => ac.abort();
      signal.addEventListener("abort", stop, { once: true });
      try {
        if (this.listDue) await this.list();
        await this.watch(ac.signal);
        failures = 0;
      } catch (e) {
        if (signal.aborted) break;
        if (ac.signal.aborted) continue; // relist() asked for a new list
        if (e instanceof KubeError && e.status === 410) {
          this.health.expired++;
          this.o.log(
            `${this.resource.id}: resourceVersion ${this.health.resourceVersion} expired; listing again`,
          );
          this.listDue = true;
          continue;
        }
        failures++;
        this.health.state = "retrying";
        this.health.lastError = e instanceof Error ? e.message : String(e);
        const wait = backoffMs(failures, this.o.maxBackoffMs);
        this.o.log(
          `${this.resource.id}: ${this.health.lastError}; retrying in ${Math.round(wait / 100) / 10} s`,
        );
        await sleep(wait, signal);
      } finally {
        signal.removeEventListener("abort", stop);
        this.current = null;
      }
    }
  }

  /** Every page of the collection, then one `listed` event with all of it. */
  private async list(): Promise<void> {
    this.health.state = "listing";
    const { group, version, kind } = this.resource;
    const items: KubeObject[] = [];
    let cont: string | undefined;
    let rv = "";
    do {
      const q = new URLSearchParams({ limit: String(PAGE) });
      if (cont) q.set("continue", cont);
      const page = await this.client.get<KubeList>(`${this.resource.path}?${q}`);
      if (!Array.isArray(page?.items)) throw new Error(`LIST ${this.resource.path}: not a List`);
      // A list's items leave out kind and apiVersion; the ingest formats want them.
      for (const it of page.items) items.push({ apiVersion: `${group}/${version}`, kind, ...it });
      rv = page.metadata?.resourceVersion ?? "";
      cont = page.metadata?.continue || undefined;
    } while (cont);
    if (!rv) throw new Error(`LIST ${this.resource.path}: no resourceVersion`);
    this.listDue = false;
    this.health.lists++;
    this.health.resourceVersion = rv;
    this.health.lastEventAt = new Date().toISOString();
    this.o.emit({ type: "listed", items, resourceVersion: rv });
  }

  /** One watch from the current resourceVersion, until the server ends it. */
  private async watch(signal: AbortSignal): Promise<void> {
    const q = new URLSearchParams({
      watch: "1",
      resourceVersion: this.health.resourceVersion ?? "",
      allowWatchBookmarks: "true",
      timeoutSeconds: String(this.o.watchTimeoutSeconds),
    });
    this.health.state = "watching";
    this.health.lastError = null;
    for await (const ev of this.client.watch(`${this.resource.path}?${q}`, signal)) {
      if (ev.type === "ERROR") {
        const s = ev.object as { code?: number; reason?: string };
        throw new KubeError(s.code ?? 500, s.reason ?? null, `WATCH ${this.resource.path}: ERROR ${s.code}`);
      }
      const rv = ev.object?.metadata?.resourceVersion;
      if (!rv) continue;
      this.health.resourceVersion = rv;
      this.health.lastEventAt = new Date().toISOString();
      if (ev.type === "BOOKMARK") this.o.emit({ type: "BOOKMARK", resourceVersion: rv });
      else if (ev.type === "ADDED" || ev.type === "MODIFIED" || ev.type === "DELETED") {
        const { group, version, kind } = this.resource;
        this.o.emit({
          type: ev.type,
          object: { apiVersion: `${group}/${version}`, kind, ...ev.object },
          resourceVersion: rv,
        });
      }
    }
  }
}
