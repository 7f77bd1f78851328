-- Triage (WGS 2.31 lid 3; WGS 2.29): targeted information requests to named deelnemers, and the data items they
-- provide with their legal ground, category and the provider's voorwaarden en beperkingen.

-- CreateEnum
CREATE TYPE "GegevensCategorie" AS ENUM ('GEWOON', 'BIJZONDER', 'STRAFRECHTELIJK', 'WVGGZ', 'WZD', 'POLITIE');

-- CreateTable
CREATE TABLE "informatieverzoek" (
    "id" UUID NOT NULL,
    "casus_id" UUID NOT NULL,
    "aan_deelnemer_id" TEXT NOT NULL,
    "namens_deelnemer_id" TEXT NOT NULL,
    "taak" TEXT NOT NULL,
    "doel" TEXT NOT NULL,
    "reden" TEXT NOT NULL,
    "medewerker_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "informatieverzoek_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "gegeven" (
    "id" UUID NOT NULL,
    "casus_id" UUID NOT NULL,
    "verzoek_id" UUID,
    "leverancier_deelnemer_id" TEXT NOT NULL,
    "medewerker_id" UUID NOT NULL,
    "grondslag" TEXT NOT NULL,
    "categorie" "GegevensCategorie" NOT NULL,
    "bronvermelding" TEXT,
    "inhoud" TEXT NOT NULL,
    "niet_voor_casusoverleg" BOOLEAN NOT NULL DEFAULT false,
    "niet_aan_deelnemers" TEXT[] NOT NULL,
    "niet_aan_derden" BOOLEAN NOT NULL DEFAULT false,
    "vervalt_op" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "gegeven_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "informatieverzoek_casus_id_idx" ON "informatieverzoek"("casus_id");

-- CreateIndex
CREATE INDEX "gegeven_casus_id_idx" ON "gegeven"("casus_id");

-- AddForeignKey
ALTER TABLE "informatieverzoek" ADD CONSTRAINT "informatieverzoek_casus_id_fkey" FOREIGN KEY ("casus_id") REFERENCES "casus"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "informatieverzoek" ADD CONSTRAINT "informatieverzoek_aan_deelnemer_id_fkey" FOREIGN KEY ("aan_deelnemer_id") REFERENCES "deelnemer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gegeven" ADD CONSTRAINT "gegeven_casus_id_fkey" FOREIGN KEY ("casus_id") REFERENCES "casus"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gegeven" ADD CONSTRAINT "gegeven_verzoek_id_fkey" FOREIGN KEY ("verzoek_id") REFERENCES "informatieverzoek"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gegeven" ADD CONSTRAINT "gegeven_leverancier_deelnemer_id_fkey" FOREIGN KEY ("leverancier_deelnemer_id") REFERENCES "deelnemer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
