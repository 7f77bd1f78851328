-- CreateEnum
CREATE TYPE "ScreeningSoort" AS ENUM ('VOG', 'GELIJKWAARDIG');

-- AlterTable
ALTER TABLE "medewerker" ADD COLUMN     "screening_datum" DATE,
ADD COLUMN     "screening_soort" "ScreeningSoort";
