"""Who may read what: the three group roles, grants, row security and the learner's views.

Installed again, idempotently, on every `db init` and `db upgrade` (after the migrations and
the functions), so the grants always match the tables and functions of this program.

- somekoulutus_learner: USAGE on the schema; SELECT on its own rows (row security keyed on
  session_user) and on the published content, channels and issuer public keys; EXECUTE on the
  functions; no INSERT, UPDATE, DELETE or TRUNCATE anywhere. The answer keys are readable only
  through `my_answer_keys`, for questions it has answered.
- somekoulutus_admin (a member of the learner role): SELECT on what admins view, all rows;
  every change through the admin functions.
- somekoulutus_issuer: SELECT on what re-checking an attempt needs (answers, keys, plans);
  certificates are stored through the issuer functions.
The owner (the role that ran `db init`) owns everything and bypasses row security; the
SECURITY DEFINER functions run as the owner.
"""

from __future__ import annotations

from collections.abc import Iterable

LEARNER = "somekoulutus_learner"
ADMIN = "somekoulutus_admin"
ISSUER = "somekoulutus_issuer"
GROUP_ROLES = (LEARNER, ADMIN, ISSUER)

#: Tables with a `login` column: a learner reads its own rows, staff read all.
OWN_ROWS = ("people", "lesson_reads", "positions", "attempts", "certificates", "holds", "rights")
#: Readable by every role.
PUBLIC_TABLES = (
    "channels",
    "published_courses",
    "published_definitions",
    "issuer_keys",
    "schema_version",
)
ADMIN_TABLES = (*OWN_ROWS, "answers", "audit_log", "city_channel_contacts", "manual_requests")
ISSUER_TABLES = (
    "people",
    "attempts",
    "answers",
    "certificates",
    "holds",
    "question_keys",
    "published_draws",
    "manual_requests",
)
ALL_TABLES = (
    *OWN_ROWS,
    *PUBLIC_TABLES,
    "answers",
    "audit_log",
    "city_channel_contacts",
    "question_keys",
    "published_draws",
    "manual_requests",
)

#: session_user in the collation of the login columns, so that their indexes serve it (a
#: name is in collation "C"; compared as such, the index on login is not used).
ME = '(session_user::text COLLATE "default")'

ROLES_SQL = f"""
DO $$
DECLARE r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['{LEARNER}', '{ADMIN}', '{ISSUER}'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
END $$;
GRANT {LEARNER} TO {ADMIN};
"""

VIEWS_SQL = """
-- The answer keys of the questions the session's person has answered. The key of a step of
-- a scenario shows only when every step of that scenario in the attempt is answered (what is
-- said about one step may give the next away). security_barrier: the reader's own conditions
-- never run before these.
CREATE OR REPLACE VIEW my_answer_keys WITH (security_barrier = true) AS
SELECT a.id AS attempt_id, an.position, an.question_id, k.correct, k.feedback, k.explanation
FROM attempts a
JOIN answers an ON an.attempt_id = a.id
JOIN question_keys k
  ON k.course_id = a.course_id AND k.version = a.course_version AND k.question_id = an.question_id
WHERE a.login = (session_user::text COLLATE "default")
  AND (k.group_id IS NULL OR NOT EXISTS (
        SELECT 1 FROM question_keys g
        WHERE g.course_id = k.course_id AND g.version = k.version AND g.group_id = k.group_id
          AND g.question_id = ANY (a.plan_ids)
          AND NOT EXISTS (SELECT 1 FROM answers x
                          WHERE x.attempt_id = a.id AND x.question_id = g.question_id)));

CREATE OR REPLACE FUNCTION whoami(
    OUT login text, OUT is_learner boolean, OUT is_admin boolean, OUT is_issuer boolean)
LANGUAGE sql STABLE AS $$
    SELECT session_user::text,
           pg_has_role(session_user, 'somekoulutus_learner', 'MEMBER'),
           pg_has_role(session_user, 'somekoulutus_admin', 'MEMBER'),
           pg_has_role(session_user, 'somekoulutus_issuer', 'MEMBER')
$$;
"""


def grants_sql(existing: set[str] | None = None) -> str:
    """Revoke everything, then grant exactly what each role needs; recreate the policies.

    `existing`: the relations the schema has (a schema stopped at an older version lacks
    later tables); None: all of them.
    """
    roles = ", ".join(GROUP_ROLES)

    def only(names: Iterable[str]) -> str:
        return ", ".join(n for n in names if existing is None or n in existing)

    out = [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA somekoulutus FROM PUBLIC, {roles};",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA somekoulutus FROM PUBLIC, {roles};",
        f"REVOKE ALL ON SCHEMA somekoulutus FROM PUBLIC, {roles};",
        f"GRANT USAGE ON SCHEMA somekoulutus TO {roles};",
        f"GRANT SELECT ON {only(PUBLIC_TABLES)} TO {roles};",
        f"GRANT SELECT ON {only(OWN_ROWS)}, answers, my_answer_keys TO {LEARNER};",
        f"GRANT SELECT ON {only(ADMIN_TABLES)} TO {ADMIN};",
        f"GRANT SELECT ON {only(ISSUER_TABLES)} TO {ISSUER};",
    ]
    for table in (*OWN_ROWS, "answers"):
        own = (
            f"login = {ME}"
            if table != "answers"
            else f"EXISTS (SELECT 1 FROM attempts a WHERE a.id = attempt_id AND a.login = {ME})"
        )
        out += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;",
            f"DROP POLICY IF EXISTS own_rows ON {table};",
            f"DROP POLICY IF EXISTS staff_rows ON {table};",
            f"CREATE POLICY own_rows ON {table} FOR SELECT TO {LEARNER} USING ({own});",
            f"CREATE POLICY staff_rows ON {table} FOR SELECT TO {ADMIN}, {ISSUER} USING (true);",
        ]
    # Functions: nobody by default; the three roles may call the public ones (each checks its
    # caller itself). Helpers whose names start with '_' are for the functions only.
    out.append(
        rf"""
DO $$
DECLARE f record;
BEGIN
    FOR f IN SELECT p.oid::regprocedure AS sig, p.proname
             FROM pg_proc p
             WHERE p.pronamespace = 'somekoulutus'::regnamespace
               AND NOT EXISTS (SELECT 1 FROM pg_depend d
                               WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                                 AND d.deptype = 'e')
    LOOP
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f.sig);
        IF f.proname NOT LIKE '\_%' THEN
            EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO {roles}', f.sig);
        END IF;
    END LOOP;
END $$;
"""
    )
    return "\n".join(out)
