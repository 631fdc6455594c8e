import type pg from "pg";
import type { Actor } from "@/lib/audit/log";
import type { Sql } from "@/lib/db/sql";

export const INGEST_KINDS = ["certificates", "policy", "telemetry", "alerts"] as const;
export type IngestKind = (typeof INGEST_KINDS)[number];

/** Where a record sat in the payload: its 1-based line (line formats) or 0-based index (documents). */
export interface RecordRef {
  line?: number;
  index?: number;
}

export interface Rejection extends RecordRef {
  reason: string;
}

export type ParseItem<R> =
  | { ok: true; record: R; ref: RecordRef }
  | { ok: false; ref: RecordRef; reason: string };

/** The decoded body (gunzipped, size-limited, hashed while read). Use text(), lines() or bytes(), once. */
export interface PayloadSource {
  contentType: string | null;
  /** The first 4 KiB, for sniffing; reading it does not consume the body. */
  head(): Promise<string>;
  text(): Promise<string>;
  /** Lines without their LF/CRLF, numbered from 1; a line longer than maxLineBytes ends the body (413). */
  lines(): AsyncIterable<{ line: number; text: string }>;
  /** The decoded bytes as they arrive (a leading BOM removed), for scanners that split records themselves. */
  bytes(): AsyncIterable<Buffer>;
  /** The longest record (line, or JSON array element) a parser should accept. */
  maxLineBytes: number;
}

export interface ClusterRef {
  id: string;
  name: string;
}

/** What a format's store/finish step gets: the open batch transaction and its metadata. */
export interface IngestContext {
  batchId: string;
  kind: IngestKind;
  format: string;
  /**
   * The batch's cluster for records that name none: ?cluster= (or the CLI's --cluster), else the default
   * cluster of the API token or pull source. Prefer clusterOf() for a record's cluster.
   */
  cluster: ClusterRef | null;
  receivedAt: Date;
  demo: boolean;
  actor: Actor;
  sql: Sql;
  /** The pg client holding the transaction, for COPY. */
  client: pg.PoolClient;
  /** Finds or creates a cluster by name (validated), inside the batch transaction. */
  resolveCluster(name: string): Promise<ClusterRef>;
  /**
   * The cluster of one record, in the documented order: ?cluster=, else what the record's envelope or the
   * record itself names (`named`), else the token's or source's default; null when none applies (reject
   * the record with noCluster()). Throws AppError("bad_request") for an invalid name.
   */
  clusterOf(named: string | null): Promise<ClusterRef | null>;
  /** The rejection of a record no cluster applies to; a batch of only those is refused with 400. */
  noCluster(ref: RecordRef): Rejection;
  /** Runs after the batch committed (e.g. enqueue detection); errors are logged, not raised. */
  afterCommit(fn: () => Promise<void>): void;
}

export interface StoreResult {
  accepted: number;
  duplicates: number;
  /** Records that parsed but could not be stored (e.g. no cluster known for them). */
  rejected?: Rejection[];
}

export interface ParseOptions {
  /** ?cluster=, else the token's or source's default: for parsers that need a cluster to build identities. */
  cluster: string | null;
}

export interface FormatHandler<R = unknown> {
  kind: IngestKind;
  format: string;
  /** One line for error messages and docs. */
  description: string;
  /** True when the content type or the first bytes look like this format (used without ?format=). */
  sniff?(head: string, contentType: string | null): boolean;
  /**
   * Yields each record or a per-record rejection. Throws AppError("bad_request") when the payload
   * cannot be parsed at all (the whole batch is then rejected and nothing stored).
   */
  parse(input: PayloadSource, opts: ParseOptions): AsyncIterable<ParseItem<R>>;
  /** Stores a chunk of valid records (at most chunkSize) in the batch transaction. */
  store(ctx: IngestContext, items: { record: R; ref: RecordRef }[]): Promise<StoreResult>;
  /** Once, after the last chunk, still in the transaction (lineages, rollups, detection inputs). */
  finish?(ctx: IngestContext): Promise<void>;
  /** Records per store() call; default 1000. */
  chunkSize?: number;
  /**
   * The parse worker runs this format's parser (listed in lib/ingest/worker-formats.ts under
   * `${kind}:${format}`): parse() then only runs where there is no worker.
   */
  worker?: boolean;
}

export interface BatchResult {
  batchId: string;
  status: "completed" | "partial" | "duplicate";
  kind: IngestKind;
  format: string;
  cluster: string | null;
  accepted: number;
  duplicates: number;
  rejected: Rejection[];
  rejectedCount: number;
  duplicateOf?: string;
}
