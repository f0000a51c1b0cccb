"""The embedded registry: one person's SQLite file, PDFs and config.yaml in a data folder.

There is no trust boundary here: whoever runs the program owns the folder, grades their own
quiz and holds the key. The folder must therefore be writable by its owner only (checked on
open). One connection per thread; every write is one short immediate transaction.
"""

from __future__ import annotations

import os
import pwd
import sqlite3
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from somekoulutus import settings
from somekoulutus.store import audit, learning, people
from somekoulutus.store import certs as certs_sql
from somekoulutus.store import channels as channels_sql
from somekoulutus.store import rights as rights_sql
from somekoulutus.store.base import Graded, NewAttempt, NotAdminError, Refused, Store
from somekoulutus.store.db import Conn, StoreError, connect, transaction
from somekoulutus.store.learning import Position
from somekoulutus.store.pdf_files import certificates_dir, commit_file, write_temp
from somekoulutus.store.people import Person


class SqliteStore(Store):
    """The embedded store in `data_dir`."""

    backend = "sqlite"

    def __init__(self, data_dir: Path, db_file: Path | None = None) -> None:
        """`db_file` overrides the database file's place (default: in `data_dir`)."""
        self.data_dir = data_dir
        self.path = db_file or settings.db_path(data_dir)
        for path in (data_dir, self.path):
            refuse_shared(path)
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._conn()  # create and migrate now, so that errors show at open

    # -- plumbing ------------------------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.path)
            self._local.conn = conn
            with self._lock:
                self._opened.append(conn)
        return conn

    def _read(self) -> Conn:
        return self._conn()

    def conn(self) -> sqlite3.Connection:
        """This thread's connection (tests and the embedded-only tools use it)."""
        return self._conn()

    def execute(self, sql: str, parameters: Any = ()) -> sqlite3.Cursor:
        """Run SQL on this thread's connection: the store is also a `Conn` for the shared SQL
        and for embedded-only tools (import, tests)."""
        return self._conn().execute(sql, parameters)

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with transaction(self._conn()) as conn:
            yield conn

    @contextmanager
    def streaming(self) -> Iterator[Conn]:
        yield self._conn()

    def close(self) -> None:
        with self._lock:
            opened, self._opened = self._opened, []
        for conn in opened:
            try:
                conn.close()
            except sqlite3.ProgrammingError:
                pass  # made in a thread that has ended; SQLite closes it with the thread
        self._local = threading.local()

    def identity(self) -> str:
        # The real uid, not getpass: getpass believes LOGNAME and USER.
        return pwd.getpwuid(os.getuid()).pw_name

    def certificates_dir(self) -> Path:
        """Where the PDFs live."""
        return certificates_dir(self.data_dir)

    # -- learner -------------------------------------------------------------------------
    def save_person(self, person: Person) -> None:
        with self._write() as conn:
            people.upsert(conn, person)

    def mark_read(self, login: str, course_id: str, lesson_id: str) -> None:
        with self._write() as conn:
            learning.mark_read(conn, login, course_id, lesson_id)

    def save_position(self, login: str, pos: Position) -> None:
        with self._write() as conn:
            learning.save_position(conn, login, pos)

    def start_attempt(
        self,
        login: str,
        course_id: str,
        course_version: int,
        seed: str,
        plan: list[tuple[str, tuple[int, ...]]],
    ) -> NewAttempt:
        with self._write() as conn:
            attempt_id = learning.start_attempt(conn, login, course_id, course_version, seed, plan)
        return NewAttempt(attempt_id, seed, tuple(q for q, _ in plan))

    def record_answer(
        self, attempt_id: int, position: int, question_id: str, chosen: list[int], correct: bool
    ) -> Graded:
        with self._write() as conn:
            learning.record_answer(conn, attempt_id, position, question_id, chosen, correct)
            stored = learning.answer_of(conn, attempt_id, position)
        # A position is answered once: the first answer stands.
        return Graded(bool(stored["correct"]) if stored else correct)

    def finish_attempt(self, attempt_id: int, score: float, passed: bool) -> tuple[bool, float]:
        with self._write() as conn:
            learning.finish_attempt(conn, attempt_id, score, passed)
        attempt = self.get_attempt(attempt_id)
        if attempt is None or attempt.passed is None or attempt.score is None:
            return passed, score
        return attempt.passed, attempt.score

    # -- certificates --------------------------------------------------------------------
    def add_certificate(
        self,
        row: dict[str, Any],
        pdf: bytes,
        *,
        audit_actor: str,
        audit_action: str,
        details: dict[str, Any],
        new_person: Person | None = None,
        skip_if_attempts_certified: bool = False,
    ) -> str:
        folder = self.certificates_dir()
        folder.mkdir(parents=True, exist_ok=True)
        final = folder / f"{row['id']}.pdf"
        row = {**row, "pdf_path": str(final.resolve())}
        tmp = write_temp(folder, pdf)
        try:
            with commit_file(tmp, final) as commit:
                with self._write() as conn:
                    login, definition_id = row["login"], row["definition_id"]
                    if skip_if_attempts_certified and row["attempt_ids"] in (
                        certs_sql.attempt_sets(conn, login, definition_id)
                    ):
                        return "raced"
                    if new_person is not None:
                        people.upsert(conn, new_person)
                    previous = certs_sql.current(conn, login, definition_id)
                    certs_sql.insert(conn, row)
                    if previous is not None:
                        certs_sql.mark_superseded(conn, previous["id"], row["id"])
                        details = {**details, "supersedes": previous["id"]}
                    audit.append(conn, audit_actor, audit_action, row["id"], **details)
                    commit()
        except sqlite3.IntegrityError as exc:
            if "certificates.id" in str(exc):
                return "taken"
            raise
        finally:
            Path(tmp).unlink(missing_ok=True)
        return "done"

    def revoke_certificate(self, cert_id: str, actor: str, reason: str, at: str) -> list[int]:
        with self._write() as conn:
            row = certs_sql.get(conn, cert_id)
            if row is None or row["revoked_at"]:
                raise Refused(
                    f"Todistusta {cert_id} ei voi mitätöidä: se puuttuu tai on jo mitätöity."
                )
            certs_sql.mark_revoked(conn, cert_id, at, actor, reason)
            withdrawn = rights_sql.active_on_certificate(conn, cert_id)
            audit.append(
                conn,
                actor,
                "certificate.revoke",
                cert_id,
                login=row["login"],
                reason=reason,
                rights_withdrawn=[r["id"] for r in withdrawn],
            )
            why = f"todistus mitätöity: {reason}"
            for right in withdrawn:
                rights_sql.withdraw_logged(conn, actor, right, at, why)
            certs_sql.place_hold(
                conn, row["login"], row["definition_id"], cert_id, at, actor, reason
            )
        return [int(r["id"]) for r in withdrawn]

    def lift_hold(self, login: str, definition_id: str, actor: str, reason: str, at: str) -> None:
        with self._write() as conn:
            if not certs_sql.lift_hold(conn, login, definition_id, at, actor, reason):
                raise Refused(f"Henkilöllä {login} ei ole estoa todistukseen {definition_id}.")
            audit.append(conn, actor, "hold.lift", login, definition=definition_id, reason=reason)

    # -- rights --------------------------------------------------------------------------
    def grant_right(
        self, actor: str, login: str, channel_id: str, role: str, certificate_id: str, at: str
    ) -> int:
        with self._write() as conn:
            cert = certs_sql.get(conn, certificate_id)
            if (
                cert is None
                or cert["revoked_at"]
                or cert["superseded_by"]
                or cert["expires_at"] <= at
            ):
                raise Refused(f"Todistus {certificate_id} ei ole enää voimassa.")
            old = rights_sql.active_right(conn, login, channel_id, role)
            if old is not None:
                why = f"siirretty todistukselle {certificate_id}"
                rights_sql.withdraw_logged(conn, actor, old, at, why)
            right_id = rights_sql.insert_right(
                conn, login, channel_id, role, certificate_id, at, actor
            )
            audit.append(
                conn,
                actor,
                "right.grant",
                login,
                channel=channel_id,
                role=role,
                certificate=certificate_id,
            )
        return right_id

    def withdraw_rights(
        self, actor: str, login: str, channel_id: str, role: str | None, reason: str, at: str
    ) -> int:
        with self._write() as conn:
            rows = rights_sql.active_rights_of(conn, login, channel_id, role)
            for row in rows:
                rights_sql.withdraw_logged(conn, actor, row, at, reason)
        return len(rows)

    # -- accounts ------------------------------------------------------------------------
    def add_unit_channel(
        self, actor: str, channel_id: str, platform: str, url: str, unit: str, contact: str, at: str
    ) -> None:
        with self._write() as conn:
            if channels_sql.unit_channel(conn, channel_id) is not None:
                raise Refused(f"Tili {channel_id} on jo rekisterissä.")
            channels_sql.insert_unit_channel(
                conn, channel_id, platform, url, unit, contact, at, actor
            )
            audit.append(
                conn,
                actor,
                "channel.add",
                channel_id,
                platform=platform,
                url=url,
                unit=unit,
                contact=contact,
            )

    def set_channel_contact(
        self, actor: str, channel_id: str, login: str, city: bool, at: str
    ) -> None:
        with self._write() as conn:
            if city:
                channels_sql.set_city_contact(conn, channel_id, login, at, actor)
            else:
                channels_sql.set_unit_contact(conn, channel_id, login)
            audit.append(conn, actor, "channel.contact", channel_id, contact=login)

    # -- admins: listed in config.yaml ---------------------------------------------------
    def admins(self) -> list[str]:
        return _listed(settings.load_config(self.data_dir))

    def add_admin(self, actor: str, login: str) -> bool:
        # The database's write lock serialises concurrent changes to config.yaml, so two
        # people bootstrapping at once cannot both become the first admin.
        with self._write() as conn:
            config = settings.load_config(self.data_dir)
            current = _listed(config)
            bootstrap = not current
            if not bootstrap and actor not in current:
                raise NotAdminError(actor)
            if login in current:
                raise Refused(f"{login} on jo ylläpitäjä.")
            audit.append(conn, actor, "admin.add", login, bootstrap=bootstrap)
            # Inside the transaction: if writing the file fails, the audit row rolls back.
            settings.save_config(self.data_dir, {**config, "admins": [*current, login]})
        return bootstrap

    def remove_admin(self, actor: str, login: str) -> None:
        with self._write() as conn:
            config = settings.load_config(self.data_dir)
            current = _listed(config)
            if actor not in current:
                raise NotAdminError(actor)
            if login not in current:
                raise Refused(f"{login} ei ole ylläpitäjä.")
            if len(current) == 1:
                raise Refused(
                    f"{login} on ainoa ylläpitäjä, eikä viimeistä ylläpitäjää voi poistaa. "
                    "Lisää ensin toinen ylläpitäjä."
                )
            audit.append(conn, actor, "admin.remove", login)
            settings.save_config(
                self.data_dir, {**config, "admins": [a for a in current if a != login]}
            )

    def audit_refusal(self, actor: str, action: str, target: str, reason: str) -> None:
        with self._write() as conn:
            audit.append(conn, actor, action + ".refused", target, reason=reason)


def refuse_shared(path: Path) -> None:
    """StoreError when others than the owner could change `path` (the embedded store is one
    person's: anyone who can write it can make themselves an admin or pass for others)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"Kohdetta {path} ei voi lukea ({exc.strerror or exc}).") from exc
    if info.st_uid != os.getuid():
        raise StoreError(
            f"{path} kuuluu toiselle käyttäjälle. Paikallinen tietokanta on yhden henkilön oma: "
            "käytä omaa tietokansiota tai organisaation yhteistä rekisteriä (--database)."
        )
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise StoreError(
            f"{path} on muidenkin kirjoitettavissa (oikeudet {stat.S_IMODE(info.st_mode):o}). "
            "Paikallinen tietokanta on yhden henkilön oma; poista muiden kirjoitusoikeus "
            f"komennolla chmod go-w {path} tai käytä organisaation yhteistä rekisteriä "
            "(--database)."
        )


def _listed(config: dict[str, Any]) -> list[str]:
    listed = config.get("admins") or []
    return [str(a) for a in listed if isinstance(a, str | int)]
