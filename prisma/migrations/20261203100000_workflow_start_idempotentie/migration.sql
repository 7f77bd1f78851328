-- Registration that cannot strand, and idempotent writes (issue #13, items 2 and 3).

-- Outbox of workflow starts: written in the transaction that stores the row a workflow belongs to, started by the
-- API right after and, whatever happened to that attempt, by the worker's reconciler (infra/workflow-start.ts).
-- CreateTable
CREATE TABLE "workflow_start" (
    "workflow_id" TEXT NOT NULL,
    "workflow_type" TEXT NOT NULL,
    "input" JSONB NOT NULL,
    "fase" TEXT NOT NULL,
    "volgende_deadline" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "gestart_op" TIMESTAMPTZ(3),

    CONSTRAINT "workflow_start_pkey" PRIMARY KEY ("workflow_id")
);

-- CreateIndex
CREATE INDEX "workflow_start_gestart_op_created_at_idx" ON "workflow_start"("gestart_op", "created_at");

-- A casus stored before the outbox existed may have lost its workflow (a "zombie casus"): each one not anonymised is
-- registered as not yet started, so the reconciler checks it once (a running or finished workflow counts as started).
INSERT INTO "workflow_start" ("workflow_id", "workflow_type", "input", "fase")
SELECT 'casus-' || "id", 'casusWorkflow', jsonb_build_object('casusId', "id"), "fase"::text
FROM "casus" WHERE "fase" <> 'GEANONIMISEERD';

-- A medewerker's POST under an Idempotency-Key (api/idempotentie.ts): in progress while `status` is null, then the
-- answer that a repeat gets back. It may hold personal data: it expires after ZVH_IDEMPOTENCY_KEY_UREN and is deleted
-- with every casus or TopX-vermelding it names (`onderwerpen`).
-- CreateTable
CREATE TABLE "idempotent_verzoek" (
    "medewerker_id" UUID NOT NULL,
    "sleutel" TEXT NOT NULL,
    "verzoek_hash" TEXT NOT NULL,
    "status" INTEGER,
    "antwoord" JSONB,
    "locatie" TEXT,
    "onderwerpen" UUID[] NOT NULL DEFAULT ARRAY[]::UUID[],
    "bezig_tot" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotent_verzoek_pkey" PRIMARY KEY ("medewerker_id", "sleutel")
);

-- CreateIndex
CREATE INDEX "idempotent_verzoek_created_at_idx" ON "idempotent_verzoek"("created_at");

-- CreateIndex
CREATE INDEX "idempotent_verzoek_onderwerpen_idx" ON "idempotent_verzoek" USING GIN ("onderwerpen");
