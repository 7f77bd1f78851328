-- CreateEnum
CREATE TYPE "DeelnemerType" AS ENUM ('OVERHEID', 'PRIVAAT');

-- CreateEnum
CREATE TYPE "CasusFase" AS ENUM ('AANMELDING', 'TRIAGE', 'SELECTIE_DEELNEMERS', 'CASUSOVERLEG', 'AFGESCHAALD', 'AFGESCHERMD', 'NIET_IN_BEHANDELING', 'GEARCHIVEERD', 'GEANONIMISEERD');

-- CreateEnum
CREATE TYPE "BetrokkeneRol" AS ENUM ('BETROKKENE', 'GEZINSLID', 'SOCIALE_OMGEVING');

-- CreateEnum
CREATE TYPE "Criterium" AS ENUM ('A', 'B', 'C', 'D');

-- CreateEnum
CREATE TYPE "CriteriumMate" AS ENUM ('NIET_VOLDAAN', 'DEELS_VOLDAAN', 'VOLDAAN');

-- CreateEnum
CREATE TYPE "BeoordelingsMoment" AS ENUM ('AANMELDING', 'INTAKE', 'EINDBEOORDELING');

-- CreateEnum
CREATE TYPE "BesluitSoort" AS ENUM ('INTAKE');

-- CreateEnum
CREATE TYPE "BesluitStatus" AS ENUM ('VOORGESTELD', 'VASTGESTELD', 'GEWEIGERD');

-- CreateEnum
CREATE TYPE "AuditUitkomst" AS ENUM ('TOEGESTAAN', 'GEWEIGERD');

-- CreateTable
CREATE TABLE "deelnemer" (
    "id" TEXT NOT NULL,
    "naam" TEXT NOT NULL,
    "type" "DeelnemerType" NOT NULL,
    "actief" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deelnemer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "medewerker" (
    "id" UUID NOT NULL,
    "deelnemer_id" TEXT NOT NULL,
    "naam" TEXT NOT NULL,
    "actief" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "medewerker_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "casus" (
    "id" UUID NOT NULL,
    "casusnummer" TEXT NOT NULL,
    "fase" "CasusFase" NOT NULL DEFAULT 'AANMELDING',
    "aanmelder_deelnemer_id" TEXT NOT NULL,
    "aanmelder_medewerker_id" UUID NOT NULL,
    "wettelijke_taak" TEXT,
    "aanmeld_datum" TIMESTAMPTZ(3) NOT NULL,
    "archief_datum" DATE,
    "geanonimiseerd_op" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "casus_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "betrokkene" (
    "id" UUID NOT NULL,
    "casus_id" UUID NOT NULL,
    "rol" "BetrokkeneRol" NOT NULL,
    "voornamen" TEXT,
    "achternaam" TEXT,
    "geboortedatum" DATE,
    "bsn" TEXT,

    CONSTRAINT "betrokkene_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "criterium_beoordeling" (
    "id" UUID NOT NULL,
    "casus_id" UUID NOT NULL,
    "besluit_id" UUID,
    "moment" "BeoordelingsMoment" NOT NULL,
    "criterium" "Criterium" NOT NULL,
    "mate" "CriteriumMate" NOT NULL,
    "toelichting" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "criterium_beoordeling_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "besluit" (
    "id" UUID NOT NULL,
    "casus_id" UUID NOT NULL,
    "soort" "BesluitSoort" NOT NULL,
    "uitkomst" TEXT NOT NULL,
    "status" "BesluitStatus" NOT NULL DEFAULT 'VOORGESTELD',
    "motivering" TEXT,
    "medewerker_id" UUID NOT NULL,
    "deelnemer_id" TEXT NOT NULL,
    "weigerreden" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "vastgesteld_op" TIMESTAMPTZ(3),

    CONSTRAINT "besluit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "tijdstip" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "medewerker_id" UUID,
    "deelnemer_id" TEXT,
    "actie" TEXT NOT NULL,
    "casus_id" UUID,
    "grondslag" TEXT NOT NULL,
    "uitkomst" "AuditUitkomst" NOT NULL,
    "detail" JSONB,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "medewerker_deelnemer_id_idx" ON "medewerker"("deelnemer_id");

-- CreateIndex
CREATE UNIQUE INDEX "casus_casusnummer_key" ON "casus"("casusnummer");

-- CreateIndex
CREATE INDEX "casus_fase_idx" ON "casus"("fase");

-- CreateIndex
CREATE INDEX "betrokkene_casus_id_idx" ON "betrokkene"("casus_id");

-- CreateIndex
CREATE INDEX "criterium_beoordeling_casus_id_idx" ON "criterium_beoordeling"("casus_id");

-- CreateIndex
CREATE INDEX "besluit_casus_id_idx" ON "besluit"("casus_id");

-- CreateIndex
CREATE INDEX "audit_log_casus_id_idx" ON "audit_log"("casus_id");

-- CreateIndex
CREATE INDEX "audit_log_tijdstip_idx" ON "audit_log"("tijdstip");

-- AddForeignKey
ALTER TABLE "medewerker" ADD CONSTRAINT "medewerker_deelnemer_id_fkey" FOREIGN KEY ("deelnemer_id") REFERENCES "deelnemer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "casus" ADD CONSTRAINT "casus_aanmelder_deelnemer_id_fkey" FOREIGN KEY ("aanmelder_deelnemer_id") REFERENCES "deelnemer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "casus" ADD CONSTRAINT "casus_aanmelder_medewerker_id_fkey" FOREIGN KEY ("aanmelder_medewerker_id") REFERENCES "medewerker"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "betrokkene" ADD CONSTRAINT "betrokkene_casus_id_fkey" FOREIGN KEY ("casus_id") REFERENCES "casus"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "criterium_beoordeling" ADD CONSTRAINT "criterium_beoordeling_casus_id_fkey" FOREIGN KEY ("casus_id") REFERENCES "casus"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "criterium_beoordeling" ADD CONSTRAINT "criterium_beoordeling_besluit_id_fkey" FOREIGN KEY ("besluit_id") REFERENCES "besluit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "besluit" ADD CONSTRAINT "besluit_casus_id_fkey" FOREIGN KEY ("casus_id") REFERENCES "casus"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "besluit" ADD CONSTRAINT "besluit_medewerker_id_fkey" FOREIGN KEY ("medewerker_id") REFERENCES "medewerker"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "besluit" ADD CONSTRAINT "besluit_deelnemer_id_fkey" FOREIGN KEY ("deelnemer_id") REFERENCES "deelnemer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Application sequence
CREATE SEQUENCE "casusnummer_seq";
