// The API document itself, health and metrics.
import { type Operation, operationsOf } from "./shape";

const meta = operationsOf("Meta");

export const META_OPERATIONS: Operation[] = [
  meta.read("getOpenApi", "/api/v1/openapi.json", "This document", { errors: ["401", "403"] }),
  meta.read("health", "/api/health", "Liveness and database reachability", {
    auth: "public",
    errors: ["503"],
  }),
  meta.read("metrics", "/metrics", "Prometheus metrics: KPIs per cluster and the app's own health", {
    responses: { "200": { description: "Text exposition format", contentType: "text/plain" } },
  }),
];
