-- Datalekken (AVG 33–34; BGS 1.4; Afspr. 14.2 c; Prot. 14): the internal report of a breach and the Contactpunt's
-- decisions on it (assessment, AP notification, informing the betrokkenen, closing with the register entry).

-- CreateEnum
CREATE TYPE "DatalekBesluitSoort" AS ENUM ('BEOORDELING', 'AP_MELDING', 'BETROKKENEN', 'AFSLUITING');

-- Human-facing datalek numbers (DL-<year>-<seq>)
CREATE SEQUENCE "datalek_nummer_seq";

-- CreateTable
CREATE TABLE "datalek" (
    "id" UUID NOT NULL,
    "nummer" TEXT NOT NULL,
    "ontdekt_op" TIMESTAMPTZ(3) NOT NULL,
    "gemeld_op" TIMESTAMPTZ(3) NOT NULL,
    "melder_medewerker_id" UUID NOT NULL,
    "melder_deelnemer_id" TEXT NOT NULL,
    "omschrijving" TEXT NOT NULL,
    "aard" TEXT[] NOT NULL,
    "categorieen_gegevens" TEXT[] NOT NULL,
    "categorieen_betrokkenen" TEXT[] NOT NULL,
    "geschat_aantal_betrokkenen" INTEGER NOT NULL,
    "versleuteld" BOOLEAN NOT NULL,
    "casus_ids" UUID[] NOT NULL,
    "afgesloten_op" TIMESTAMPTZ(3),

    CONSTRAINT "datalek_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "datalek_besluit" (
    "id" UUID NOT NULL,
    "datalek_id" UUID NOT NULL,
    "soort" "DatalekBesluitSoort" NOT NULL,
    "status" "BesluitStatus" NOT NULL DEFAULT 'VOORGESTELD',
    "gegevens" JSONB NOT NULL,
    "medewerker_id" UUID NOT NULL,
    "deelnemer_id" TEXT NOT NULL,
    "weigerreden" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "vastgesteld_op" TIMESTAMPTZ(3),

    CONSTRAINT "datalek_besluit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "datalek_nummer_key" ON "datalek"("nummer");

-- CreateIndex
CREATE INDEX "datalek_ontdekt_op_idx" ON "datalek"("ontdekt_op");

-- CreateIndex
CREATE INDEX "datalek_besluit_datalek_id_idx" ON "datalek_besluit"("datalek_id");

-- AddForeignKey
ALTER TABLE "datalek_besluit" ADD CONSTRAINT "datalek_besluit_datalek_id_fkey" FOREIGN KEY ("datalek_id") REFERENCES "datalek"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- At most one accepted decision of each kind per datalek, whatever races the workflow's own serialisation misses
-- (a partial index, which schema.prisma cannot express).
CREATE UNIQUE INDEX "datalek_besluit_vastgesteld_key" ON "datalek_besluit"("datalek_id", "soort") WHERE "status" = 'VASTGESTELD';
