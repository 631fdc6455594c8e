-- A frozen report's PDF is printed by the worker after the data is stored: null until then.
ALTER TABLE "report_snapshot" ALTER COLUMN "pdf" DROP NOT NULL;
ALTER TABLE "report_snapshot" ALTER COLUMN "pdfSha256" DROP NOT NULL;
