"""The organisation's registry on PostgreSQL.

Who the caller is comes from the server (`session_user`, as PostgreSQL authenticated it).
Reads run the shared SQL on tables and views the caller's role may read; every write is one
call of a SECURITY DEFINER function in schema `somekoulutus` that checks the caller, so the
program holds no power the caller's role does not have (see docs/security.md).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import errors as pg_errors
from psycopg.pq import TransactionStatus

from somekoulutus.store.base import (
    Graded,
    NewAttempt,
    NotAdminError,
    Refused,
    Store,
)
from somekoulutus.store.db import Conn, Row, StoreError
from somekoulutus.store.learning import Position
from somekoulutus.store.people import Person
from somekoulutus.store.postgres.conn import PgConn, StreamingConn
from somekoulutus.store.postgres.errors import connect_error, query_error

ADMIN_ROLE = "somekoulutus_admin"
#: How the issuer service names its listening connection (learners' TUI looks for it).
ISSUER_APPLICATION = "somekoulutus-issuer"


class PgStore(Store):
    """A connection (one per thread) to the organisation's registry."""

    backend = "postgresql"

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self._local = threading.local()
        self._opened: list[psycopg.Connection[Any]] = []
        self._lock = threading.Lock()
        self._identity = str(self._call_one("SELECT session_user")[0])
        from somekoulutus.store.postgres.setup import require_current

        try:
            require_current(self._raw())
        except psycopg.Error as exc:
            raise query_error(exc) from exc

    # -- plumbing ------------------------------------------------------------------------
    def _connect(self, autocommit: bool = True) -> psycopg.Connection[Any]:
        try:
            raw = psycopg.connect(
                self.dsn,
                autocommit=autocommit,
                connect_timeout=10,
                options="-c search_path=somekoulutus,pg_catalog",
                application_name="somekoulutus",
            )
        except psycopg.Error as exc:
            raise connect_error(self.dsn, exc) from exc
        return raw

    def _raw(self) -> psycopg.Connection[Any]:
        raw = getattr(self._local, "raw", None)
        if raw is None or raw.closed or raw.broken:
            raw = self._connect()
            self._local.raw = raw
            with self._lock:
                self._opened.append(raw)
        return raw

    def _read(self) -> Conn:
        return PgConn(self._raw())

    @contextmanager
    def streaming(self) -> Iterator[Conn]:
        # A connection of its own (the thread's other reads and writes stay outside the
        # long read's transaction), kept for the thread's next stream: opening one costs
        # more than a first page. A stream begun while another is open gets a new one.
        raw = getattr(self._local, "idle_stream", None)
        self._local.idle_stream = None
        if raw is None or raw.closed or raw.broken:
            raw = self._connect(autocommit=False)
            with self._lock:
                self._opened.append(raw)
        try:
            with raw.transaction():
                yield StreamingConn(raw)
        finally:
            # Done or abandoned, the transaction has ended: the connection can serve again.
            reusable = not raw.broken and raw.info.transaction_status == TransactionStatus.IDLE
            if reusable and getattr(self._local, "idle_stream", None) is None:
                self._local.idle_stream = raw
            else:
                raw.close()

    def close(self) -> None:
        listener = getattr(self, "_listener", None)
        if listener is not None:
            listener.close()
        with self._lock:
            opened, self._opened = self._opened, []
        for raw in opened:
            raw.close()
        self._local = threading.local()

    def identity(self) -> str:
        return self._identity

    def _call(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        """Run a function call; a dropped connection is retried once on a new one."""
        for attempt in (1, 2):
            try:
                return PgConn(self._raw()).execute(sql, params).fetchall()
            except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
                if attempt == 2 or not self._raw_was_lost():
                    raise query_error(exc) from exc
            except psycopg.Error as exc:
                if (exc.sqlstate or "").startswith("SK") or isinstance(
                    exc, pg_errors.RaiseException
                ):
                    # The exam's refusals (policy, hold, not enrolled): Finnish for people.
                    raise Refused(exc.diag.message_primary or str(exc)) from exc
                raise query_error(exc) from exc
        raise AssertionError("unreachable")

    def _raw_was_lost(self) -> bool:
        raw = getattr(self._local, "raw", None)
        lost = raw is None or raw.closed or raw.broken
        if lost:
            self._local.raw = None
        return lost

    def _call_one(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        rows = self._call(sql, params)
        return rows[0] if rows else None

    def _status(self, sql: str, params: tuple[Any, ...], action: str, target: str) -> None:
        """Call an admin function; its status text becomes an exception unless 'ok'."""
        status = self._call_one(sql, params)[0]
        if status == "ok":
            return
        if status == "refused":  # not an admin: the server has audited the refusal
            raise NotAdminError(self._identity)
        raise Refused(
            _REFUSALS.get(status, "Rekisteri kieltäytyi: {status}").format(
                status=status, target=target, action=action
            )
        )

    # -- learner -------------------------------------------------------------------------
    def save_person(self, person: Person) -> None:
        self._call(
            "SELECT somekoulutus.save_profile(?, ?, ?, ?)",
            (person.name, person.email, person.unit, person.role),
        )

    def mark_read(self, login: str, course_id: str, lesson_id: str) -> None:
        self._call("SELECT somekoulutus.mark_read(?, ?)", (course_id, lesson_id))

    def save_position(self, login: str, pos: Position) -> None:
        self._call(
            "SELECT somekoulutus.save_position(?, ?, ?, ?)",
            (pos.screen, pos.course_id, pos.lesson_id, pos.attempt_id),
        )

    def start_attempt(
        self,
        login: str,
        course_id: str,
        course_version: int,
        seed: str,
        plan: list[tuple[str, tuple[int, ...]]],
    ) -> NewAttempt:
        # The server draws: the proposed seed and plan are not sent.
        row = self._call_one("SELECT * FROM somekoulutus.start_attempt(?)", (course_id,))
        return NewAttempt(int(row["attempt_id"]), str(row["seed"]), tuple(row["plan"]))

    def record_answer(
        self, attempt_id: int, position: int, question_id: str, chosen: list[int], correct: bool
    ) -> Graded:
        row = self._call_one(
            "SELECT * FROM somekoulutus.answer(?, ?, ?::int[])",
            (attempt_id, question_id, list(chosen)),
        )
        if row["correct"] is None:
            # A scenario step before the last: the server tells the verdict when the
            # scenario ends, so it gives nothing away about the later steps.
            return Graded(correct, None)
        return Graded(bool(row["correct"]), row["feedback"])

    def finish_attempt(self, attempt_id: int, score: float, passed: bool) -> tuple[bool, float]:
        row = self._call_one("SELECT * FROM somekoulutus.finish_attempt(?)", (attempt_id,))
        return bool(row["passed"]), int(row["score"]) / 100

    # -- certificates --------------------------------------------------------------------
    def certificate_pdf(self, cert_id: str) -> bytes | None:
        row = self._call_one("SELECT pdf FROM certificates WHERE id = ?", (cert_id,))
        return bytes(row[0]) if row and row[0] is not None else None

    def published_keys(self) -> list[str] | None:
        return [r[0] for r in self._call("SELECT public_pem FROM issuer_keys ORDER BY created_at")]

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
        if row.get("request_id") is not None:
            sql = "SELECT somekoulutus.store_manual_certificate(?, ?, ?, ?, ?, ?, ?, ?)"
            params: tuple[Any, ...] = (
                row["request_id"],
                row["id"],
                row["payload"],
                row["signature"],
                row["key_id"],
                row["issued_at"],
                row["expires_at"],
                pdf,
            )
        else:
            sql = "SELECT somekoulutus.store_certificate(?::bigint[], ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            params = (
                sorted(row["attempt_ids"]),
                row["id"],
                row["login"],
                row["definition_id"],
                row["payload"],
                row["signature"],
                row["key_id"],
                row["issued_at"],
                row["expires_at"],
                pdf,
            )
        try:
            status = self._call_one(sql, params)[0]
        except StoreError as exc:
            if isinstance(exc.__cause__, pg_errors.UniqueViolation):
                return "taken"
            raise
        if status == "ok":
            return "done"
        if status in ("already", "held"):
            return "raced"  # certified meanwhile, or held: nothing was written
        raise Refused(
            f"Myöntäjäpalvelu ei voinut tallentaa todistusta ({status}). Tarkista, että "
            "palvelun tunnus kuuluu ryhmään somekoulutus_issuer ja sen avain on julkaistu."
        )

    def revoke_certificate(self, cert_id: str, actor: str, reason: str, at: str) -> list[int]:
        before = [int(r["id"]) for r in self.active_on_certificate(cert_id)]
        self._status(
            "SELECT somekoulutus.revoke_certificate(?, ?)", (cert_id, reason), "revoke", cert_id
        )
        return before

    def lift_hold(self, login: str, definition_id: str, actor: str, reason: str, at: str) -> None:
        self._status(
            "SELECT somekoulutus.lift_hold(?, ?, ?)",
            (login, definition_id, reason),
            "lift",
            f"{login} / {definition_id}",
        )

    # -- the issuer service --------------------------------------------------------------
    def issues_in_process(self) -> bool:
        return False

    def issuer_running(self) -> bool:
        row = self._call_one(
            "SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE application_name = ?",
            (ISSUER_APPLICATION,),
        )
        return bool(row and row[0])

    def pending_attempts(self) -> list[int]:
        rows = self._call(
            "SELECT id FROM attempts WHERE passed = 1 AND issuer_state IS NULL ORDER BY id"
        )
        return [int(r[0]) for r in rows]

    def request_manual_certificate(
        self, actor: str, login: str, definition_id: str, reason: str
    ) -> None:
        self._status(
            "SELECT somekoulutus.request_manual_certificate(?, ?, ?)",
            (login, definition_id, reason),
            "request",
            login,
        )

    def pending_requests(self) -> list[Row]:
        return self._call(
            """SELECT id, login, definition_id, reason, requested_by FROM manual_requests
               WHERE issuer_state IS NULL ORDER BY id"""
        )

    def refuse_request(self, request_id: int, note: str) -> None:
        self._call("SELECT somekoulutus.refuse_manual_request(?, ?)", (request_id, note))

    def refuse_attempt(self, attempt_id: int, note: str) -> None:
        self._call("SELECT somekoulutus.refuse_attempt(?, ?)", (attempt_id, note))

    def publish_key(self, key_id: str, pem: str) -> None:
        status = self._call_one("SELECT somekoulutus.register_issuer_key(?, ?)", (key_id, pem))[0]
        if status not in ("ok", "already"):
            raise Refused(
                "Myöntäjän avainta ei voitu julkaista: palvelun tunnus ei kuulu ryhmään "
                "somekoulutus_issuer tai avain on ristiriidassa rekisterin kanssa."
            )

    def wait_for_attempts(self, timeout: float) -> None:
        listener = getattr(self, "_listener", None)
        if listener is None or listener.closed:
            listener = self._connect()
            listener.execute("SET application_name = " + _quote(ISSUER_APPLICATION))
            listener.execute("LISTEN somekoulutus_attempts")
            self._listener = listener
        for _ in listener.notifies(timeout=timeout, stop_after=1):
            pass

    # -- rights --------------------------------------------------------------------------
    def grant_right(
        self, actor: str, login: str, channel_id: str, role: str, certificate_id: str, at: str
    ) -> int:
        self._status(
            "SELECT somekoulutus.grant_right(?, ?, ?, ?)",
            (login, channel_id, role, certificate_id),
            "grant",
            certificate_id,
        )
        held = self.active_right(login, channel_id, role)
        return int(held["id"]) if held is not None else 0

    def withdraw_rights(
        self, actor: str, login: str, channel_id: str, role: str | None, reason: str, at: str
    ) -> int:
        before = len(self.active_rights_of(login, channel_id, role))
        status = self._call_one(
            "SELECT somekoulutus.withdraw_right(?, ?, ?, ?)", (login, channel_id, reason, role)
        )[0]
        if status == "refused":
            raise NotAdminError(self._identity)
        return before if status == "ok" else 0

    # -- accounts ------------------------------------------------------------------------
    def add_unit_channel(
        self, actor: str, channel_id: str, platform: str, url: str, unit: str, contact: str, at: str
    ) -> None:
        self._status(
            "SELECT somekoulutus.add_channel(?, ?, ?, ?, ?)",
            (channel_id, platform, url, unit, contact),
            "channel",
            channel_id,
        )

    def set_channel_contact(
        self, actor: str, channel_id: str, login: str, city: bool, at: str
    ) -> None:
        self._status(
            "SELECT somekoulutus.set_channel_contact(?, ?, ?)",
            (channel_id, login, city),
            "contact",
            channel_id,
        )

    # -- admins: members of the admin role -----------------------------------------------
    def admins(self) -> list[str]:
        rows = self._call(
            """SELECT m.rolname FROM pg_catalog.pg_auth_members a
               JOIN pg_catalog.pg_roles g ON g.oid = a.roleid
               JOIN pg_catalog.pg_roles m ON m.oid = a.member
               WHERE g.rolname = ? AND m.rolcanlogin ORDER BY m.rolname""",
            (ADMIN_ROLE,),
        )
        return [str(r[0]) for r in rows]

    def is_admin(self, login: str) -> bool:
        if login == self._identity:
            return bool(
                self._call_one("SELECT pg_has_role(session_user, ?, 'MEMBER')", (ADMIN_ROLE,))[0]
            )
        return login in self.admins()

    def add_admin(self, actor: str, login: str) -> bool:
        self._status("SELECT somekoulutus.add_admin(?)", (login,), "admin.add", login)
        return False

    def remove_admin(self, actor: str, login: str) -> None:
        self._status("SELECT somekoulutus.remove_admin(?)", (login,), "admin.remove", login)

    def audit_refusal(self, actor: str, action: str, target: str, reason: str) -> None:
        try:
            self._call("SELECT somekoulutus.audit_refusal(?, ?, ?)", (action, target, reason))
        except StoreError:
            pass  # the refusal itself stands; a failed log write must not hide it


_REFUSALS = {
    "already": "{target}: muutos on jo tehty.",
    "no_such_role": (
        "Käyttäjää {target} ei ole lisätty rekisteriin. Lisää hänet ensin komennolla "
        "'somekoulutus db enrol {target}'."
    ),
    "not_admin_target": "{target} ei ole ylläpitäjä.",
    "last_admin": (
        "{target} on ainoa ylläpitäjä, eikä viimeistä ylläpitäjää voi poistaa. "
        "Lisää ensin toinen ylläpitäjä."
    ),
    "not_found": "{target} ei löydy rekisteristä. Tarkista tunnus.",
    "no_hold": "Estoa ei ole: {target}.",
    "invalid_certificate": "Todistus {target} ei ole enää voimassa.",
    "exists": "Tili {target} on jo rekisterissä.",
    "invalid": "Rekisteri ei hyväksynyt tietoja ({target}). Tarkista tunnus, syy ja valinnat.",
    "no_person": (
        "Henkilöä {target} ei tunneta rekisterissä: hänen pitää ensin avata somekoulutus "
        "ja täyttää tietonsa."
    ),
    "not_granted": "Todistus {target} ei oikeuta pyydettyyn rooliin.",
    "held": "Henkilöllä on esto tähän todistukseen; poista se komennolla 'holds lift'.",
}
_UNKNOWN_REFUSAL = (
    "Rekisteri kieltäytyi ({status}). Tarkista tiedot ja yritä uudelleen; jos vika jatkuu, "
    "ota yhteys tietohallintoon."
)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
