-- Verlenging as the seeds write it (issue 14 item 7; 003 "Verlenging bewaartermijn"): each deelnemer that provided
-- data gives its own agreement, and in situation 2 the extra two years start at the heropening.

-- AlterTable
ALTER TABLE "verlenging" ADD COLUMN "heropening" DATE;

-- CreateTable
CREATE TABLE "verlengingsakkoord" (
    "casus_id" UUID NOT NULL,
    "deelnemer_id" TEXT NOT NULL,
    "medewerker_id" UUID NOT NULL,
    "gegeven_op" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "verlengingsakkoord_pkey" PRIMARY KEY ("casus_id","deelnemer_id")
);

-- CreateIndex
CREATE INDEX "verlengingsakkoord_deelnemer_id_idx" ON "verlengingsakkoord"("deelnemer_id");

-- CreateIndex
CREATE INDEX "verlengingsakkoord_medewerker_id_idx" ON "verlengingsakkoord"("medewerker_id");

-- AddForeignKey
ALTER TABLE "verlengingsakkoord" ADD CONSTRAINT "verlengingsakkoord_casus_id_fkey" FOREIGN KEY ("casus_id") REFERENCES "casus"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verlengingsakkoord" ADD CONSTRAINT "verlengingsakkoord_deelnemer_id_fkey" FOREIGN KEY ("deelnemer_id") REFERENCES "deelnemer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verlengingsakkoord" ADD CONSTRAINT "verlengingsakkoord_medewerker_id_fkey" FOREIGN KEY ("medewerker_id") REFERENCES "medewerker"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
