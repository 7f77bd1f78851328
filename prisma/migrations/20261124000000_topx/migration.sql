-- TopX-lijsten (WGS 2.32; BGS 2.22; Afspr. Bijlage 5 "Werkproces lijst geprioriteerde casussen"): lists, their
-- published objective criteria (versioned), the entries with the person's data, data requests and decisions.

-- CreateEnum
CREATE TYPE "TopxFase" AS ENUM ('KANDIDAAT', 'GEPLAATST', 'VERWIJDERD');

-- CreateEnum
CREATE TYPE "TopxBesluitSoort" AS ENUM ('TOETSING', 'REVIEW', 'VERWIJDERING');

-- CreateEnum
CREATE TYPE "TopxVerwijderReden" AS ENUM ('VOLDOET_NIET_MEER', 'CRITERIA_GEWIJZIGD', 'NIET_MEER_NODIG');

-- Human-facing entry numbers (TX-<year>-<seq>)
CREATE SEQUENCE "topx_nummer_seq";

-- CreateTable
CREATE TABLE "topx_lijst" (
    "id" UUID NOT NULL,
    "naam" TEXT NOT NULL,
    "omschrijving" TEXT NOT NULL,
    "aangemaakt_door_medewerker_id" UUID NOT NULL,
    "aangemaakt_door_deelnemer_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "topx_lijst_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "topx_criteria_versie" (
    "id" UUID NOT NULL,
    "lijst_id" UUID NOT NULL,
    "versie" INTEGER NOT NULL,
    "criteria" JSONB NOT NULL,
    "toelichting" TEXT,
    "ingangsdatum" DATE NOT NULL,
    "gepubliceerd_op" TIMESTAMPTZ(3),
    "vastgesteld_door_medewerker_id" UUID NOT NULL,
    "vastgesteld_door_deelnemer_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "topx_criteria_versie_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "topx_vermelding" (
    "id" UUID NOT NULL,
    "nummer" TEXT NOT NULL,
    "lijst_id" UUID NOT NULL,
    "fase" "TopxFase" NOT NULL DEFAULT 'KANDIDAAT',
    "criteria_versie_id" UUID NOT NULL,
    "voldane_criteria" TEXT[] NOT NULL,
    "toelichting" TEXT,
    "voornamen" TEXT,
    "achternaam" TEXT,
    "geboortedatum" DATE,
    "bsn" TEXT,
    "aangemeld_door_medewerker_id" UUID NOT NULL,
    "aangemeld_door_deelnemer_id" TEXT NOT NULL,
    "aangemeld_op" TIMESTAMPTZ(3) NOT NULL,
    "geplaatst_op" TIMESTAMPTZ(3),
    "volgende_review_op" DATE,
    "casus_id" UUID,
    "verwijderd_op" TIMESTAMPTZ(3),
    "verwijder_reden" "TopxVerwijderReden",

    CONSTRAINT "topx_vermelding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "topx_informatieverzoek" (
    "id" UUID NOT NULL,
    "vermelding_id" UUID NOT NULL,
    "aan_deelnemer_id" TEXT NOT NULL,
    "doel" TEXT NOT NULL,
    "reden" TEXT NOT NULL,
    "status" "BesluitStatus" NOT NULL DEFAULT 'VOORGESTELD',
    "medewerker_id" UUID NOT NULL,
    "deelnemer_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "antwoord" TEXT,
    "beantwoord_op" TIMESTAMPTZ(3),
    "beantwoord_door_medewerker_id" UUID,

    CONSTRAINT "topx_informatieverzoek_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "topx_besluit" (
    "id" UUID NOT NULL,
    "vermelding_id" UUID NOT NULL,
    "soort" "TopxBesluitSoort" NOT NULL,
    "uitkomst" TEXT NOT NULL,
    "criteria_versie_id" UUID,
    "objectieve_criteria" JSONB,
    "bgs_criteria" JSONB,
    "motivering" TEXT NOT NULL,
    "status" "BesluitStatus" NOT NULL DEFAULT 'VOORGESTELD',
    "medewerker_id" UUID NOT NULL,
    "deelnemer_id" TEXT NOT NULL,
    "weigerreden" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "vastgesteld_op" TIMESTAMPTZ(3),

    CONSTRAINT "topx_besluit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "topx_criteria_versie_lijst_id_versie_key" ON "topx_criteria_versie"("lijst_id", "versie");

-- CreateIndex
CREATE UNIQUE INDEX "topx_vermelding_nummer_key" ON "topx_vermelding"("nummer");

-- CreateIndex
CREATE INDEX "topx_vermelding_lijst_id_fase_idx" ON "topx_vermelding"("lijst_id", "fase");

-- CreateIndex
CREATE INDEX "topx_informatieverzoek_vermelding_id_idx" ON "topx_informatieverzoek"("vermelding_id");

-- CreateIndex
CREATE INDEX "topx_besluit_vermelding_id_idx" ON "topx_besluit"("vermelding_id");

-- AddForeignKey
ALTER TABLE "topx_criteria_versie" ADD CONSTRAINT "topx_criteria_versie_lijst_id_fkey" FOREIGN KEY ("lijst_id") REFERENCES "topx_lijst"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "topx_vermelding" ADD CONSTRAINT "topx_vermelding_lijst_id_fkey" FOREIGN KEY ("lijst_id") REFERENCES "topx_lijst"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "topx_vermelding" ADD CONSTRAINT "topx_vermelding_criteria_versie_id_fkey" FOREIGN KEY ("criteria_versie_id") REFERENCES "topx_criteria_versie"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "topx_informatieverzoek" ADD CONSTRAINT "topx_informatieverzoek_vermelding_id_fkey" FOREIGN KEY ("vermelding_id") REFERENCES "topx_vermelding"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "topx_besluit" ADD CONSTRAINT "topx_besluit_vermelding_id_fkey" FOREIGN KEY ("vermelding_id") REFERENCES "topx_vermelding"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A published criteria version is what the public page showed and what entries were judged against (BGS 2.22):
-- it never changes afterwards, whoever asks. A change is a new version.
CREATE FUNCTION "topx_criteria_versie_onveranderlijk"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."gepubliceerd_op" IS NOT NULL THEN
    RAISE EXCEPTION 'topx_criteria_versie %: a published version cannot be changed', OLD."id" USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "topx_criteria_versie_onveranderlijk" BEFORE UPDATE ON "topx_criteria_versie"
  FOR EACH ROW EXECUTE FUNCTION "topx_criteria_versie_onveranderlijk"();
