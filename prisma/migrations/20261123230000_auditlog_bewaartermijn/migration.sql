-- Log retention (issue #6; SPEC §7 leaves the term to the ZVH): entries older than the policy's term are removed
-- from the start of the chain, by audit_opschonen() only. Each removal is recorded in audit_opschoning with the hash
-- of the last removed entry, where verification of the remaining chain then starts (infra/audit.ts).

-- CreateTable
CREATE TABLE "audit_opschoning" (
    "id" BIGSERIAL NOT NULL,
    "uitgevoerd_op" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "grens" TIMESTAMPTZ(3) NOT NULL,
    "tot_id" BIGINT NOT NULL,
    "tot_hash" TEXT NOT NULL,
    "aantal" INTEGER NOT NULL,

    CONSTRAINT "audit_opschoning_pkey" PRIMARY KEY ("id")
);

-- The record of removals is itself append-only: it is what the verification trusts as the chain's new start.
CREATE FUNCTION "audit_opschoning_append_only"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_opschoning is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

-- CreateTrigger
CREATE TRIGGER "audit_opschoning_append_only" BEFORE UPDATE OR DELETE ON "audit_opschoning"
FOR EACH ROW EXECUTE FUNCTION "audit_opschoning_append_only"();

-- CreateTrigger
CREATE TRIGGER "audit_opschoning_no_truncate" BEFORE TRUNCATE ON "audit_opschoning"
FOR EACH STATEMENT EXECUTE FUNCTION "audit_opschoning_append_only"();

-- The append-only rule of audit_log gains its second exception: a DELETE inside audit_opschonen(), which flags its
-- transaction with the cut-off, of an entry older than that cut-off and more than a year old. The year is checked
-- here as well because anyone can set the flag; like the pseudonymisation exception (unchanged), what keeps it safe
-- is the row condition. A removal outside audit_opschonen() has no audit_opschoning record and breaks the chain.
CREATE OR REPLACE FUNCTION "audit_log_append_only"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
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
  IF TG_OP = 'DELETE'
     AND coalesce(current_setting('zvh.audit_opschonen_grens', true), '') <> ''
     AND OLD."tijdstip" < current_setting('zvh.audit_opschonen_grens', true)::timestamptz
     AND OLD."tijdstip" < now() - INTERVAL '1 year'
  THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'pseudonymise with audit_pseudonimiseer(casus_id); remove expired entries with audit_opschonen(grens)';
END
$$;

-- Removes the entries written before p_grens: always a prefix of the chain, since entries are written in id order
-- under the chain lock with a rising database clock (a younger entry among them makes the trigger refuse it all).
-- Entries younger than one year are never removed, whatever the configuration says. Returns the number removed and
-- records the removal; a second call with the same cut-off removes nothing and records nothing.
CREATE FUNCTION "audit_opschonen"(p_grens TIMESTAMPTZ) RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  v_tot_id BIGINT;
  v_tot_hash TEXT;
  v_aantal INTEGER;
BEGIN
  IF p_grens > now() - INTERVAL '1 year' THEN
    RAISE EXCEPTION 'audit log entries younger than one year are never removed (cut-off %)', p_grens
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  -- The chain lock of infra/audit.ts (AUDIT_CHAIN_LOCK_KEY): no entry is appended while the start moves.
  PERFORM pg_advisory_xact_lock(1515602261);
  SELECT "id", "hash" INTO v_tot_id, v_tot_hash FROM "audit_log" WHERE "tijdstip" < p_grens ORDER BY "id" DESC LIMIT 1;
  IF v_tot_id IS NULL THEN
    RETURN 0;
  END IF;
  PERFORM set_config('zvh.audit_opschonen_grens', p_grens::text, true);
  DELETE FROM "audit_log" WHERE "id" <= v_tot_id;
  GET DIAGNOSTICS v_aantal = ROW_COUNT;
  PERFORM set_config('zvh.audit_opschonen_grens', '', true);
  INSERT INTO "audit_opschoning" ("grens", "tot_id", "tot_hash", "aantal") VALUES (p_grens, v_tot_id, v_tot_hash, v_aantal);
  RETURN v_aantal;
END
$$;
