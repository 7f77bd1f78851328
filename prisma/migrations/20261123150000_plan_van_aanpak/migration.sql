-- Plan van aanpak of the casusoverleg (WGS 2.31 lid 5, 6; Afspr. 8.2), versioned; each version is accepted by the
-- casus workflow like a besluit.

-- AlterEnum
ALTER TYPE "BesluitSoort" ADD VALUE 'PLAN_VAN_AANPAK';

-- CreateTable
CREATE TABLE "plan_van_aanpak" (
    "besluit_id" UUID NOT NULL,
    "casus_id" UUID NOT NULL,
    "toestandsbeeld" TEXT NOT NULL,
    "interventies" JSONB NOT NULL,
    "informatiebehoeften" TEXT,
    "casusregisseur_deelnemer_id" TEXT NOT NULL,
    "afschalingscriteria" TEXT NOT NULL,
    "informeert_betrokkene_deelnemer_id" TEXT,
    "evaluatiedatum" DATE,

    CONSTRAINT "plan_van_aanpak_pkey" PRIMARY KEY ("besluit_id")
);

-- CreateIndex
CREATE INDEX "plan_van_aanpak_casus_id_idx" ON "plan_van_aanpak"("casus_id");

-- AddForeignKey
ALTER TABLE "plan_van_aanpak" ADD CONSTRAINT "plan_van_aanpak_casus_id_fkey" FOREIGN KEY ("casus_id") REFERENCES "casus"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_van_aanpak" ADD CONSTRAINT "plan_van_aanpak_besluit_id_fkey" FOREIGN KEY ("besluit_id") REFERENCES "besluit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_van_aanpak" ADD CONSTRAINT "plan_van_aanpak_casusregisseur_deelnemer_id_fkey" FOREIGN KEY ("casusregisseur_deelnemer_id") REFERENCES "deelnemer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
