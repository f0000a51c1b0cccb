"""Numbered schema migrations. Append new ones; never edit one that has shipped."""

from __future__ import annotations

# MIGRATIONS[i] upgrades a database from user_version i to i + 1.
MIGRATIONS: list[str] = [
    # 1: the first schema.
    """
    CREATE TABLE people (
        login       TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        email       TEXT NOT NULL,
        unit        TEXT NOT NULL,
        role        TEXT NOT NULL CHECK (role IN ('tyontekija', 'luottamushenkilo')),
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    );
    CREATE TABLE lesson_reads (
        login       TEXT NOT NULL REFERENCES people(login),
        course_id   TEXT NOT NULL,
        lesson_id   TEXT NOT NULL,
        read_at     TEXT NOT NULL,
        PRIMARY KEY (login, course_id, lesson_id)
    );
    -- Where a person was last: restored on the next start.
    CREATE TABLE positions (
        login       TEXT PRIMARY KEY REFERENCES people(login),
        screen      TEXT NOT NULL,
        course_id   TEXT,
        lesson_id   TEXT,
        attempt_id  INTEGER,
        updated_at  TEXT NOT NULL
    );
    CREATE TABLE attempts (
        id              INTEGER PRIMARY KEY,
        login           TEXT NOT NULL REFERENCES people(login),
        course_id       TEXT NOT NULL,
        course_version  INTEGER NOT NULL,
        -- JSON list of {"question": id, "order": [choice indexes as shown]}
        plan            TEXT NOT NULL,
        started_at      TEXT NOT NULL,
        finished_at     TEXT,
        score           REAL,
        passed          INTEGER
    );
    CREATE INDEX attempts_by_login ON attempts(login, course_id);
    CREATE TABLE answers (
        attempt_id  INTEGER NOT NULL REFERENCES attempts(id),
        position    INTEGER NOT NULL,
        question_id TEXT NOT NULL,
        -- JSON list of chosen choice indexes in YAML order
        chosen      TEXT NOT NULL,
        correct     INTEGER NOT NULL,
        answered_at TEXT NOT NULL,
        PRIMARY KEY (attempt_id, position)
    );
    CREATE TABLE certificates (
        id              TEXT PRIMARY KEY,
        login           TEXT NOT NULL REFERENCES people(login),
        definition_id   TEXT NOT NULL,
        payload         TEXT NOT NULL,
        signature       TEXT NOT NULL,
        key_id          TEXT NOT NULL,
        issued_at       TEXT NOT NULL,
        expires_at      TEXT NOT NULL,
        pdf_path        TEXT NOT NULL,
        issued_by       TEXT,
        manual_reason   TEXT,
        revoked_at      TEXT,
        revoked_by      TEXT,
        revoke_reason   TEXT,
        superseded_by   TEXT REFERENCES certificates(id)
    );
    CREATE INDEX certificates_by_login ON certificates(login, definition_id);
    CREATE INDEX certificates_by_definition ON certificates(definition_id, expires_at);
    CREATE TABLE channels (
        id              TEXT PRIMARY KEY,
        platform        TEXT NOT NULL,
        url             TEXT NOT NULL,
        unit            TEXT NOT NULL,
        contact_login   TEXT,
        registered_at   TEXT NOT NULL,
        registered_by   TEXT NOT NULL
    );
    CREATE TABLE rights (
        id              INTEGER PRIMARY KEY,
        login           TEXT NOT NULL REFERENCES people(login),
        channel_id      TEXT NOT NULL,
        role            TEXT NOT NULL CHECK (role IN ('sisallontuottaja', 'paakayttaja')),
        certificate_id  TEXT NOT NULL REFERENCES certificates(id),
        granted_at      TEXT NOT NULL,
        granted_by      TEXT NOT NULL,
        withdrawn_at    TEXT,
        withdrawn_by    TEXT,
        withdraw_reason TEXT
    );
    CREATE INDEX rights_by_channel ON rights(channel_id, withdrawn_at);
    CREATE INDEX rights_by_certificate ON rights(certificate_id);
    CREATE TABLE audit_log (
        id      INTEGER PRIMARY KEY,
        at      TEXT NOT NULL,
        actor   TEXT NOT NULL,
        action  TEXT NOT NULL,
        target  TEXT NOT NULL,
        details TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    """,
    # 2: admin side — one active right per person, account and role (also across processes);
    # contact persons of the city's own accounts (those accounts live in organisation.yaml);
    # the audit log read by time.
    """
    CREATE UNIQUE INDEX rights_one_active ON rights(login, channel_id, role)
        WHERE withdrawn_at IS NULL;
    CREATE TABLE city_channel_contacts (
        channel_id      TEXT PRIMARY KEY,
        contact_login   TEXT NOT NULL REFERENCES people(login),
        set_at          TEXT NOT NULL,
        set_by          TEXT NOT NULL
    );
    CREATE INDEX audit_log_by_time ON audit_log(at);
    """,
    # 3: certificates remember which passed attempts they rest on (renewal needs it), and
    # the registry listing filters by expiry and sorts by issue time without a table scan.
    """
    ALTER TABLE certificates ADD COLUMN attempt_ids TEXT NOT NULL DEFAULT '[]';
    CREATE INDEX certificates_by_expiry ON certificates(expires_at);
    CREATE INDEX certificates_by_issued ON certificates(issued_at);
    """,
    # 4: the draw seed of an attempt (the plan can be recomputed from it), holds placed by
    # revocation (a retake does not certify again until an admin lifts the hold), the
    # issuer's verdict on an attempt, and indexes for the key look-up and audit paging.
    """
    ALTER TABLE attempts ADD COLUMN seed TEXT;
    CREATE TABLE holds (
        id              INTEGER PRIMARY KEY,
        login           TEXT NOT NULL,
        definition_id   TEXT NOT NULL,
        certificate_id  TEXT,
        placed_at       TEXT NOT NULL,
        placed_by       TEXT NOT NULL,
        reason          TEXT NOT NULL,
        lifted_at       TEXT,
        lifted_by       TEXT,
        lift_reason     TEXT
    );
    CREATE UNIQUE INDEX holds_one_active ON holds(login, definition_id) WHERE lifted_at IS NULL;
    CREATE INDEX certificates_by_key ON certificates(key_id);
    CREATE INDEX attempts_by_start ON attempts(login, course_id, started_at);
    """,
    # 5: a registry of a million: the holder search walks people in name order and reaches
    # certificates by login; "valid certificates of one definition" come newest first.
    """
    CREATE INDEX people_by_name ON people(name, login);
    CREATE INDEX certificates_by_definition_issued ON certificates(definition_id, issued_at);
    """,
    # 6: the revoked certificates newest first (the admin's "revoked" filter) without walking
    # the whole registry: a small partial index.
    """
    CREATE INDEX certificates_revoked ON certificates(issued_at) WHERE revoked_at IS NOT NULL;
    """,
    # 7: the rights audit looks up the certificate of every active right: a compact index
    # with the columns the audit reads answers it without reading the wide table rows.
    """
    CREATE INDEX certificates_state
        ON certificates(id, expires_at, revoked_at, superseded_by, revoke_reason);
    """,
    # 8: the admin's unit filter lists the units people have given: read from an index (as on
    # PostgreSQL), not from every person's row.
    """
    CREATE INDEX people_by_unit ON people(unit);
    """,
]
