-- Audit integrity against the app role (issue 13 item 6). The API and worker log in as a role that owns nothing
-- (infra/app-role.ts), but until now any role could flag its transaction and use the append-only trigger's
-- exceptions, and pseudonymise the audit entries of a casus it had just deleted. Now:
--  * the exceptions hold only for the owner of audit_log, i.e. inside the SECURITY DEFINER functions below;
--  * audit_pseudonimiseer() checks the casus itself: it exists, is anonymised after its archive transfer, holds no
--    personal data any more, and (for any caller but the owner) is at least one year past its aanmelding by the
--    database's clock — no bewaartermijn is shorter (domain/bewaartermijn.ts) — with its archiefdatum passed;
--  * the aanmelddatum and id of a casus cannot change, so that floor cannot be moved;
--  * ensureAppRole revokes DELETE on casus and UPDATE/DELETE on audit_log and audit_opschoning from the app role.
-- Residual risk: the app role writes casus data, so it can still fake the anonymisation of a casus older than a
-- year (erase its data, set GEANONIMISEERD, record an archive receipt the archive never issued) and so unlink that
-- casus' entries. The chain stays intact then; what shows it is the receipt, which the archivaris can deny.

CREATE OR REPLACE FUNCTION "audit_log_append_only"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
  -- The owner (or a superuser); inside the SECURITY DEFINER functions current_user is their owner.
  v_eigenaar BOOLEAN := pg_has_role(current_user, (SELECT "relowner" FROM pg_class WHERE oid = TG_RELID), 'USAGE');
BEGIN
  IF TG_OP = 'UPDATE' AND v_eigenaar THEN
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
  IF TG_OP = 'DELETE' AND v_eigenaar
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

-- Same contract as before (returns the number of entries changed, idempotent), now with the casus checked here.
CREATE OR REPLACE FUNCTION "audit_pseudonimiseer"(p_casus_id UUID) RETURNS INTEGER
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_casus RECORD;
  v_vandaag DATE := (now() AT TIME ZONE 'Europe/Amsterdam')::date;
  v_pseudoniem UUID := gen_random_uuid();
  v_aantal INTEGER;
BEGIN
  SELECT "fase", "geanonimiseerd_op", "wettelijke_taak", "archief_datum",
         ("aanmeld_datum" AT TIME ZONE 'Europe/Amsterdam')::date AS "aanmelddatum"
  INTO v_casus FROM "casus" WHERE "id" = p_casus_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'audit_pseudonimiseer: casus % does not exist', p_casus_id USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF v_casus."fase" <> 'GEANONIMISEERD' OR v_casus."geanonimiseerd_op" IS NULL
     OR NOT EXISTS (SELECT 1 FROM "archief_overdracht" WHERE "casus_id" = p_casus_id)
     OR v_casus."wettelijke_taak" IS NOT NULL
     OR EXISTS (SELECT 1 FROM "betrokkene" WHERE "casus_id" = p_casus_id AND ("voornamen" IS NOT NULL
                OR "achternaam" IS NOT NULL OR "geboortedatum" IS NOT NULL OR "bsn" IS NOT NULL))
  THEN
    RAISE EXCEPTION 'audit_pseudonimiseer: casus % is not anonymised after its archive transfer', p_casus_id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  -- The clock of the database, which the caller cannot set. The owner is exempt: it can bypass all of this anyway,
  -- and the time-skipping workflow tests run the anonymisation as the owner on their own clock.
  IF NOT pg_has_role(session_user, current_user, 'USAGE')
     AND (v_vandaag < (v_casus."aanmelddatum" + INTERVAL '1 year')::date
          OR v_vandaag < coalesce(v_casus."archief_datum", v_vandaag))
  THEN
    RAISE EXCEPTION 'audit_pseudonimiseer: casus % has not reached its archiefdatum', p_casus_id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM set_config('zvh.audit_pseudonimiseren', 'on', true);
  UPDATE "audit_log"
  SET "casus_id" = NULL, "detail" = NULL, "zout" = NULL, "casus_pseudoniem" = v_pseudoniem
  WHERE "casus_id" = p_casus_id;
  GET DIAGNOSTICS v_aantal = ROW_COUNT;
  PERFORM set_config('zvh.audit_pseudonimiseren', 'off', true);
  RETURN v_aantal;
END
$$;

-- Its body is unchanged (migration 20261123230000_auditlog_bewaartermijn); it now runs as the owner.
ALTER FUNCTION "audit_opschonen"(TIMESTAMPTZ) SECURITY DEFINER SET search_path = public, pg_temp;

-- Only the roles ensureAppRole grants it to may call them.
REVOKE ALL ON FUNCTION "audit_pseudonimiseer"(UUID) FROM PUBLIC;
REVOKE ALL ON FUNCTION "audit_opschonen"(TIMESTAMPTZ) FROM PUBLIC;

-- The one-year floor above counts from the aanmelddatum; the id ties the audit entries to the casus.
CREATE FUNCTION "casus_vaste_gegevens"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."id" IS DISTINCT FROM OLD."id" OR NEW."aanmeld_datum" IS DISTINCT FROM OLD."aanmeld_datum" THEN
    RAISE EXCEPTION 'the id and aanmelddatum of a casus never change' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;

-- CreateTrigger
CREATE TRIGGER "casus_vaste_gegevens" BEFORE UPDATE OF "id", "aanmeld_datum" ON "casus"
FOR EACH ROW EXECUTE FUNCTION "casus_vaste_gegevens"();
