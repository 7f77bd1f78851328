-- Which data items a verstrekking to an incidentele deelnemer handed over, so the providers' voorwaarden
-- ("not to derden") are checked and the record shows what went where.

-- AlterTable
ALTER TABLE "verstrekking" ADD COLUMN     "gegeven_ids" UUID[] NOT NULL DEFAULT ARRAY[]::UUID[];
