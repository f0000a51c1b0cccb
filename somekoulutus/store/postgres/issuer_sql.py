"""Issuer server functions: only members of somekoulutus_issuer store certificates.

The issuer service re-checks a passed attempt from what the server recorded, signs it and
stores the result with `store_certificate`, which issues each attempt set exactly once (the
attempts are locked and marked 'issued' in the same transaction). Statuses as in admin_sql:
'ok', 'refused' (audited), 'invalid', 'already', 'held', 'unknown_key', 'not_found'.
"""

from __future__ import annotations

ISSUER = r"""
-- Store a signed certificate and supersede the person's previous one of the definition.
CREATE OR REPLACE FUNCTION _insert_certificate(
    cert_id text, person text, definition text, payload text, signature text, key text,
    issued text, expires text, pdf bytea, attempts_json text, issued_by text, manual_reason text)
RETURNS void LANGUAGE plpgsql SET search_path = somekoulutus, pg_temp AS $$
BEGIN
    INSERT INTO certificates (id, login, definition_id, payload, signature, key_id, issued_at,
                              expires_at, pdf_path, pdf, attempt_ids, issued_by, manual_reason)
    VALUES (cert_id, person, definition, payload, signature, key, issued, expires, '', pdf,
            attempts_json, issued_by, manual_reason);
    UPDATE certificates c SET superseded_by = cert_id
    WHERE c.login = person AND c.definition_id = definition AND c.id <> cert_id
      AND c.revoked_at IS NULL AND c.superseded_by IS NULL;
    PERFORM pg_notify('somekoulutus_certificates', cert_id);
END $$;

CREATE OR REPLACE FUNCTION _held(person text, definition text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = somekoulutus, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM holds h
                   WHERE h.login = person AND h.definition_id = definition AND h.lifted_at IS NULL)
$$;

CREATE OR REPLACE FUNCTION _usable_key(key text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = somekoulutus, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM issuer_keys k WHERE k.key_id = key AND k.retired_at IS NULL)
$$;
CREATE OR REPLACE FUNCTION _refused_issuer(action text, target text) RETURNS text
LANGUAGE plpgsql SET search_path = somekoulutus, pg_temp AS $$
BEGIN
    PERFORM _audit(action || '.refused', target, jsonb_build_object('reason', 'not_issuer'));
    RETURN 'refused';
END $$;

CREATE OR REPLACE FUNCTION register_issuer_key(key_id text, public_pem text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = somekoulutus, pg_temp AS $$
DECLARE
    known text;
BEGIN
    IF NOT _is_member('somekoulutus_issuer') THEN
        RETURN _refused_issuer('issuer.key_add', key_id);
    END IF;
    IF coalesce(btrim(key_id), '') = '' OR public_pem NOT LIKE '-----BEGIN PUBLIC KEY-----%' THEN
        RETURN 'invalid';
    END IF;
    SELECT k.public_pem INTO known FROM issuer_keys k WHERE k.key_id = register_issuer_key.key_id;
    IF FOUND THEN
        RETURN CASE WHEN known = public_pem THEN 'already' ELSE 'invalid' END;
    END IF;
    INSERT INTO issuer_keys VALUES (key_id, public_pem, now_iso(), NULL);
    PERFORM _audit('issuer.key_add', key_id);
    RETURN 'ok';
END $$;

-- A retired key signs no more; what it signed stays verifiable with its public key.
CREATE OR REPLACE FUNCTION retire_issuer_key(key_id text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = somekoulutus, pg_temp AS $$
BEGIN
    IF NOT (_is_member('somekoulutus_issuer') OR _is_member('somekoulutus_admin')) THEN
        RETURN _refused_issuer('issuer.key_retire', key_id);
    END IF;
    UPDATE issuer_keys k SET retired_at = now_iso()
    WHERE k.key_id = retire_issuer_key.key_id AND k.retired_at IS NULL;
    IF NOT FOUND THEN
        RETURN 'not_found';
    END IF;
    PERFORM _audit('issuer.key_retire', key_id);
    RETURN 'ok';
END $$;

CREATE OR REPLACE FUNCTION store_certificate(
    attempt_ids bigint[], certificate_id text, login text, definition_id text, payload text,
    signature text, key_id text, issued_at text, expires_at text, pdf bytea)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = somekoulutus, pg_temp AS $$
DECLARE
    att attempts%ROWTYPE;
    needed text[];
BEGIN
    IF NOT _is_member('somekoulutus_issuer') THEN
        RETURN _refused_issuer('certificate.issue', certificate_id);
    END IF;
    IF cardinality(attempt_ids) IS NULL OR cardinality(attempt_ids) = 0 THEN
        RETURN 'invalid';
    END IF;
    FOR att IN SELECT * FROM attempts a WHERE a.id = ANY (attempt_ids) ORDER BY a.id FOR UPDATE
    LOOP
        -- An attempt may rest under several definitions (a course two certificates
        -- require); exactly once is per definition and attempt set, checked below.
        IF att.login <> store_certificate.login OR att.passed IS DISTINCT FROM 1
           OR att.finished_at IS NULL OR att.issuer_state = 'refused' THEN
            RETURN 'invalid';
        END IF;
    END LOOP;
    IF (SELECT count(*) FROM attempts a WHERE a.id = ANY (attempt_ids))
       <> cardinality(ARRAY(SELECT DISTINCT unnest(attempt_ids))) THEN
        RETURN 'invalid';
    END IF;
    -- The attempts must cover every course the (latest published) definition requires.
    SELECT d.requires INTO needed FROM published_definitions d
    WHERE d.definition_id = store_certificate.definition_id
    ORDER BY d.published_at DESC LIMIT 1;
    IF needed IS NULL OR EXISTS (
        SELECT 1 FROM unnest(needed) c(id)
        WHERE NOT EXISTS (SELECT 1 FROM attempts a
                          WHERE a.id = ANY (attempt_ids) AND a.course_id = c.id)) THEN
        RETURN 'invalid';
    END IF;
    IF EXISTS (SELECT 1 FROM certificates c
               WHERE c.login = store_certificate.login
                 AND c.definition_id = store_certificate.definition_id
                 AND c.attempt_ids = '[' || array_to_string(
                     ARRAY(SELECT unnest(store_certificate.attempt_ids) ORDER BY 1), ', ')
                     || ']') THEN
        RETURN 'already';
    END IF;
    IF _held(login, definition_id) THEN
        UPDATE attempts a SET issuer_state = 'refused', issuer_note = 'hold'
        WHERE a.id = ANY (attempt_ids) AND a.issuer_state IS NULL;
        PERFORM _audit('certificate.refuse', login, jsonb_build_object(
            'definition', definition_id, 'attempts', to_jsonb(attempt_ids), 'reason', 'hold'));
        RETURN 'held';
    END IF;
    IF NOT _usable_key(key_id) THEN
        RETURN 'unknown_key';
    END IF;
    PERFORM _insert_certificate(certificate_id, login, definition_id, payload, signature, key_id,
        issued_at, expires_at, pdf,
        '[' || array_to_string(ARRAY(SELECT unnest(attempt_ids) ORDER BY 1), ', ') || ']',
        NULL, NULL);
    UPDATE attempts a SET issuer_state = 'issued' WHERE a.id = ANY (attempt_ids);
    PERFORM _audit('certificate.issue', certificate_id, jsonb_build_object(
        'login', login, 'definition', definition_id, 'attempts', to_jsonb(attempt_ids),
        'key_id', key_id));
    RETURN 'ok';
END $$;

CREATE OR REPLACE FUNCTION refuse_attempt(attempt_id bigint, note text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = somekoulutus, pg_temp AS $$
BEGIN
    IF NOT _is_member('somekoulutus_issuer') THEN
        RETURN _refused_issuer('certificate.refuse', attempt_id::text);
    END IF;
    UPDATE attempts a SET issuer_state = 'refused', issuer_note = note
    WHERE a.id = refuse_attempt.attempt_id AND a.issuer_state IS NULL;
    IF NOT FOUND THEN
        RETURN 'not_found';
    END IF;
    PERFORM _audit('certificate.refuse', attempt_id::text, jsonb_build_object('note', note));
    RETURN 'ok';
END $$;

-- A manual certificate an admin asked for (request_manual_certificate), signed by the issuer.
CREATE OR REPLACE FUNCTION store_manual_certificate(
    request_id bigint, certificate_id text, payload text, signature text, key_id text,
    issued_at text, expires_at text, pdf bytea)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = somekoulutus, pg_temp AS $$
DECLARE
    req record;
BEGIN
    IF NOT _is_member('somekoulutus_issuer') THEN
        RETURN _refused_issuer('certificate.issue_manual', certificate_id);
    END IF;
    SELECT * INTO req FROM manual_requests m WHERE m.id = request_id FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 'not_found';
    END IF;
    IF req.issuer_state IS NOT NULL THEN
        RETURN 'already';
    END IF;
    IF _held(req.login, req.definition_id) THEN
        UPDATE manual_requests m SET issuer_state = 'refused', issuer_note = 'hold'
        WHERE m.id = req.id;
        PERFORM _audit('certificate.refuse', req.login, jsonb_build_object(
            'definition', req.definition_id, 'request', req.id, 'reason', 'hold'));
        RETURN 'held';
    END IF;
    IF NOT _usable_key(key_id) THEN
        RETURN 'unknown_key';
    END IF;
    PERFORM _insert_certificate(certificate_id, req.login, req.definition_id, payload, signature,
        key_id, issued_at, expires_at, pdf, '[]', req.requested_by, req.reason);
    UPDATE manual_requests m SET issuer_state = 'issued',
        certificate_id = store_manual_certificate.certificate_id
    WHERE m.id = req.id;
    PERFORM _audit('certificate.issue_manual', certificate_id, jsonb_build_object(
        'login', req.login, 'definition', req.definition_id, 'requested_by', req.requested_by,
        'reason', req.reason, 'key_id', key_id));
    RETURN 'ok';
END $$;

CREATE OR REPLACE FUNCTION refuse_manual_request(request_id bigint, note text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = somekoulutus, pg_temp AS $$
BEGIN
    IF NOT _is_member('somekoulutus_issuer') THEN
        RETURN _refused_issuer('certificate.refuse', request_id::text);
    END IF;
    UPDATE manual_requests m SET issuer_state = 'refused', issuer_note = note
    WHERE m.id = request_id AND m.issuer_state IS NULL;
    IF NOT FOUND THEN
        RETURN 'not_found';
    END IF;
    PERFORM _audit('certificate.refuse', request_id::text,
                   jsonb_build_object('request', request_id, 'note', note));
    RETURN 'ok';
END $$;
"""
