-- Partner systems (issue #7): koppelingen with their encrypted HMAC keys, received messages by idempotency key, and
-- the delivery and deadline of information requests; data items a deelnemer's system delivered have no medewerker.

-- CreateEnum
CREATE TYPE "KoppelingSoort" AS ENUM ('DEELNEMER', 'ZVH', 'RIEC');

-- CreateEnum
CREATE TYPE "KoppelingKanaal" AS ENUM ('HTTPS', 'MAIL');

-- CreateTable
CREATE TABLE "koppeling" (
    "id" TEXT NOT NULL,
    "soort" "KoppelingSoort" NOT NULL,
    "naam" TEXT NOT NULL,
    "deelnemer_id" TEXT,
    "kanaal" "KoppelingKanaal" NOT NULL,
    "url" TEXT,
    "email" TEXT,
    "sleutel" BYTEA,
    "sleutel_id" TEXT,
    "actief" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "koppeling_pkey" PRIMARY KEY ("id"),
    -- A deelnemer's system is a koppeling of that deelnemer; others belong to none.
    CONSTRAINT "koppeling_deelnemer_check" CHECK (("soort" = 'DEELNEMER') = ("deelnemer_id" IS NOT NULL)),
    -- HTTPS needs an endpoint and a key; MAIL an address.
    CONSTRAINT "koppeling_kanaal_check" CHECK (
        ("kanaal" = 'HTTPS' AND "url" IS NOT NULL AND "sleutel" IS NOT NULL AND "sleutel_id" IS NOT NULL)
        OR ("kanaal" = 'MAIL' AND "email" IS NOT NULL))
);

-- CreateIndex
CREATE UNIQUE INDEX "koppeling_deelnemer_id_key" ON "koppeling"("deelnemer_id");

-- AddForeignKey
ALTER TABLE "koppeling" ADD CONSTRAINT "koppeling_deelnemer_id_fkey" FOREIGN KEY ("deelnemer_id") REFERENCES "deelnemer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "koppeling_ontvangst" (
    "koppeling_id" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "body_hash" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "antwoord" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "koppeling_ontvangst_pkey" PRIMARY KEY ("koppeling_id", "idempotency_key")
);

-- CreateIndex
CREATE INDEX "koppeling_ontvangst_created_at_idx" ON "koppeling_ontvangst"("created_at");

-- AddForeignKey
ALTER TABLE "koppeling_ontvangst" ADD CONSTRAINT "koppeling_ontvangst_koppeling_id_fkey" FOREIGN KEY ("koppeling_id") REFERENCES "koppeling"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "informatieverzoek" ADD COLUMN "termijn_op" TIMESTAMPTZ(3),
ADD COLUMN "afgeleverd_op" TIMESTAMPTZ(3),
ADD COLUMN "afgeleverd_via" "KoppelingKanaal",
ADD COLUMN "geescaleerd_op" TIMESTAMPTZ(3),
ADD COLUMN "beantwoord_op" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "gegeven" ALTER COLUMN "medewerker_id" DROP NOT NULL,
ADD COLUMN "koppeling_id" TEXT;
