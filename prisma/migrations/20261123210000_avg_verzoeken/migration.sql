-- AVG-verzoeken (AVG 12, 15–21; BGS 1.2; Afspr. 14.3–14.4): the request, the casussen it concerns, the consultation
-- of each involved deelnemer, and every action on it (answers, extension, besluiten with their letters). Deelnemers
-- get an optional address for the Contactpunt's consultations.

-- AlterTable
ALTER TABLE "deelnemer" ADD COLUMN     "contact_email" TEXT;

-- CreateEnum
CREATE TYPE "AvgVerzoekSoort" AS ENUM ('INZAGE', 'RECTIFICATIE', 'WISSEN', 'BEPERKING', 'BEZWAAR');

-- CreateEnum
CREATE TYPE "AvgVerzoekFase" AS ENUM ('IN_BEHANDELING', 'UAVG41_HERBEOORDELING', 'AFGEHANDELD', 'DOORGEZONDEN_ARCHIEF');

-- CreateEnum
CREATE TYPE "AvgHandelingSoort" AS ENUM ('CONSULTATIE_ANTWOORD', 'VERLENGING', 'BESLUIT', 'HERBEOORDELING');

-- Human-facing request numbers (AVG-<year>-<seq>)
CREATE SEQUENCE "avg_verzoeknummer_seq";

-- CreateTable
CREATE TABLE "avg_verzoek" (
    "id" UUID NOT NULL,
    "verzoeknummer" TEXT NOT NULL,
    "soort" "AvgVerzoekSoort" NOT NULL,
    "fase" "AvgVerzoekFase" NOT NULL DEFAULT 'IN_BEHANDELING',
    "ontvangen_op" DATE NOT NULL,
    "deadline" DATE NOT NULL,
    "voornamen" TEXT,
    "achternaam" TEXT,
    "geboortedatum" DATE,
    "bsn" TEXT,
    "adres" TEXT,
    "identiteit_methode" TEXT NOT NULL,
    "identiteit_geverifieerd_op" DATE NOT NULL,
    "toelichting" TEXT,
    "rectificatie" JSONB,
    "medewerker_id" UUID NOT NULL,
    "deelnemer_id" TEXT NOT NULL,
    "afgerond_op" TIMESTAMPTZ(3),
    "geanonimiseerd_op" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "avg_verzoek_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "avg_verzoek_casus" (
    "verzoek_id" UUID NOT NULL,
    "casus_id" UUID NOT NULL,
    "betrokkene_id" UUID NOT NULL,
    "naar_archief" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "avg_verzoek_casus_pkey" PRIMARY KEY ("verzoek_id","casus_id","betrokkene_id")
);

-- CreateTable
CREATE TABLE "avg_consultatie" (
    "verzoek_id" UUID NOT NULL,
    "deelnemer_id" TEXT NOT NULL,
    "termijn" DATE NOT NULL,
    "uitkomst" TEXT,
    "grond" TEXT,
    "omvang" TEXT,
    "gegeven_ids" UUID[] NOT NULL DEFAULT ARRAY[]::UUID[],
    "categorieen" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "herbeoordeling_op" DATE,
    "beantwoord_op" TIMESTAMPTZ(3),
    "vervallen_op" TIMESTAMPTZ(3),

    CONSTRAINT "avg_consultatie_pkey" PRIMARY KEY ("verzoek_id","deelnemer_id")
);

-- CreateTable
CREATE TABLE "avg_handeling" (
    "id" UUID NOT NULL,
    "verzoek_id" UUID NOT NULL,
    "soort" "AvgHandelingSoort" NOT NULL,
    "status" "BesluitStatus" NOT NULL DEFAULT 'VOORGESTELD',
    "gegevens" JSONB NOT NULL,
    "motivering" TEXT,
    "document" TEXT,
    "medewerker_id" UUID,
    "deelnemer_id" TEXT,
    "weigerreden" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "vastgesteld_op" TIMESTAMPTZ(3),

    CONSTRAINT "avg_handeling_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "avg_verzoek_verzoeknummer_key" ON "avg_verzoek"("verzoeknummer");

-- CreateIndex
CREATE INDEX "avg_verzoek_fase_idx" ON "avg_verzoek"("fase");

-- CreateIndex
CREATE INDEX "avg_verzoek_casus_casus_id_idx" ON "avg_verzoek_casus"("casus_id");

-- CreateIndex
CREATE INDEX "avg_handeling_verzoek_id_idx" ON "avg_handeling"("verzoek_id");

-- AddForeignKey
ALTER TABLE "avg_verzoek_casus" ADD CONSTRAINT "avg_verzoek_casus_verzoek_id_fkey" FOREIGN KEY ("verzoek_id") REFERENCES "avg_verzoek"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "avg_verzoek_casus" ADD CONSTRAINT "avg_verzoek_casus_casus_id_fkey" FOREIGN KEY ("casus_id") REFERENCES "casus"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "avg_consultatie" ADD CONSTRAINT "avg_consultatie_verzoek_id_fkey" FOREIGN KEY ("verzoek_id") REFERENCES "avg_verzoek"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "avg_handeling" ADD CONSTRAINT "avg_handeling_verzoek_id_fkey" FOREIGN KEY ("verzoek_id") REFERENCES "avg_verzoek"("id") ON DELETE CASCADE ON UPDATE CASCADE;
