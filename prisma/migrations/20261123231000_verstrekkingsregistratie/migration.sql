-- Wpg 32 / Wjsg 39j (Prot. art. 8; issue #6): every provision of police or OM data is documented — who provides,
-- to whom, on whose request, when, what (category and source reference), for which purpose — and kept 4 years.
-- OM data gets its own category: justitiële en strafvorderlijke gegevens (Wjsg).

-- AlterEnum
ALTER TYPE "GegevensCategorie" ADD VALUE 'JUSTITIEEL';

-- CreateEnum
CREATE TYPE "DocumentatieWet" AS ENUM ('WPG_32', 'WJSG_39J');

-- CreateTable
CREATE TABLE "verstrekkingsregistratie" (
    "id" UUID NOT NULL,
    "wet" "DocumentatieWet" NOT NULL,
    "verstrekker_deelnemer_id" TEXT NOT NULL,
    "verstrekt_op" TIMESTAMPTZ(3) NOT NULL,
    "aanvrager" TEXT NOT NULL,
    "ontvangers" TEXT[] NOT NULL,
    "omschrijving" TEXT NOT NULL,
    "doel" TEXT NOT NULL,
    "casus_id" UUID,
    "gegeven_id" UUID,
    "bewaren_tot" DATE NOT NULL,

    CONSTRAINT "verstrekkingsregistratie_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "verstrekkingsregistratie_verstrekker_deelnemer_id_idx" ON "verstrekkingsregistratie"("verstrekker_deelnemer_id");

-- CreateIndex
CREATE INDEX "verstrekkingsregistratie_bewaren_tot_idx" ON "verstrekkingsregistratie"("bewaren_tot");

-- AddForeignKey
ALTER TABLE "verstrekkingsregistratie" ADD CONSTRAINT "verstrekkingsregistratie_verstrekker_deelnemer_id_fkey" FOREIGN KEY ("verstrekker_deelnemer_id") REFERENCES "deelnemer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
