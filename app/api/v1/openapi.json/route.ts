import { READ } from "@/lib/auth/roles";
import { baseUrl } from "@/lib/config/env";
import { apiRoute } from "@/lib/http/api";
import { openApiDocument } from "@/lib/openapi/document";

// GET /api/v1/openapi.json: the OpenAPI 3.1 document of this API (for client generators and people).
export const GET = apiRoute(READ, async () => openApiDocument(baseUrl()));
