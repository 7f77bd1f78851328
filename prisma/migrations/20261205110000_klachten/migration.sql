-- Klachten (Awb hoofdstuk 9; Afspr. 14.9; Prot. 16.5 f): a complaint about the processing, its acknowledgement,
-- postponement, the deelnemers' reactions and its handling with the outcome letter.

-- CreateEnum
CREATE TYPE "KlachtOordeel" AS ENUM ('GEGROND', 'DEELS_GEGROND', 'ONGEGROND', 'INGETROKKEN');

-- CreateEnum
CREATE TYPE "KlachtHandelingSoort" AS ENUM ('VERDAGING', 'REACTIE', 'AFHANDELING');

-- Human-facing klacht numbers (KL-<year>-<seq>)
CREATE SEQUENCE "klacht_nummer_seq";

-- CreateTable
CREATE TABLE "klacht" (
    "id" UUID NOT NULL,
    "nummer" TEXT NOT NULL,
    "ontvangen_op" DATE NOT NULL,
    "kanaal" TEXT NOT NULL,
    "klager_naam" TEXT,
    "klager_adres" TEXT,
    "klager_email" TEXT,
    "omschrijving" TEXT,
    "deelnemer_ids" TEXT[] NOT NULL,
    "casus_id" UUID,
    "avg_verzoek_id" UUID,
    "datalek_id" UUID,
    "deadline" DATE NOT NULL,
    "verdaagd" BOOLEAN NOT NULL DEFAULT false,
    "oordeel" "KlachtOordeel",
    "afgehandeld_op" TIMESTAMPTZ(3),
    "ontvangstbevestiging" TEXT,
    "medewerker_id" UUID NOT NULL,
    "deelnemer_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "klacht_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "klacht_handeling" (
    "id" UUID NOT NULL,
    "klacht_id" UUID NOT NULL,
    "soort" "KlachtHandelingSoort" NOT NULL,
    "status" "BesluitStatus" NOT NULL DEFAULT 'VOORGESTELD',
    "gegevens" JSONB NOT NULL,
    "document" TEXT,
    "medewerker_id" UUID NOT NULL,
    "deelnemer_id" TEXT NOT NULL,
    "weigerreden" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "vastgesteld_op" TIMESTAMPTZ(3),

    CONSTRAINT "klacht_handeling_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "klacht_nummer_key" ON "klacht"("nummer");

-- CreateIndex
CREATE INDEX "klacht_ontvangen_op_idx" ON "klacht"("ontvangen_op");

-- CreateIndex
CREATE INDEX "klacht_casus_id_idx" ON "klacht"("casus_id");

-- CreateIndex
CREATE INDEX "klacht_handeling_klacht_id_idx" ON "klacht_handeling"("klacht_id");

-- AddForeignKey
ALTER TABLE "klacht_handeling" ADD CONSTRAINT "klacht_handeling_klacht_id_fkey" FOREIGN KEY ("klacht_id") REFERENCES "klacht"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- At most one accepted postponement and one accepted handling per klacht (a partial index, which schema.prisma
-- cannot express).
CREATE UNIQUE INDEX "klacht_handeling_vastgesteld_key" ON "klacht_handeling"("klacht_id", "soort") WHERE "status" = 'VASTGESTELD' AND "soort" <> 'REACTIE';
