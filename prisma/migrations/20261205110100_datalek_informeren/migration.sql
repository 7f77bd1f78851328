-- Datalekken: the internal report's Prot. 14.3 b–e items (nullable: reports from before did not ask them), and the
-- recording that the betrokkenen were informed after the decision to inform them (AVG 34).

-- AlterEnum
ALTER TYPE "DatalekBesluitSoort" ADD VALUE 'BETROKKENEN_GEINFORMEERD' BEFORE 'AFSLUITING';

-- AlterTable
ALTER TABLE "datalek" ADD COLUMN "contactpersoon" TEXT,
ADD COLUMN "mogelijke_maatregelen" TEXT,
ADD COLUMN "mogelijke_gevolgen" TEXT,
ADD COLUMN "genomen_maatregelen" TEXT;
