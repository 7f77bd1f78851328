-- A refused proposal leaves no trace in the casus (issue 13 item 7): the API now deletes it with its criteria and
-- content when the workflow refuses it, and the audit log keeps the refusal (who, when, which action, the code).
-- The ones kept as GEWEIGERD before go the same way; their criteria, plan van aanpak or invitation cascade.
DELETE FROM "besluit" WHERE "status" = 'GEWEIGERD';
