-- The national moratorium as an active global legal hold from the first start (issue 14 item 6; 003 "Archiveren":
-- "vanaf 1 maart 2025 [mogen] geen gegevens ... worden verwijderd, vernietigd of geanonimiseerd, totdat er meer
-- duidelijkheid is over de toepassing van de archiefwet in relatie tot de WGS"). No medewerker placed it, so
-- ingesteld_door may be empty; bron records where a hold comes from. The archiefbeheerder lifts it through the API.

-- AlterTable
ALTER TABLE "legal_hold" ALTER COLUMN "ingesteld_door" DROP NOT NULL,
ADD COLUMN "bron" TEXT;

-- The id is fixed (infra/legal-hold.ts MORATORIUM_HOLD_ID) so that every installation names the same record.
INSERT INTO "legal_hold" ("id", "casus_id", "reden", "ingesteld_door", "ingesteld_op", "bron")
VALUES (
    '4d4f5241-544f-4952-8000-000000000001',
    NULL,
    'Landelijk moratorium: geen gegevens verwijderen, vernietigen of anonimiseren totdat er meer duidelijkheid is over de toepassing van de Archiefwet in relatie tot de WGS.',
    NULL,
    TIMESTAMPTZ '2025-03-01 00:00:00+01',
    'Template Bestuurlijke afspraken Zorg- en Veiligheidshuizen (WGS), Bijlage 5 Factsheet Werkprocessen, "Archiveren": vanaf 1 maart 2025'
)
ON CONFLICT ("id") DO NOTHING;
