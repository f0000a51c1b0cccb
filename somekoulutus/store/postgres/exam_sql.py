"""Server functions of the exam: the pass rule, the attempt policy, and the learner's calls.

Every learner function is SECURITY DEFINER with a fixed search_path and acts for
session_user only: the caller's environment, its role settings and its arguments never name
the person. Refusals raise errors with SQLSTATEs of class SK (see errors.EXAM_ERRORS) and a
Finnish message.
"""

from __future__ import annotations

HELPERS = r"""
-- The pass rule; the SQL mirror of somekoulutus.quiz.passes (tests compare the two).
-- topics: {"topic": [right, asked], ...}; blueprint: [{"topic", "min", "max", "pass_share"}].
-- Shares compare as exact decimals: right >= share * asked.
CREATE OR REPLACE FUNCTION _passes(topics jsonb, pass_mark numeric, blueprint jsonb)
RETURNS boolean LANGUAGE plpgsql IMMUTABLE SET search_path = somekoulutus, pg_temp AS $$
DECLARE
    right_total integer := 0;
    asked_total integer := 0;
    t record;
    item jsonb;
    share numeric;
BEGIN
    FOR t IN SELECT (value->>0)::integer AS ok, (value->>1)::integer AS asked
             FROM jsonb_each(coalesce(topics, '{}'::jsonb)) LOOP
        right_total := right_total + t.ok;
        asked_total := asked_total + t.asked;
    END LOOP;
    IF asked_total = 0 OR right_total < pass_mark * asked_total THEN
        RETURN false;
    END IF;
    FOR item IN SELECT value FROM jsonb_array_elements(coalesce(blueprint, '[]'::jsonb)) LOOP
        IF item->>'pass_share' IS NULL THEN
            CONTINUE;
        END IF;
        share := (item->>'pass_share')::numeric;
        IF coalesce((topics->(item->>'topic')->>1)::integer, 0) = 0
           OR (topics->(item->>'topic')->>0)::integer < share * (topics->(item->>'topic')->>1)::integer
        THEN
            RETURN false;
        END IF;
    END LOOP;
    RETURN true;
END $$;

-- The attempt policy: `attempts` tries, then a wait of `wait_hours` after the last of them,
-- then a new round. `started` are the start times of the attempts that count (those after
-- the person's last pass), oldest first. Returns when the next attempt may start: `now` if
-- at once. The SQL mirror of policy.next_attempt_at.
CREATE OR REPLACE FUNCTION _next_attempt_at(
    started timestamptz[], attempts integer, wait_hours numeric, now timestamptz)
RETURNS timestamptz LANGUAGE plpgsql IMMUTABLE SET search_path = somekoulutus, pg_temp AS $$
DECLARE
    in_round integer := 0;
    last_start timestamptz;
    s timestamptz;
BEGIN
    IF attempts IS NULL THEN
        RETURN now;
    END IF;
    FOREACH s IN ARRAY coalesce(started, '{}') LOOP
        IF in_round >= attempts THEN
            in_round := 0;
        END IF;
        in_round := in_round + 1;
        last_start := s;
    END LOOP;
    IF in_round < attempts THEN
        RETURN now;
    END IF;
    RETURN greatest(now, last_start + wait_hours * interval '1 hour');
END $$;

CREATE OR REPLACE FUNCTION _is_member(role_name text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = somekoulutus, pg_temp
RETURN pg_has_role(session_user, role_name, 'MEMBER');

CREATE OR REPLACE FUNCTION _require_learner() RETURNS text
LANGUAGE plpgsql STABLE SET search_path = somekoulutus, pg_temp AS $$
BEGIN
    IF NOT _is_member('somekoulutus_learner') THEN
        RAISE EXCEPTION 'Tunnusta % ei ole lisätty koulutuksen käyttäjäksi.', session_user
            USING ERRCODE = 'SK020', HINT = 'somekoulutus db enrol ' || session_user;
    END IF;
    RETURN session_user::text;
END $$;

CREATE OR REPLACE FUNCTION _audit(action text, target text, details jsonb DEFAULT '{}')
RETURNS void LANGUAGE sql SET search_path = somekoulutus, pg_temp AS $$
    INSERT INTO audit_log (at, actor, action, target, details)
    VALUES (now_iso(), session_user, action, coalesce(target, ''), coalesce(details, '{}')::text)
$$;

-- Question ids of a stored plan ([{"question": id, "order": [...]}, ...]), in order.
CREATE OR REPLACE FUNCTION plan_ids(plan text) RETURNS text[]
LANGUAGE sql IMMUTABLE SET search_path = somekoulutus, pg_temp AS $$
    SELECT coalesce(array_agg(e->>'question' ORDER BY n), '{}')
    FROM jsonb_array_elements(plan::jsonb) WITH ORDINALITY AS x(e, n)
$$;
"""

LEARNER = r"""
CREATE OR REPLACE FUNCTION start_attempt(course_id text)
RETURNS TABLE (attempt_id bigint, seed text, plan text[])
LANGUAGE plpgsql SECURITY DEFINER SET search_path = somekoulutus, pg_temp AS $$
DECLARE
    who text := _require_learner();
    wanted text := course_id;
    open_row attempts%ROWTYPE;
    latest integer;
    previous text[];
    rule record;
    since text;
    allowed timestamptz;
    picked record;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('attempt:' || who || ':' || wanted));
    IF NOT EXISTS (SELECT 1 FROM people p WHERE p.login = who) THEN
        RAISE EXCEPTION 'Täytä ensin omat tietosi (nimi, sähköposti, yksikkö).'
            USING ERRCODE = 'SK001';
    END IF;
    SELECT * INTO open_row FROM attempts a
    WHERE a.login = who AND a.course_id = wanted AND a.finished_at IS NULL
    ORDER BY a.id DESC LIMIT 1;
    IF FOUND THEN
        RETURN QUERY SELECT open_row.id, open_row.seed, open_row.plan_ids;
        RETURN;
    END IF;
    SELECT max(c.version) INTO latest FROM published_courses c WHERE c.course_id = wanted;
    IF latest IS NULL THEN
        RAISE EXCEPTION 'Kurssia % ei ole julkaistu rekisteriin.', wanted USING ERRCODE = 'SK002';
    END IF;
    -- Held: every certificate this course leads to is on hold for this person.
    IF EXISTS (SELECT 1 FROM _definitions_of(wanted))
       AND NOT EXISTS (SELECT 1 FROM _definitions_of(wanted) d
                       WHERE NOT EXISTS (SELECT 1 FROM holds h
                                         WHERE h.login = who AND h.definition_id = d.definition_id
                                           AND h.lifted_at IS NULL)) THEN
        RAISE EXCEPTION 'Todistuksesi on mitätöity, eikä koetta voi tehdä ennen kuin ylläpitäjä poistaa eston.'
            USING ERRCODE = 'SK003';
    END IF;
    -- The attempt policy: the strictest of the certificates this course leads to.
    SELECT min((d.policy->>'attempts')::integer) AS attempts,
           max((d.policy->>'wait_hours')::numeric) AS wait_hours
    INTO rule FROM _definitions_of(wanted) d WHERE d.policy IS NOT NULL;
    IF rule.attempts IS NOT NULL THEN
        SELECT max(a.started_at) INTO since FROM attempts a
        WHERE a.login = who AND a.course_id = wanted AND a.passed = 1;
        allowed := _next_attempt_at(
            ARRAY(SELECT a.started_at::timestamptz FROM attempts a
                  WHERE a.login = who AND a.course_id = wanted
                    AND (since IS NULL OR a.started_at > since)
                  ORDER BY a.started_at, a.id),
            rule.attempts, rule.wait_hours, now());
        IF allowed > now() THEN
            RAISE EXCEPTION 'Olet käyttänyt kaikki yrityskerrat. Voit yrittää uudelleen %.',
                to_char(allowed AT TIME ZONE 'Europe/Helsinki', 'DD.MM.YYYY "klo" HH24.MI')
                USING ERRCODE = 'SK004',
                DETAIL = to_char(allowed AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"');
        END IF;
    END IF;
    SELECT a.plan_ids INTO previous FROM attempts a
    WHERE a.login = who AND a.course_id = wanted ORDER BY a.id DESC LIMIT 1;
    SELECT d.seed, d.plan, d.plan_json INTO picked FROM published_draws d
    WHERE d.course_id = wanted AND d.version = latest
    ORDER BY (SELECT count(*) FROM unnest(d.plan) x WHERE x = ANY (coalesce(previous, '{}'))),
             random()
    LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'Kurssin % koetta ei ole julkaistu rekisteriin.', wanted
            USING ERRCODE = 'SK002';
    END IF;
    INSERT INTO attempts AS a (login, course_id, course_version, plan, started_at, seed, plan_ids)
    VALUES (who, wanted, latest, picked.plan_json, now_iso(), picked.seed, picked.plan)
    RETURNING a.id, a.seed, a.plan_ids INTO attempt_id, seed, plan;
    RETURN NEXT;
END $$;

CREATE OR REPLACE FUNCTION answer(attempt_id bigint, question_id text, choices integer[])
RETURNS TABLE (correct boolean, feedback text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = somekoulutus, pg_temp AS $$
DECLARE
    who text := _require_learner();
    att attempts%ROWTYPE;
    qkey question_keys%ROWTYPE;
    pos integer;
    picked integer[];
    chosen_text text;
    ok boolean;
    done answers%ROWTYPE;
    next_group text;
BEGIN
    SELECT * INTO att FROM attempts a WHERE a.id = answer.attempt_id FOR UPDATE;
    IF NOT FOUND OR att.login <> who THEN
        RAISE EXCEPTION 'Sinulla ei ole koetta %.', answer.attempt_id USING ERRCODE = 'SK010';
    END IF;
    IF att.finished_at IS NOT NULL THEN
        RAISE EXCEPTION 'Koe % on jo päättynyt.', att.id USING ERRCODE = 'SK010';
    END IF;
    pos := array_position(att.plan_ids, answer.question_id) - 1;
    IF pos IS NULL THEN
        RAISE EXCEPTION 'Kysymys % ei kuulu tähän kokeeseen.', answer.question_id
            USING ERRCODE = 'SK011';
    END IF;
    SELECT * INTO qkey FROM question_keys k
    WHERE k.course_id = att.course_id AND k.version = att.course_version
      AND k.question_id = answer.question_id;
    picked := ARRAY(SELECT DISTINCT c FROM unnest(choices) c ORDER BY c);
    IF cardinality(picked) = 0 OR array_position(picked, NULL) IS NOT NULL
       OR picked[1] < 0 OR picked[cardinality(picked)] >= cardinality(qkey.feedback) THEN
        RAISE EXCEPTION 'Valitse vähintään yksi kysymyksen vaihtoehdoista.' USING ERRCODE = 'SK013';
    END IF;
    chosen_text := '[' || array_to_string(picked, ', ') || ']';
    SELECT * INTO done FROM answers an
    WHERE an.attempt_id = att.id AND an.question_id = answer.question_id;
    IF FOUND THEN
        -- A retry of the same answer (say, after a lost connection) gets the same reply.
        IF done.chosen <> chosen_text THEN
            RAISE EXCEPTION 'Kysymykseen % on jo vastattu.', answer.question_id
                USING ERRCODE = 'SK012';
        END IF;
        ok := done.correct = 1;
    ELSE
        ok := picked = ARRAY(SELECT DISTINCT c FROM unnest(qkey.correct) c ORDER BY c);
        INSERT INTO answers VALUES (att.id, pos, answer.question_id, chosen_text, ok::integer,
                                    now_iso());
    END IF;
    -- Within a scenario, what is said about one step may give the next away: the verdict
    -- and feedback of a step wait until the scenario's last step (my_answer_keys then).
    next_group := (SELECT k.group_id FROM question_keys k
                   WHERE k.course_id = att.course_id AND k.version = att.course_version
                     AND k.question_id = att.plan_ids[pos + 2]);
    IF qkey.group_id IS NOT NULL AND next_group IS NOT DISTINCT FROM qkey.group_id THEN
        RETURN QUERY SELECT NULL::boolean, NULL::text;
        RETURN;
    END IF;
    RETURN QUERY SELECT ok, array_to_string(ARRAY(SELECT qkey.feedback[c + 1] FROM unnest(picked) c), E'\n');
END $$;

CREATE OR REPLACE FUNCTION finish_attempt(attempt_id bigint)
RETURNS TABLE (passed boolean, score integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = somekoulutus, pg_temp AS $$
DECLARE
    who text := _require_learner();
    att attempts%ROWTYPE;
    missing integer;
    topics jsonb;
    right_count integer;
    asked integer;
    rule published_courses%ROWTYPE;
    ok boolean;
BEGIN
    SELECT * INTO att FROM attempts a WHERE a.id = finish_attempt.attempt_id FOR UPDATE;
    IF NOT FOUND OR att.login <> who THEN
        RAISE EXCEPTION 'Sinulla ei ole koetta %.', finish_attempt.attempt_id
            USING ERRCODE = 'SK010';
    END IF;
    IF att.finished_at IS NOT NULL THEN
        RETURN QUERY SELECT att.passed = 1, round(att.score * 100)::integer;
        RETURN;
    END IF;
    SELECT count(*) INTO missing FROM unnest(att.plan_ids) q(id)
    WHERE NOT EXISTS (SELECT 1 FROM answers an WHERE an.attempt_id = att.id AND an.question_id = q.id);
    IF missing > 0 THEN
        RAISE EXCEPTION 'Kokeesta puuttuu vielä % vastausta.', missing USING ERRCODE = 'SK014';
    END IF;
    SELECT jsonb_object_agg(s.topic, jsonb_build_array(s.ok, s.asked)), sum(s.ok), sum(s.asked)
    INTO topics, right_count, asked
    FROM (SELECT k.topic, count(*) FILTER (WHERE an.correct = 1) AS ok, count(*) AS asked
          FROM unnest(att.plan_ids) q(id)
          JOIN question_keys k ON k.course_id = att.course_id AND k.version = att.course_version
                              AND k.question_id = q.id
          JOIN answers an ON an.attempt_id = att.id AND an.question_id = q.id
          GROUP BY k.topic) s;
    IF coalesce(asked, 0) <> cardinality(att.plan_ids) THEN
        RAISE EXCEPTION 'Kokeen % kysymyksiä puuttuu julkaistusta sisällöstä.', att.id
            USING ERRCODE = 'SK015';
    END IF;
    SELECT * INTO rule FROM published_courses c
    WHERE c.course_id = att.course_id AND c.version = att.course_version;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'Kokeen % kurssiversiota ei ole julkaistu rekisteriin.', att.id
            USING ERRCODE = 'SK015';
    END IF;
    ok := _passes(topics, rule.pass_mark, rule.blueprint);
    UPDATE attempts a SET finished_at = now_iso(), score = right_count::double precision / asked,
                          passed = ok::integer
    WHERE a.id = att.id;
    IF ok THEN
        PERFORM pg_notify('somekoulutus_attempts', att.id::text);
    END IF;
    RETURN QUERY SELECT ok, round(100.0 * right_count / asked)::integer;
END $$;

CREATE OR REPLACE FUNCTION save_profile(name text, email text, unit text, role text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = somekoulutus, pg_temp AS $$
DECLARE
    who text := _require_learner();
BEGIN
    IF coalesce(btrim(name), '') = '' OR coalesce(btrim(email), '') = ''
       OR coalesce(btrim(unit), '') = '' THEN
        RAISE EXCEPTION 'Nimi, sähköposti ja yksikkö tarvitaan.' USING ERRCODE = 'SK016';
    END IF;
    IF role NOT IN ('tyontekija', 'luottamushenkilo') OR role IS NULL THEN
        RAISE EXCEPTION 'Rooli % ei kelpaa.', role USING ERRCODE = 'SK016';
    END IF;
    INSERT INTO people AS p VALUES (who, name, email, unit, role, now_iso(), now_iso())
    ON CONFLICT (login) DO UPDATE SET name = excluded.name, email = excluded.email,
        unit = excluded.unit, role = excluded.role, updated_at = excluded.updated_at;
END $$;

CREATE OR REPLACE FUNCTION mark_read(course_id text, lesson_id text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = somekoulutus, pg_temp AS $$
DECLARE
    who text := _require_learner();
BEGIN
    INSERT INTO lesson_reads VALUES (who, mark_read.course_id, mark_read.lesson_id, now_iso())
    ON CONFLICT DO NOTHING;
EXCEPTION WHEN foreign_key_violation THEN
    RAISE EXCEPTION 'Täytä ensin omat tietosi (nimi, sähköposti, yksikkö).' USING ERRCODE = 'SK001';
END $$;

CREATE OR REPLACE FUNCTION save_position(
    screen text, course_id text DEFAULT NULL, lesson_id text DEFAULT NULL,
    attempt_id bigint DEFAULT NULL)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = somekoulutus, pg_temp AS $$
DECLARE
    who text := _require_learner();
BEGIN
    INSERT INTO positions AS p VALUES (who, screen, save_position.course_id,
                                       save_position.lesson_id, save_position.attempt_id, now_iso())
    ON CONFLICT (login) DO UPDATE SET screen = excluded.screen, course_id = excluded.course_id,
        lesson_id = excluded.lesson_id, attempt_id = excluded.attempt_id,
        updated_at = excluded.updated_at;
EXCEPTION WHEN foreign_key_violation THEN
    RAISE EXCEPTION 'Täytä ensin omat tietosi (nimi, sähköposti, yksikkö).' USING ERRCODE = 'SK001';
END $$;
"""

# The latest published version of each certificate definition that requires a course.
DEFINITIONS_OF = r"""
CREATE OR REPLACE FUNCTION _definitions_of(course text)
RETURNS TABLE (definition_id text, policy jsonb)
LANGUAGE sql STABLE SET search_path = somekoulutus, pg_temp AS $$
    SELECT DISTINCT ON (d.definition_id) d.definition_id, d.policy
    FROM published_definitions d
    WHERE course = ANY (d.requires)
    ORDER BY d.definition_id, d.published_at DESC
$$;
"""
