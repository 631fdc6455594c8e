// The risk register: risks, their reviews, acceptance, evidence links, CSV, filters, heat map, matrix.
import { MANAGE_RISKS, OWN_WRITE } from "@/lib/auth/roles";
import { linkInput } from "@/lib/risks/evidence";
import { matrixSchema } from "@/lib/risks/matrix";
import { createRiskSchema, patchRiskSchema } from "@/lib/risks/model";
import { documentedBodies } from "../route-bodies";
import { CSV, errors, type Operation, operationsOf, params } from "./shape";

const risks = operationsOf("Risks");
const STALE = { errors: errors("404", "409") };

export const RISK_OPERATIONS: Operation[] = [
  risks.read("listRisks", "/api/v1/risks", "The risk register", {
    query: params(["status", "open, treating, accepted, closed"], ["cluster", "Cluster"], ["q", "Free text"]),
  }),
  risks.create("createRisk", "/api/v1/risks", "Add a risk", MANAGE_RISKS, createRiskSchema),
  risks.read("getRisk", "/api/v1/risks/{id}", "A risk", { errors: errors("404") }),
  risks.change(
    "PATCH",
    "patchRisk",
    "/api/v1/risks/{id}",
    "Change a risk (send the changed fields and the version you started from; 409 when stale)",
    MANAGE_RISKS,
    patchRiskSchema,
    STALE,
  ),
  risks.change(
    "POST",
    "decideAcceptance",
    "/api/v1/risks/{id}/acceptance",
    "Approve or reject a requested acceptance",
    MANAGE_RISKS,
    documentedBodies.riskAcceptance,
    STALE,
  ),
  risks.change(
    "POST",
    "reviewRisk",
    "/api/v1/risks/{id}/review",
    "Record a review",
    MANAGE_RISKS,
    documentedBodies.riskReview,
    STALE,
  ),
  risks.read("listRiskRevisions", "/api/v1/risks/{id}/revisions", "A risk's history"),
  risks.read("listRiskLinks", "/api/v1/risks/{id}/links", "Evidence linked to a risk"),
  risks.create(
    "linkRisk",
    "/api/v1/risks/{id}/links",
    "Link a finding, incident or live KPI to a risk",
    MANAGE_RISKS,
    linkInput,
  ),
  risks.remove("unlinkRisk", "/api/v1/risks/{id}/links/{linkId}", "Remove a link", MANAGE_RISKS),
  risks.read("exportRisks", "/api/v1/risks/export", "The register as CSV", { responses: CSV }),
  risks.change(
    "POST",
    "importRisks",
    "/api/v1/risks/import",
    "Import risks from CSV",
    MANAGE_RISKS,
    undefined,
    {
      body: { contentTypes: ["text/csv"], description: "The CSV the export writes" },
    },
  ),
  risks.read("getRiskFilters", "/api/v1/risks/filters", "Your saved register filters"),
  risks.change(
    "PUT",
    "setRiskFilters",
    "/api/v1/risks/filters",
    "Save your register filters",
    OWN_WRITE,
    documentedBodies.riskFilters,
  ),
  risks.read("getRiskHeatmap", "/api/v1/risks/heatmap", "The 5×5 heat map, also as of a past date", {
    query: params(["asOf", "ISO-8601 date"]),
  }),
  risks.read("getRiskReviewQueue", "/api/v1/risks/review-queue", "Reviews due and overdue"),
  risks.read("getRiskSettings", "/api/v1/risks/settings", "The risk matrix and appetite"),
  risks.change(
    "PUT",
    "setRiskSettings",
    "/api/v1/risks/settings",
    "Change the risk matrix and appetite",
    MANAGE_RISKS,
    matrixSchema,
  ),
];
