-- Failed sign-ins per account (the submitted email, known or not), beside the per-address limit: a guesser
-- who rotates addresses still locks the account, for a time that doubles with every further failure.
CREATE TABLE "sign_in_lock" (
  "account" TEXT NOT NULL PRIMARY KEY,
  "failures" INTEGER NOT NULL,
  "lastFailureAt" TIMESTAMPTZ(3) NOT NULL,
  "lockedUntil" TIMESTAMPTZ(3)
);
CREATE INDEX "sign_in_lock_lastFailureAt_idx" ON "sign_in_lock"("lastFailureAt");
