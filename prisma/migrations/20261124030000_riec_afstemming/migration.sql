-- RIEC afstemming (WGS 1.7; BGS 1.10): the professional secrecy of a data item, the afstemmingen offered to a RIEC
-- with their delivery state, and the messages a RIEC sends back for the procesregie.

-- CreateEnum
CREATE TYPE "Beroepsgeheim" AS ENUM ('GEEN', 'MEDISCH', 'JEUGDHULP');

-- CreateEnum
CREATE TYPE "RiecAfstemmingStatus" AS ENUM ('AANGEBODEN', 'AFGELEVERD', 'MISLUKT');

-- AlterTable
ALTER TABLE "gegeven" ADD COLUMN "beroepsgeheim" "Beroepsgeheim" NOT NULL DEFAULT 'GEEN';

-- CreateTable
CREATE TABLE "riec_afstemming" (
    "id" UUID NOT NULL,
    "casus_id" UUID NOT NULL,
    "koppeling_id" TEXT NOT NULL,
    "onderwerp" TEXT NOT NULL,
    "toelichting" TEXT NOT NULL,
    "gegeven_ids" UUID[] NOT NULL DEFAULT ARRAY[]::UUID[],
    "status" "RiecAfstemmingStatus" NOT NULL DEFAULT 'AANGEBODEN',
    "medewerker_id" UUID NOT NULL,
    "deelnemer_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "afgeleverd_op" TIMESTAMPTZ(3),
    "fout" TEXT,

    CONSTRAINT "riec_afstemming_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "riec_bericht" (
    "id" UUID NOT NULL,
    "koppeling_id" TEXT NOT NULL,
    "casus_id" UUID NOT NULL,
    "afstemming_id" UUID,
    "onderwerp" TEXT NOT NULL,
    "inhoud" TEXT NOT NULL,
    "ontvangen_op" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "riec_bericht_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "riec_afstemming_casus_id_idx" ON "riec_afstemming"("casus_id");

-- CreateIndex
CREATE INDEX "riec_bericht_casus_id_idx" ON "riec_bericht"("casus_id");

-- CreateIndex
CREATE INDEX "riec_bericht_afstemming_id_idx" ON "riec_bericht"("afstemming_id");

-- AddForeignKey
ALTER TABLE "riec_afstemming" ADD CONSTRAINT "riec_afstemming_casus_id_fkey" FOREIGN KEY ("casus_id") REFERENCES "casus"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "riec_afstemming" ADD CONSTRAINT "riec_afstemming_koppeling_id_fkey" FOREIGN KEY ("koppeling_id") REFERENCES "koppeling"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "riec_bericht" ADD CONSTRAINT "riec_bericht_koppeling_id_fkey" FOREIGN KEY ("koppeling_id") REFERENCES "koppeling"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "riec_bericht" ADD CONSTRAINT "riec_bericht_casus_id_fkey" FOREIGN KEY ("casus_id") REFERENCES "casus"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "riec_bericht" ADD CONSTRAINT "riec_bericht_afstemming_id_fkey" FOREIGN KEY ("afstemming_id") REFERENCES "riec_afstemming"("id") ON DELETE CASCADE ON UPDATE CASCADE;
