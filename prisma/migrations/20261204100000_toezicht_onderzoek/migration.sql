-- The FG's oversight access (issue 14 item 2; AVG 38 lid 2, 39; Prot. 24.4): an investigation into one casus, opened
-- with a recorded reason; while it is open the FG reads that casus read-only, every read logged with it.

-- CreateTable
CREATE TABLE "toezicht_onderzoek" (
    "id" UUID NOT NULL,
    "casus_id" UUID NOT NULL,
    "medewerker_id" UUID NOT NULL,
    "reden" TEXT NOT NULL,
    "geopend_op" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "gesloten_op" TIMESTAMPTZ(3),

    CONSTRAINT "toezicht_onderzoek_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "toezicht_onderzoek_casus_id_idx" ON "toezicht_onderzoek"("casus_id");

-- CreateIndex
CREATE INDEX "toezicht_onderzoek_medewerker_id_idx" ON "toezicht_onderzoek"("medewerker_id");

-- AddForeignKey
ALTER TABLE "toezicht_onderzoek" ADD CONSTRAINT "toezicht_onderzoek_casus_id_fkey" FOREIGN KEY ("casus_id") REFERENCES "casus"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "toezicht_onderzoek" ADD CONSTRAINT "toezicht_onderzoek_medewerker_id_fkey" FOREIGN KEY ("medewerker_id") REFERENCES "medewerker"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
