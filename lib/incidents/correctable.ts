// Which incident timestamps an operator may correct (pure; shared by the API schema and the service).
export const CORRECTABLE = [
  "startedAt",
  "detectedAt",
  "acknowledgedAt",
  "containedAt",
  "resolvedAt",
] as const;
export type CorrectableField = (typeof CORRECTABLE)[number];
