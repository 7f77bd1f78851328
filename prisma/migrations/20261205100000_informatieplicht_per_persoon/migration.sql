-- Rights per person (issue 17 items 1–2): one informatieplicht obligation for every natural person in the casus
-- (betrokkene, gezinsleden, sociale omgeving), a new round when a moment comes again (heropening), a permanent
-- omission; data items name the persons they are about and carry a granted beperking, wissen or bezwaar.

-- AlterEnum
ALTER TYPE "InformatieplichtStatus" ADD VALUE 'AFGEZIEN';
ALTER TYPE "InformatieplichtHandelingSoort" ADD VALUE 'AFZIEN';

-- AlterTable
ALTER TABLE "gegeven" ADD COLUMN "betrokkene_ids" UUID[] NOT NULL DEFAULT ARRAY[]::UUID[],
ADD COLUMN "beperkt_op" TIMESTAMPTZ(3),
ADD COLUMN "avg_verzoek_id" UUID;
ALTER TABLE "betrokkene" ADD COLUMN "verwerking_gestaakt_op" TIMESTAMPTZ(3);
ALTER TABLE "informatieplicht" ADD COLUMN "betrokkene_id" UUID,
ADD COLUMN "ronde" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN "workflow_id" TEXT;

-- DropIndex: one obligation per casus and moment no more, one per person (and round).
DROP INDEX "informatieplicht_casus_id_moment_key";

-- The existing obligations were the betrokkene's, carried by `informatieplicht-<casusId>-<moment>`.
UPDATE "informatieplicht" p
SET "workflow_id" = 'informatieplicht-' || p."casus_id" || '-' || p."moment",
    "betrokkene_id" = (
      SELECT b."id" FROM "betrokkene" b
      WHERE b."casus_id" = p."casus_id" AND b."rol" = 'BETROKKENE'
      ORDER BY b."id" LIMIT 1
    );

-- Every other person gets an obligation of his own. While the betrokkene's still runs, its workflow carries them
-- (it loads every obligation of its workflow id); they start OPEN with the same term.
INSERT INTO "informatieplicht" ("id", "casus_id", "betrokkene_id", "moment", "ronde", "workflow_id", "status",
  "startdatum", "deadline", "created_at")
SELECT gen_random_uuid(), p."casus_id", b."id", p."moment", 1, p."workflow_id", 'OPEN', p."startdatum", p."deadline",
  p."created_at"
FROM "informatieplicht" p
JOIN "betrokkene" b ON b."casus_id" = p."casus_id" AND b."id" IS DISTINCT FROM p."betrokkene_id"
WHERE p."status" IN ('OPEN', 'UITGESTELD');

-- Where the betrokkene was informed already, his workflow has ended: the others' obligations start now, with the
-- same length of term, under a workflow of their own that the reconciler starts (infra/workflow-start.ts).
INSERT INTO "informatieplicht" ("id", "casus_id", "betrokkene_id", "moment", "ronde", "workflow_id", "status",
  "startdatum", "deadline")
SELECT gen_random_uuid(), p."casus_id", b."id", p."moment", 1, p."workflow_id" || '-personen', 'OPEN', CURRENT_DATE,
  CURRENT_DATE + (p."deadline" - p."startdatum")
FROM "informatieplicht" p
JOIN "casus" c ON c."id" = p."casus_id" AND c."fase" NOT IN ('GEARCHIVEERD', 'GEANONIMISEERD')
JOIN "betrokkene" b ON b."casus_id" = p."casus_id" AND b."id" IS DISTINCT FROM p."betrokkene_id"
WHERE p."status" = 'VERSTREKT';

INSERT INTO "workflow_start" ("workflow_id", "workflow_type", "input", "fase")
SELECT DISTINCT p."workflow_id", 'informatieplichtWorkflow',
  jsonb_build_object('casusId', p."casus_id", 'moment', p."moment"), 'OPEN'
FROM "informatieplicht" p
WHERE p."workflow_id" LIKE '%-personen';

ALTER TABLE "informatieplicht" ALTER COLUMN "workflow_id" SET NOT NULL;

-- CreateIndex
CREATE INDEX "informatieplicht_workflow_id_idx" ON "informatieplicht"("workflow_id");
CREATE UNIQUE INDEX "informatieplicht_casus_id_moment_ronde_betrokkene_id_key" ON "informatieplicht"("casus_id", "moment", "ronde", "betrokkene_id");

-- AddForeignKey
ALTER TABLE "informatieplicht" ADD CONSTRAINT "informatieplicht_betrokkene_id_fkey" FOREIGN KEY ("betrokkene_id") REFERENCES "betrokkene"("id") ON DELETE CASCADE ON UPDATE CASCADE;
