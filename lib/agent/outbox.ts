// What the agent holds until the centre has it: per resource at most one full listing (a newer one replaces
// it, and supersedes the changes before it), and the changes since, one per object (an object's newer
// state replaces its older one: the centre keeps the latest state only). Changes are bounded by count and
// bytes; past either bound the oldest are dropped and counted, and the agent lists that resource again once
// the centre answers, so the centre converges.
import type { KubeObject } from "./kube-client";

export interface Change {
  resource: string;
  key: string;
  type: "ADDED" | "MODIFIED" | "DELETED";
  object: KubeObject;
  /** Its size as JSON: what the byte bound counts. */
  bytes: number;
  at: Date;
}

export interface Listing {
  resource: string;
  items: KubeObject[];
  at: Date;
}

/** One request's worth: a resource's listing, or some of its changes. */
export type Delivery =
  | { resource: string; kind: "listing"; listing: Listing }
  | { resource: string; kind: "changes"; changes: Change[] };

export interface OutboxLimits {
  events: number;
  bytes: number;
  /** At most this much in one request. */
  batchBytes?: number;
}

const objectKey = (o: KubeObject) => `${o.metadata?.namespace ?? ""}/${o.metadata?.name ?? ""}`;

export class Outbox {
  private readonly listings = new Map<string, Listing>();
  private readonly changes = new Map<string, Change>();
  private bytes = 0;
  /** Changes dropped since start (the heartbeat reports it). */
  dropped = 0;

  constructor(
    private readonly limits: OutboxLimits,
    private readonly onDrop: (resource: string) => void,
  ) {}

  /** Changes and listings not yet delivered. */
  get pending(): number {
    return this.changes.size + this.listings.size;
  }
  get pendingBytes(): number {
    return this.bytes;
  }

  /** When the oldest undelivered change was seen (the agent's lag), or null when none waits. */
  oldestAt(): Date | null {
    const first = this.changes.values().next();
    let at = first.done ? null : first.value.at;
    for (const l of this.listings.values()) if (!at || l.at < at) at = l.at;
    return at;
  }

  has(resource: string): boolean {
    if (this.listings.has(resource)) return true;
    for (const c of this.changes.values()) if (c.resource === resource) return true;
    return false;
  }

  listed(resource: string, items: KubeObject[], at = new Date()): void {
    for (const [k, c] of this.changes) if (c.resource === resource) this.remove(k, c);
    this.listings.set(resource, { resource, items, at });
  }

  changed(resource: string, type: Change["type"], object: KubeObject, at = new Date()): void {
    const key = `${resource} ${objectKey(object)}`;
    const had = this.changes.get(key);
    if (had) this.remove(key, had);
    const c: Change = { resource, key, type, object, bytes: JSON.stringify(object).length, at };
    this.changes.set(key, c);
    this.bytes += c.bytes;
    while (this.changes.size > this.limits.events || this.bytes > this.limits.bytes) {
      const [oldestKey, oldest] = this.changes.entries().next().value as [string, Change];
      this.remove(oldestKey, oldest);
      this.dropped++;
      this.onDrop(oldest.resource);
    }
  }

  /** The next delivery: listings first; a resource's changes only once its listing went. */
  next(): Delivery | null {
    const first = this.listings.values().next();
    if (!first.done) return { resource: first.value.resource, kind: "listing", listing: first.value };
    const head = this.changes.values().next();
    if (head.done) return null;
    const resource = head.value.resource;
    const max = this.limits.batchBytes ?? 4 * 1024 * 1024;
    const out: Change[] = [];
    let size = 0;
    for (const c of this.changes.values()) {
      if (c.resource !== resource) continue;
      if (out.length && size + c.bytes > max) break;
      out.push(c);
      size += c.bytes;
    }
    return { resource, kind: "changes", changes: out };
  }

  /** The centre has it: forget what was delivered (a newer state that arrived meanwhile stays). */
  delivered(d: Delivery): void {
    if (d.kind === "listing") {
      if (this.listings.get(d.resource) === d.listing) this.listings.delete(d.resource);
      return;
    }
    for (const c of d.changes) if (this.changes.get(c.key) === c) this.remove(c.key, c);
  }

  private remove(key: string, c: Change) {
    this.changes.delete(key);
    this.bytes -= c.bytes;
  }
}
