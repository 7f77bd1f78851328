-- The casus process after intake (issue #3): final assessment, selection, afsluiting, reopening, verlenging, legal
-- hold and archive transfer.

-- AlterEnum
ALTER TYPE "BesluitSoort" ADD VALUE 'EINDBEOORDELING';
ALTER TYPE "BesluitSoort" ADD VALUE 'SELECTIE';
ALTER TYPE "BesluitSoort" ADD VALUE 'AFSLUITING';
ALTER TYPE "BesluitSoort" ADD VALUE 'HEROPENING';
ALTER TYPE "BesluitSoort" ADD VALUE 'OPHEFFING_AFSCHERMING';
ALTER TYPE "BesluitSoort" ADD VALUE 'VERLENGING';

-- CreateEnum
CREATE TYPE "VerlengingSituatie" AS ENUM ('OPEN_CRITERIA_GELDEN_NOG', 'AFGESLOTEN_RISICO_OP_TERUGVAL');

-- AlterTable
ALTER TABLE "casus" ADD COLUMN     "afsluit_datum" DATE,
ADD COLUMN     "afgeschermd_op" TIMESTAMPTZ(3),
ADD COLUMN     "gearchiveerd_op" TIMESTAMPTZ(3),
ADD COLUMN     "vorige_casus_id" UUID;

-- CreateTable
CREATE TABLE "casus_deelnemer" (
    "casus_id" UUID NOT NULL,
    "deelnemer_id" TEXT NOT NULL,
    "besluit_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "casus_deelnemer_pkey" PRIMARY KEY ("casus_id","deelnemer_id")
);

-- CreateTable
CREATE TABLE "verlenging" (
    "besluit_id" UUID NOT NULL,
    "casus_id" UUID NOT NULL,
    "datum" DATE NOT NULL,
    "situatie" "VerlengingSituatie" NOT NULL,
    "akkoord_van" TEXT[] NOT NULL,

    CONSTRAINT "verlenging_pkey" PRIMARY KEY ("besluit_id")
);

-- CreateTable
CREATE TABLE "legal_hold" (
    "id" UUID NOT NULL,
    "casus_id" UUID,
    "reden" TEXT NOT NULL,
    "ingesteld_door" UUID NOT NULL,
    "ingesteld_op" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "opgeheven_door" UUID,
    "opgeheven_op" TIMESTAMPTZ(3),

    CONSTRAINT "legal_hold_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "archief_overdracht" (
    "casus_id" UUID NOT NULL,
    "locatie" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "overgedragen_op" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "archief_overdracht_pkey" PRIMARY KEY ("casus_id")
);

-- CreateIndex
CREATE INDEX "casus_deelnemer_deelnemer_id_idx" ON "casus_deelnemer"("deelnemer_id");

-- CreateIndex
CREATE INDEX "verlenging_casus_id_idx" ON "verlenging"("casus_id");

-- CreateIndex
CREATE INDEX "legal_hold_casus_id_idx" ON "legal_hold"("casus_id");

-- AddForeignKey
ALTER TABLE "casus_deelnemer" ADD CONSTRAINT "casus_deelnemer_casus_id_fkey" FOREIGN KEY ("casus_id") REFERENCES "casus"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "casus_deelnemer" ADD CONSTRAINT "casus_deelnemer_deelnemer_id_fkey" FOREIGN KEY ("deelnemer_id") REFERENCES "deelnemer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "casus_deelnemer" ADD CONSTRAINT "casus_deelnemer_besluit_id_fkey" FOREIGN KEY ("besluit_id") REFERENCES "besluit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verlenging" ADD CONSTRAINT "verlenging_casus_id_fkey" FOREIGN KEY ("casus_id") REFERENCES "casus"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verlenging" ADD CONSTRAINT "verlenging_besluit_id_fkey" FOREIGN KEY ("besluit_id") REFERENCES "besluit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "legal_hold" ADD CONSTRAINT "legal_hold_casus_id_fkey" FOREIGN KEY ("casus_id") REFERENCES "casus"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "legal_hold" ADD CONSTRAINT "legal_hold_ingesteld_door_fkey" FOREIGN KEY ("ingesteld_door") REFERENCES "medewerker"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "legal_hold" ADD CONSTRAINT "legal_hold_opgeheven_door_fkey" FOREIGN KEY ("opgeheven_door") REFERENCES "medewerker"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "archief_overdracht" ADD CONSTRAINT "archief_overdracht_casus_id_fkey" FOREIGN KEY ("casus_id") REFERENCES "casus"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "besluit" ADD COLUMN     "gegevens" JSONB;
