-- Incidentele deelnemers (WGS 2.31 lid 9, 10; BGS 2.21): invited for one casus after a signed
-- geheimhoudingsverklaring; no system access, so everything provided to them is recorded here.

-- AlterEnum
ALTER TYPE "BesluitSoort" ADD VALUE 'UITNODIGING_INCIDENTEEL';

-- CreateTable
CREATE TABLE "incidentele_deelnemer" (
    "besluit_id" UUID NOT NULL,
    "casus_id" UUID NOT NULL,
    "organisatie" TEXT NOT NULL,
    "contactpersoon" TEXT NOT NULL,
    "reden" TEXT NOT NULL,
    "geheimhouding_getekend_op" DATE NOT NULL,
    "geheimhouding_getekend_door" TEXT NOT NULL,

    CONSTRAINT "incidentele_deelnemer_pkey" PRIMARY KEY ("besluit_id")
);

-- CreateTable
CREATE TABLE "verstrekking" (
    "id" UUID NOT NULL,
    "incidentele_deelnemer_id" UUID NOT NULL,
    "casus_id" UUID NOT NULL,
    "omschrijving" TEXT NOT NULL,
    "kanaal" TEXT NOT NULL,
    "medewerker_id" UUID NOT NULL,
    "deelnemer_id" TEXT NOT NULL,
    "verstrekt_op" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "verstrekking_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "incidentele_deelnemer_casus_id_idx" ON "incidentele_deelnemer"("casus_id");

-- CreateIndex
CREATE INDEX "verstrekking_casus_id_idx" ON "verstrekking"("casus_id");

-- AddForeignKey
ALTER TABLE "incidentele_deelnemer" ADD CONSTRAINT "incidentele_deelnemer_casus_id_fkey" FOREIGN KEY ("casus_id") REFERENCES "casus"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incidentele_deelnemer" ADD CONSTRAINT "incidentele_deelnemer_besluit_id_fkey" FOREIGN KEY ("besluit_id") REFERENCES "besluit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verstrekking" ADD CONSTRAINT "verstrekking_incidentele_deelnemer_id_fkey" FOREIGN KEY ("incidentele_deelnemer_id") REFERENCES "incidentele_deelnemer"("besluit_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verstrekking" ADD CONSTRAINT "verstrekking_casus_id_fkey" FOREIGN KEY ("casus_id") REFERENCES "casus"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verstrekking" ADD CONSTRAINT "verstrekking_medewerker_id_fkey" FOREIGN KEY ("medewerker_id") REFERENCES "medewerker"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
