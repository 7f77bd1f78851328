-- The procesregisseur who coordinates a casus (Afspr. 1.24, 12): named in the admin set and in the answer of a
-- bekendheidscheck (WGS 2.28) that finds the casus.

-- AlterTable
ALTER TABLE "casus" ADD COLUMN "procesregisseur_medewerker_id" UUID;

-- AddForeignKey
ALTER TABLE "casus" ADD CONSTRAINT "casus_procesregisseur_medewerker_id_fkey" FOREIGN KEY ("procesregisseur_medewerker_id") REFERENCES "medewerker"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
