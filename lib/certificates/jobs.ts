import "server-only";
import { defineJob } from "@/lib/jobs/registry";
import { runCertificateDetection } from "./detection";

// Expiry and overdue rotations happen with the clock, not only when data arrives.
export const certificateDetectionJob = defineJob({
  name: "certificates.detect",
  cron: "*/10 * * * *",
  async handler() {
    await runCertificateDetection();
  },
});
