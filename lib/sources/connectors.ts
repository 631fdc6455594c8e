import type { z } from "zod";
import type { IngestKind } from "@/lib/ingest/types";
import type { ConnectorField, ConnectorInfo, SecretField } from "./fields";

/**
 * A pull connector (docs/ingest-formats.md): configured in the UI/API as a Source, run by the worker on its interval.
 * It fetches and returns payloads; lib/sources/runner.ts feeds each one to the same batch writer as pushed
 * data and records the run. Register with registerConnector() in the domain (lib/certificates/…,
 * lib/telemetry/…) and import the file in lib/sources/connector-list.ts.
 *
 * Connectors reach their targets only through lib/net/outbound.ts (checkedFetch / checkedConnect) and
 * throw errors whose text is fixed or names a status: run errors are stored and shown to operators, and
 * must never carry the target's response (that would make a source an SSRF read-back channel).
 */
export interface PulledPayload {
  kind: IngestKind;
  format: string;
  /** Cluster name the data belongs to (or null when the records name their own). */
  cluster: string | null;
  body: string | Uint8Array;
  contentType?: string;
}

export interface ConnectorSource<C = unknown> {
  id: string;
  name: string;
  config: C;
  secrets: Record<string, string>;
  cluster: string | null;
  /**
   * The `now` of the last run whose payloads were all ingested (null before the first). A connector that
   * pulls a time window starts it here, so a failed run's window is asked for again by the next run.
   */
  lastSuccessAt: Date | null;
}

export interface Connector<C = unknown> {
  kind: string;
  label: string;
  description: string;
  /** Validates Source.config (non-secret settings). */
  configSchema: z.ZodType<C>;
  /** Names of secret fields (e.g. "bearerToken"); values are stored encrypted. */
  secretFields: readonly string[];
  /** Label and help of each secret field in the form (the name alone when missing). */
  secretHelp?: Record<string, Omit<SecretField, "key">>;
  /** The form's fields, one per config key (lib/sources/fields.ts turns them into the config). */
  fields?: readonly ConnectorField[];
  /** The hosts a config makes the connector reach (checked against the outbound rules when saved). */
  targets?(config: C): string[];
  /**
   * The payloads, or the payloads and warnings: parts that could not be read while the rest could (fixed
   * texts, shown on the run; the run still counts as a success).
   */
  pull(
    source: ConnectorSource<C>,
    now: Date,
  ): Promise<PulledPayload[] | { payloads: PulledPayload[]; warnings: string[] }>;
  /**
   * "Test connection": one cheap request with a validated config, before it is saved. The message is a
   * fixed description or a status (like run errors): never the target's body.
   */
  test?(config: C, secrets: Record<string, string>): Promise<ConnectionCheck>;
}

export interface ConnectionCheck {
  ok: boolean;
  message: string;
}

const connectors = new Map<string, Connector>();

export function registerConnector<C>(c: Connector<C>): Connector<C> {
  connectors.set(c.kind, c as Connector);
  return c;
}

export function connector(kind: string): Connector | undefined {
  return connectors.get(kind);
}

export function allConnectors(): Connector[] {
  return [...connectors.values()];
}

/** What the form needs to know about a connector (plain data for a client component). */
export function connectorInfo(c: Connector): ConnectorInfo {
  return {
    kind: c.kind,
    label: c.label,
    description: c.description,
    fields: c.fields ?? [],
    secrets: c.secretFields.map((key) => ({ key, label: key, help: "", ...c.secretHelp?.[key] })),
    testable: !!c.test,
  };
}
