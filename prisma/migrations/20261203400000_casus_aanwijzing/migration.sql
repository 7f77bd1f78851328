-- Need-to-know per casus and per medewerker (issue 14 item 1; Prot. 9.6, Handvat 4.5 lid 4-5): each deelnemer in a
-- casus designates the medewerkers who see it; the aanmelder's registering medewerker is designated at once.

-- CreateTable
CREATE TABLE "casus_aanwijzing" (
    "casus_id" UUID NOT NULL,
    "medewerker_id" UUID NOT NULL,
    "aangewezen_op" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ingetrokken_op" TIMESTAMPTZ(3),

    CONSTRAINT "casus_aanwijzing_pkey" PRIMARY KEY ("casus_id","medewerker_id")
);

-- CreateIndex
CREATE INDEX "casus_aanwijzing_medewerker_id_idx" ON "casus_aanwijzing"("medewerker_id");

-- AddForeignKey
ALTER TABLE "casus_aanwijzing" ADD CONSTRAINT "casus_aanwijzing_casus_id_fkey" FOREIGN KEY ("casus_id") REFERENCES "casus"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "casus_aanwijzing" ADD CONSTRAINT "casus_aanwijzing_medewerker_id_fkey" FOREIGN KEY ("medewerker_id") REFERENCES "medewerker"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Backfill, so that nothing existing breaks: in every casus, its registering medewerker and each medewerker of a
-- deelnemer that sees the whole casus (aanmelder, selected, casusregisseur of a plan) who already decided in it or
-- read it (besluiten and the audit log record who). Providers and the procesregisseur need no designation.
WITH betrokken AS (
    SELECT "id" AS "casus_id", "aanmelder_deelnemer_id" AS "deelnemer_id" FROM "casus"
    UNION SELECT "casus_id", "deelnemer_id" FROM "casus_deelnemer"
    UNION SELECT "casus_id", "casusregisseur_deelnemer_id" FROM "plan_van_aanpak"
), gehandeld AS (
    SELECT "id" AS "casus_id", "aanmelder_medewerker_id" AS "medewerker_id", "created_at" AS "op" FROM "casus"
    UNION ALL SELECT "casus_id", "medewerker_id", "created_at" FROM "besluit"
    UNION ALL SELECT "casus_id", "medewerker_id", "tijdstip" FROM "audit_log"
        WHERE "casus_id" IS NOT NULL AND "medewerker_id" IS NOT NULL AND "uitkomst" = 'TOEGESTAAN'
)
INSERT INTO "casus_aanwijzing" ("casus_id", "medewerker_id", "aangewezen_op")
SELECT g."casus_id", g."medewerker_id", min(g."op")
FROM gehandeld g
JOIN "medewerker" m ON m."id" = g."medewerker_id"
JOIN betrokken b ON b."casus_id" = g."casus_id" AND b."deelnemer_id" = m."deelnemer_id"
GROUP BY g."casus_id", g."medewerker_id";
