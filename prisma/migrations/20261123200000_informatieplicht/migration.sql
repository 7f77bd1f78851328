-- Informatieplicht (AVG 13–14; BGS 1.3; SPEC §4): one obligation per casus and moment, carried by its own workflow,
-- and the Contactpunt's recordings about it (verstrekt, uitstel on a UAVG 41 ground, hertoetsing).

-- CreateEnum
CREATE TYPE "InformatieplichtMoment" AS ENUM ('IN_BEHANDELING', 'TRIAGE_UITKOMST', 'CASUSOVERLEG_UITKOMST', 'AFSCHALING');

-- CreateEnum
CREATE TYPE "InformatieplichtStatus" AS ENUM ('OPEN', 'UITGESTELD', 'VERSTREKT', 'VERVALLEN');

-- CreateEnum
CREATE TYPE "InformatieplichtHandelingSoort" AS ENUM ('VERSTREKT', 'UITSTEL', 'GROND_GELDT_NOG', 'GROND_VERVALLEN');

-- CreateTable
CREATE TABLE "informatieplicht" (
    "id" UUID NOT NULL,
    "casus_id" UUID NOT NULL,
    "moment" "InformatieplichtMoment" NOT NULL,
    "status" "InformatieplichtStatus" NOT NULL DEFAULT 'OPEN',
    "startdatum" DATE NOT NULL,
    "deadline" DATE NOT NULL,
    "hertoetsing_op" DATE,
    "verstrekt_op" DATE,
    "kanaal" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "informatieplicht_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "informatieplicht_handeling" (
    "id" UUID NOT NULL,
    "informatieplicht_id" UUID NOT NULL,
    "soort" "InformatieplichtHandelingSoort" NOT NULL,
    "status" "BesluitStatus" NOT NULL DEFAULT 'VOORGESTELD',
    "datum" DATE,
    "kanaal" TEXT,
    "grond" TEXT,
    "reden" TEXT,
    "verwachte_datum" DATE,
    "hertoetsing_maanden" INTEGER,
    "medewerker_id" UUID NOT NULL,
    "deelnemer_id" TEXT NOT NULL,
    "weigerreden" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "vastgesteld_op" TIMESTAMPTZ(3),

    CONSTRAINT "informatieplicht_handeling_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "informatieplicht_casus_id_moment_key" ON "informatieplicht"("casus_id", "moment");

-- CreateIndex
CREATE INDEX "informatieplicht_status_deadline_idx" ON "informatieplicht"("status", "deadline");

-- CreateIndex
CREATE INDEX "informatieplicht_handeling_informatieplicht_id_idx" ON "informatieplicht_handeling"("informatieplicht_id");

-- AddForeignKey
ALTER TABLE "informatieplicht" ADD CONSTRAINT "informatieplicht_casus_id_fkey" FOREIGN KEY ("casus_id") REFERENCES "casus"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "informatieplicht_handeling" ADD CONSTRAINT "informatieplicht_handeling_informatieplicht_id_fkey" FOREIGN KEY ("informatieplicht_id") REFERENCES "informatieplicht"("id") ON DELETE CASCADE ON UPDATE CASCADE;
