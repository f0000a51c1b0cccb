"""Admin server functions: every change admins make goes through one of these.

Each is SECURITY DEFINER with a fixed search_path, checks that session_user is a member of
somekoulutus_admin, and audits with actor = session_user. They return a status instead of
raising, so that the audit row of a refusal commits:
'ok', 'refused' (caller not an admin; audited as '<action>.refused'), 'invalid' (bad input),
'not_found', 'already', 'no_person', 'not_granted', 'last_admin'.
"""

from __future__ import annotations

ADMIN = r"""
CREATE OR REPLACE FUNCTION _refused(action text, target text, details jsonb DEFAULT '{}')
RETURNS text LANGUAGE plpgsql SET search_path = somekoulutus, pg_temp AS $$
BEGIN
    PERFORM _audit(action || '.refused', target,
                   coalesce(details, '{}') || jsonb_build_object('reason', 'not_admin'));
    RETURN 'refused';
END $$;

-- A refusal the program decided before calling the registry (say, a learner opening an admin
-- command): recorded under the caller's own name, bounded so that it cannot flood the log.
CREATE OR REPLACE FUNCTION audit_refusal(action text, target text, reason text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = somekoulutus, pg_temp AS $$
BEGIN
    PERFORM _audit(left(coalesce(action, ''), 64) || '.refused', left(coalesce(target, ''), 200),
                   jsonb_build_object('reason', left(coalesce(reason, ''), 500)));
END $$;

CREATE OR REPLACE FUNCTION add_admin(login text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = somekoulutus, pg_temp AS $$
BEGIN
    IF NOT _is_member('somekoulutus_admin') THEN
        RETURN _refused('admin.add', login);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = login AND r.rolcanlogin) THEN
        RETURN 'not_found';
    END IF;
    IF pg_has_role(login, 'somekoulutus_admin', 'MEMBER') THEN
        RETURN 'already';
    END IF;
    EXECUTE format('GRANT somekoulutus_admin TO %I', login);
    PERFORM _audit('admin.add', login);
    RETURN 'ok';
END $$;

CREATE OR REPLACE FUNCTION remove_admin(login text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = somekoulutus, pg_temp AS $$
DECLARE
    admins integer;
BEGIN
    IF NOT _is_member('somekoulutus_admin') THEN
        RETURN _refused('admin.remove', login);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member
                   WHERE m.roleid = 'somekoulutus_admin'::regrole AND r.rolname = login) THEN
        RETURN 'not_found';
    END IF;
    SELECT count(*) INTO admins FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member
    WHERE m.roleid = 'somekoulutus_admin'::regrole AND r.rolcanlogin;
    IF admins <= 1 THEN
        RETURN 'last_admin';
    END IF;
    EXECUTE format('REVOKE somekoulutus_admin FROM %I', login);
    PERFORM _audit('admin.remove', login);
    RETURN 'ok';
END $$;

CREATE OR REPLACE FUNCTION _withdraw_right(right_id bigint, reason text) RETURNS void
LANGUAGE plpgsql SET search_path = somekoulutus, pg_temp AS $$
DECLARE
    r rights%ROWTYPE;
BEGIN
    UPDATE rights SET withdrawn_at = now_iso(), withdrawn_by = session_user,
                      withdraw_reason = reason
    WHERE id = right_id AND withdrawn_at IS NULL RETURNING * INTO r;
    IF FOUND THEN
        PERFORM _audit('right.withdraw', r.login, jsonb_build_object(
            'channel', r.channel_id, 'role', r.role, 'certificate', r.certificate_id,
            'reason', reason));
    END IF;
END $$;

CREATE OR REPLACE FUNCTION revoke_certificate(certificate_id text, reason text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = somekoulutus, pg_temp AS $$
DECLARE
    cert certificates%ROWTYPE;
    withdrawn bigint[];
    r bigint;
BEGIN
    IF NOT _is_member('somekoulutus_admin') THEN
        RETURN _refused('certificate.revoke', certificate_id);
    END IF;
    IF coalesce(btrim(reason), '') = '' THEN
        RETURN 'invalid';
    END IF;
    SELECT * INTO cert FROM certificates c WHERE c.id = revoke_certificate.certificate_id
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 'not_found';
    END IF;
    IF cert.revoked_at IS NOT NULL THEN
        RETURN 'already';
    END IF;
    UPDATE certificates c SET revoked_at = now_iso(), revoked_by = session_user,
                              revoke_reason = btrim(reason)
    WHERE c.id = cert.id;
    withdrawn := ARRAY(SELECT x.id FROM rights x
                       WHERE x.certificate_id = cert.id AND x.withdrawn_at IS NULL ORDER BY x.id);
    PERFORM _audit('certificate.revoke', cert.id, jsonb_build_object(
        'login', cert.login, 'reason', btrim(reason), 'rights_withdrawn', to_jsonb(withdrawn)));
    FOREACH r IN ARRAY withdrawn LOOP
        PERFORM _withdraw_right(r, 'todistus mitätöity: ' || btrim(reason));
    END LOOP;
    INSERT INTO holds (login, definition_id, certificate_id, placed_at, placed_by, reason)
    VALUES (cert.login, cert.definition_id, cert.id, now_iso(), session_user, btrim(reason));
    PERFORM _audit('hold.place', cert.login, jsonb_build_object(
        'definition', cert.definition_id, 'certificate', cert.id));
    RETURN 'ok';
END $$;

CREATE OR REPLACE FUNCTION lift_hold(login text, definition_id text, reason text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = somekoulutus, pg_temp AS $$
BEGIN
    IF NOT _is_member('somekoulutus_admin') THEN
        RETURN _refused('hold.lift', login, jsonb_build_object('definition', definition_id));
    END IF;
    IF coalesce(btrim(reason), '') = '' THEN
        RETURN 'invalid';
    END IF;
    UPDATE holds h SET lifted_at = now_iso(), lifted_by = session_user,
                       lift_reason = btrim(lift_hold.reason)
    WHERE h.login = lift_hold.login AND h.definition_id = lift_hold.definition_id
      AND h.lifted_at IS NULL;
    IF NOT FOUND THEN
        RETURN 'not_found';
    END IF;
    PERFORM _audit('hold.lift', login, jsonb_build_object(
        'definition', definition_id, 'reason', btrim(reason)));
    RETURN 'ok';
END $$;

CREATE OR REPLACE FUNCTION grant_right(
    login text, channel_id text, role text, certificate_id text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = somekoulutus, pg_temp AS $$
DECLARE
    cert certificates%ROWTYPE;
    old rights%ROWTYPE;
BEGIN
    IF NOT _is_member('somekoulutus_admin') THEN
        RETURN _refused('right.grant', login, jsonb_build_object(
            'channel', channel_id, 'role', role, 'certificate', certificate_id));
    END IF;
    IF role IS NULL OR role NOT IN ('sisallontuottaja', 'paakayttaja')
       OR coalesce(btrim(channel_id), '') = '' THEN
        RETURN 'invalid';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM people p WHERE p.login = grant_right.login) THEN
        RETURN 'no_person';
    END IF;
    SELECT * INTO cert FROM certificates c
    WHERE c.id = grant_right.certificate_id AND c.login = grant_right.login;
    IF NOT FOUND OR cert.revoked_at IS NOT NULL OR cert.superseded_by IS NOT NULL
       OR cert.expires_at <= now_iso() THEN
        RETURN 'not_granted';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM published_definitions d
                   WHERE d.definition_id = cert.definition_id
                     AND d.definition->'grants' ? grant_right.role) THEN
        RETURN 'not_granted';
    END IF;
    SELECT * INTO old FROM rights x
    WHERE x.login = grant_right.login AND x.channel_id = grant_right.channel_id
      AND x.role = grant_right.role AND x.withdrawn_at IS NULL
    FOR UPDATE;
    IF FOUND THEN
        IF old.certificate_id = cert.id THEN
            RETURN 'already';
        END IF;
        PERFORM _withdraw_right(old.id, 'siirretty todistukselle ' || cert.id);
    END IF;
    INSERT INTO rights (login, channel_id, role, certificate_id, granted_at, granted_by)
    VALUES (login, channel_id, role, cert.id, now_iso(), session_user);
    PERFORM _audit('right.grant', login, jsonb_build_object(
        'channel', channel_id, 'role', role, 'certificate', cert.id));
    RETURN 'ok';
END $$;

CREATE OR REPLACE FUNCTION withdraw_right(
    login text, channel_id text, reason text, role text DEFAULT NULL) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = somekoulutus, pg_temp AS $$
DECLARE
    r bigint;
    found_any boolean := false;
BEGIN
    IF NOT _is_member('somekoulutus_admin') THEN
        RETURN _refused('right.withdraw', login, jsonb_build_object('channel', channel_id));
    END IF;
    IF coalesce(btrim(reason), '') = '' THEN
        RETURN 'invalid';
    END IF;
    FOR r IN SELECT x.id FROM rights x
             WHERE x.login = withdraw_right.login AND x.channel_id = withdraw_right.channel_id
               AND (withdraw_right.role IS NULL OR x.role = withdraw_right.role)
               AND x.withdrawn_at IS NULL
             ORDER BY x.id FOR UPDATE LOOP
        PERFORM _withdraw_right(r, btrim(reason));
        found_any := true;
    END LOOP;
    RETURN CASE WHEN found_any THEN 'ok' ELSE 'not_found' END;
END $$;

CREATE OR REPLACE FUNCTION add_channel(
    channel_id text, platform text, url text, unit text, contact_login text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = somekoulutus, pg_temp AS $$
BEGIN
    IF NOT _is_member('somekoulutus_admin') THEN
        RETURN _refused('channel.add', channel_id);
    END IF;
    IF channel_id !~ '^[a-z0-9][a-z0-9-]{1,62}$' OR coalesce(btrim(platform), '') = ''
       OR url !~ '^https?://[^/\s]+' OR coalesce(btrim(unit), '') = '' THEN
        RETURN 'invalid';
    END IF;
    IF EXISTS (SELECT 1 FROM channels c WHERE c.id = add_channel.channel_id) THEN
        RETURN 'already';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM people p WHERE p.login = contact_login) THEN
        RETURN 'no_person';
    END IF;
    INSERT INTO channels VALUES (channel_id, platform, url, unit, contact_login, now_iso(),
                                 session_user);
    PERFORM _audit('channel.add', channel_id, jsonb_build_object(
        'platform', platform, 'url', url, 'unit', unit, 'contact', contact_login));
    RETURN 'ok';
END $$;

CREATE OR REPLACE FUNCTION set_channel_contact(channel_id text, login text, is_city boolean)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = somekoulutus, pg_temp AS $$
BEGIN
    IF NOT _is_member('somekoulutus_admin') THEN
        RETURN _refused('channel.contact', channel_id, jsonb_build_object('contact', login));
    END IF;
    IF NOT EXISTS (SELECT 1 FROM people p WHERE p.login = set_channel_contact.login) THEN
        RETURN 'no_person';
    END IF;
    IF is_city THEN
        INSERT INTO city_channel_contacts AS c VALUES (channel_id, login, now_iso(), session_user)
        ON CONFLICT ON CONSTRAINT city_channel_contacts_pkey DO UPDATE
            SET contact_login = excluded.contact_login, set_at = excluded.set_at,
                set_by = excluded.set_by;
    ELSE
        UPDATE channels c SET contact_login = set_channel_contact.login
        WHERE c.id = set_channel_contact.channel_id;
        IF NOT FOUND THEN
            RETURN 'not_found';
        END IF;
    END IF;
    PERFORM _audit('channel.contact', channel_id, jsonb_build_object('contact', login));
    RETURN 'ok';
END $$;

-- Ask the issuer for a certificate without a quiz; returns 'ok' and the request waits.
CREATE OR REPLACE FUNCTION request_manual_certificate(
    login text, definition_id text, reason text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = somekoulutus, pg_temp AS $$
DECLARE
    new_id bigint;
BEGIN
    IF NOT _is_member('somekoulutus_admin') THEN
        RETURN _refused('certificate.request_manual', login,
                        jsonb_build_object('definition', definition_id));
    END IF;
    IF coalesce(btrim(reason), '') = ''
       OR NOT EXISTS (SELECT 1 FROM published_definitions d
                      WHERE d.definition_id = request_manual_certificate.definition_id) THEN
        RETURN 'invalid';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM people p WHERE p.login = request_manual_certificate.login) THEN
        RETURN 'no_person';
    END IF;
    INSERT INTO manual_requests (login, definition_id, reason, requested_at, requested_by)
    VALUES (login, definition_id, btrim(reason), now_iso(), session_user)
    RETURNING id INTO new_id;
    PERFORM _audit('certificate.request_manual', login, jsonb_build_object(
        'definition', definition_id, 'reason', btrim(reason), 'request', new_id));
    PERFORM pg_notify('somekoulutus_attempts', 'manual:' || new_id);
    RETURN 'ok';
END $$;
"""
