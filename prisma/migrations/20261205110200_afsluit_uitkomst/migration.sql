-- The afsluiting records a structured outcome (domain/casusproces.ts afsluitUitkomsten) in besluit.gegevens, for the
-- management information. Afsluitingen from before it was asked get NIET_VASTGELEGD, so every one has an outcome.
UPDATE "besluit"
SET "gegevens" = jsonb_build_object('afsluitUitkomst', 'NIET_VASTGELEGD')
WHERE "soort" = 'AFSLUITING' AND ("gegevens" IS NULL OR NOT ("gegevens" ? 'afsluitUitkomst'));
