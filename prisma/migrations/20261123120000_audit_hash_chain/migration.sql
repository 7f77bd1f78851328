-- Verplichte logging made tamper-evident: a hash chain over audit_log, and the table made append-only.
-- The serialisation is the one of infra/audit.ts (see there); the backfill below must stay byte-for-byte equal to it.

-- AlterTable
ALTER TABLE "audit_log" ADD COLUMN     "casus_pseudoniem" UUID,
ADD COLUMN     "casus_ref" TEXT,
ADD COLUMN     "detail_ref" TEXT,
ADD COLUMN     "hash" TEXT,
ADD COLUMN     "vorige_hash" TEXT,
ADD COLUMN     "zout" TEXT,
ALTER COLUMN "tijdstip" DROP DEFAULT;

-- Backfill: chain the entries written before this migration, in id order, exactly as logAudit would have.
-- audit_canoniek(a, b, …) = JSON.stringify([a, b, …]) for strings and nulls: to_json(text) escapes like JavaScript.
CREATE FUNCTION pg_temp."audit_canoniek"(VARIADIC waarden TEXT[]) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT '[' || string_agg(coalesce(to_json(w)::text, 'null'), ',' ORDER BY i) || ']'
  FROM unnest(waarden) WITH ORDINALITY AS u(w, i)
$$;

CREATE FUNCTION pg_temp."audit_sha256"(tekst TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(tekst, 'UTF8')), 'hex')
$$;

DO $$
DECLARE
  r RECORD;
  v_vorige TEXT := repeat('0', 64);
  v_zout TEXT;
  v_casus_ref TEXT;
  v_detail_ref TEXT;
  v_hash TEXT;
BEGIN
  FOR r IN
    SELECT "id", to_char("tijdstip" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "tijdstip",
           "medewerker_id"::text AS "medewerker_id", "deelnemer_id", "actie", "casus_id"::text AS "casus_id",
           "grondslag", "uitkomst"::text AS "uitkomst", "detail"::text AS "detail"
    FROM "audit_log" ORDER BY "id"
  LOOP
    -- 256 bits from the strong random source behind gen_random_uuid() (pgcrypto is not assumed).
    v_zout := pg_temp."audit_sha256"(gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text);
    v_casus_ref := CASE WHEN r."casus_id" IS NULL THEN NULL
                        ELSE pg_temp."audit_sha256"(pg_temp."audit_canoniek"('casus', v_zout, r."casus_id")) END;
    v_detail_ref := CASE WHEN r."detail" IS NULL THEN NULL
                         ELSE pg_temp."audit_sha256"(pg_temp."audit_canoniek"('detail', v_zout, r."detail")) END;
    v_hash := pg_temp."audit_sha256"(pg_temp."audit_canoniek"(
      'zvh-audit/1', r."tijdstip", r."medewerker_id", r."deelnemer_id", r."actie", v_casus_ref, r."grondslag",
      r."uitkomst", v_detail_ref, v_vorige));
    UPDATE "audit_log"
    SET "zout" = v_zout, "casus_ref" = v_casus_ref, "detail_ref" = v_detail_ref, "vorige_hash" = v_vorige, "hash" = v_hash
    WHERE "id" = r."id";
    v_vorige := v_hash;
  END LOOP;
END $$;

DROP FUNCTION pg_temp."audit_canoniek"(TEXT[]);
DROP FUNCTION pg_temp."audit_sha256"(TEXT);

-- AlterTable
ALTER TABLE "audit_log" ALTER COLUMN "hash" SET NOT NULL,
ALTER COLUMN "vorige_hash" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "audit_log_vorige_hash_key" ON "audit_log"("vorige_hash");

-- CreateIndex
CREATE UNIQUE INDEX "audit_log_hash_key" ON "audit_log"("hash");

-- Append-only: UPDATE, DELETE and TRUNCATE are refused. The one exception is pseudonymisation, meant to go through
-- audit_pseudonimiseer() below, which flags its transaction (so no ordinary UPDATE passes by accident). What makes
-- the exception safe are the row conditions: an UPDATE passes only if it erases the subject references of an entry
-- (casus_id, detail and zout to NULL, casus_pseudoniem set), changes no other column, and the entry's casus is
-- anonymised (geanonimiseerd_op set) or no longer exists. Such an update cannot break the chain: the hash covers
-- casus_ref and detail_ref, which stay. (A table owner or superuser can still disable the trigger; the hash chain
-- is what detects changes made that way.)
CREATE FUNCTION "audit_log_append_only"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF current_setting('zvh.audit_pseudonimiseren', true) = 'on'
       AND OLD."casus_id" IS NOT NULL AND OLD."zout" IS NOT NULL AND OLD."casus_pseudoniem" IS NULL
       AND NEW."casus_id" IS NULL AND NEW."detail" IS NULL AND NEW."zout" IS NULL AND NEW."casus_pseudoniem" IS NOT NULL
       AND to_jsonb(NEW) - ARRAY['casus_id', 'detail', 'zout', 'casus_pseudoniem']
         = to_jsonb(OLD) - ARRAY['casus_id', 'detail', 'zout', 'casus_pseudoniem']
       AND NOT EXISTS (SELECT 1 FROM "casus" c WHERE c."id" = OLD."casus_id" AND c."geanonimiseerd_op" IS NULL)
    THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'pseudonymise the entries of an anonymised casus with audit_pseudonimiseer(casus_id)';
END
$$;

-- CreateTrigger
CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "audit_log"
FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();

-- CreateTrigger
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log"
FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"();

-- Pseudonymisation of one casus' entries (issue #3: when the casus is anonymised): erases casus_id, detail and the
-- salt, and gives the entries one fresh random casus_pseudoniem. Returns the number of entries changed; a second
-- call finds none. The flag is transaction-local and switched off again before returning.
CREATE FUNCTION "audit_pseudonimiseer"(p_casus_id UUID) RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  v_pseudoniem UUID := gen_random_uuid();
  v_aantal INTEGER;
BEGIN
  PERFORM set_config('zvh.audit_pseudonimiseren', 'on', true);
  UPDATE "audit_log"
  SET "casus_id" = NULL, "detail" = NULL, "zout" = NULL, "casus_pseudoniem" = v_pseudoniem
  WHERE "casus_id" = p_casus_id;
  GET DIAGNOSTICS v_aantal = ROW_COUNT;
  PERFORM set_config('zvh.audit_pseudonimiseren', 'off', true);
  RETURN v_aantal;
END
$$;
