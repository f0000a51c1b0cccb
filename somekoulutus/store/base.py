"""The one store interface: what the domain, the TUI and the CLI may ask of a registry.

Two implementations: `SqliteStore` (embedded, one person) and `PgStore` (the organisation's
PostgreSQL registry). Reads share one SQL text in the modules beside this one (people,
learning, certs, rights, channels, audit), run through `_read()`, a connection of the backend.
Writes are abstract: the embedded store writes tables in a transaction; the organisation's
registry calls one server function per write, which checks who the caller is.
"""

from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any, NamedTuple

from somekoulutus.store import audit, channels, learning, people
from somekoulutus.store import certs as certs_sql
from somekoulutus.store import rights as rights_sql
from somekoulutus.store.db import Conn, Row, StoreError
from somekoulutus.store.learning import Attempt, Position
from somekoulutus.store.people import Person


class Refused(StoreError):
    """The registry refused the caller (not allowed, or the state forbids it)."""


class NotAdminError(Refused):
    """The caller is not an admin."""

    def __init__(self, login: str) -> None:
        self.login = login
        super().__init__(
            f"Käyttäjä {login} ei ole ylläpitäjä: toiminto on vain viestinnän ylläpitäjille. "
            "Pyydä ylläpitäjää lisäämään sinut komennolla 'somekoulutus admins add'."
        )


class NewAttempt(NamedTuple):
    """An attempt as the registry started it: its id, the draw seed and the question ids."""

    id: int
    seed: str
    plan: tuple[str, ...]


class Graded(NamedTuple):
    """The registry's verdict on one answer."""

    correct: bool
    feedback: str | None = None


class Store(ABC):
    """A registry. `backend` is 'sqlite' or 'postgresql'; nothing else may depend on it."""

    backend: str = ""

    # -- plumbing ------------------------------------------------------------------------
    @abstractmethod
    def _read(self) -> Conn:
        """A connection for reading (thread-safe: one per thread or from a pool)."""

    @abstractmethod
    def close(self) -> None:
        """Release the connections."""

    @abstractmethod
    def identity(self) -> str:
        """Who the registry knows the caller to be (never from environment variables)."""

    @abstractmethod
    def streaming(self) -> AbstractContextManager[Conn]:
        """A connection for one long read that yields rows as they come (exports)."""

    # -- people --------------------------------------------------------------------------
    def person(self, login: str) -> Person | None:
        """The person bound to a login, or None."""
        return people.get(self._read(), login)

    def units(self) -> list[str]:
        """The units people have given, sorted."""
        return rights_sql.units(self._read())

    @abstractmethod
    def save_person(self, person: Person) -> None:
        """Create or update the caller's own profile."""

    # -- learning ------------------------------------------------------------------------
    def lessons_read(self, login: str, course_id: str) -> set[str]:
        """Ids of the lessons the person has read in a course."""
        return learning.lessons_read(self._read(), login, course_id)

    def position(self, login: str) -> Position | None:
        """Where the person was last."""
        return learning.position(self._read(), login)

    def get_attempt(self, attempt_id: int) -> Attempt | None:
        """An attempt with its answers."""
        return learning.get_attempt(self._read(), attempt_id)

    def open_attempt(self, login: str, course_id: str) -> Attempt | None:
        """The person's unfinished attempt at a course."""
        return learning.open_attempt(self._read(), login, course_id)

    def last_attempt(self, login: str, course_id: str) -> Attempt | None:
        """The person's most recent attempt at a course, finished or not."""
        return learning.last_attempt(self._read(), login, course_id)

    def latest_passed(self, login: str) -> dict[str, Attempt]:
        """course_id -> the person's latest passed attempt."""
        return learning.latest_passed(self._read(), login)

    def course_answers(self, course_id: str) -> Iterator[Row]:
        """The answers of every finished attempt at a course, streamed, by attempt."""
        with self.streaming() as conn:
            yield from learning.course_answers(conn, course_id)

    def attempt_starts(self, login: str, course_id: str) -> list[str]:
        """When the person started each attempt at the course (ISO, oldest first)."""
        return learning.attempt_starts(self._read(), login, course_id)

    @abstractmethod
    def mark_read(self, login: str, course_id: str, lesson_id: str) -> None:
        """Record that a lesson has been read (idempotent)."""

    @abstractmethod
    def save_position(self, login: str, pos: Position) -> None:
        """Remember where the person is."""

    @abstractmethod
    def start_attempt(
        self,
        login: str,
        course_id: str,
        course_version: int,
        seed: str,
        plan: list[tuple[str, tuple[int, ...]]],
    ) -> NewAttempt:
        """Start an attempt. The embedded store keeps the proposed seed and plan; a
        server-side registry draws its own seed and returns it with its plan."""

    @abstractmethod
    def record_answer(
        self,
        attempt_id: int,
        position: int,
        question_id: str,
        chosen: list[int],
        correct: bool,
    ) -> Graded:
        """Save one answer (once). `correct` is the caller's grading, used only where the
        caller is trusted (embedded store); a server-side registry grades by itself."""

    @abstractmethod
    def finish_attempt(self, attempt_id: int, score: float, passed: bool) -> tuple[bool, float]:
        """Close an attempt; returns (passed, score) as the registry recorded them."""

    # -- certificates --------------------------------------------------------------------
    def certificate(self, cert_id: str) -> Row | None:
        """One certificate row."""
        return certs_sql.get(self._read(), cert_id)

    def certificate_exists(self, cert_id: str) -> bool:
        """True when the id is taken."""
        return certs_sql.exists(self._read(), cert_id)

    def key_used(self, key_id: str) -> bool:
        """True when this registry holds certificates signed with the key."""
        return certs_sql.uses_key(self._read(), key_id)

    def certificates_of(self, login: str) -> list[Row]:
        """A person's certificates, newest first."""
        return certs_sql.of_login(self._read(), login)

    def current_certificate(self, login: str, definition_id: str) -> Row | None:
        """The newest certificate of a definition that is neither revoked nor superseded."""
        return certs_sql.current(self._read(), login, definition_id)

    def attempt_sets(self, login: str, definition_id: str) -> list[list[int]]:
        """For each certificate of the person and definition, the attempts it rests on."""
        return certs_sql.attempt_sets(self._read(), login, definition_id)

    def attempt_ids_of(self, cert_id: str) -> list[int]:
        """The passed attempts a certificate rests on."""
        return certs_sql.attempt_ids_of(self._read(), cert_id)

    def certificate_listing(self, **filters: Any) -> Iterator[Row]:
        """Registry rows with the holder's name (see store.certs.listing), streamed."""
        with self.streaming() as conn:
            yield from certs_sql.listing(conn, **filters)

    def holders(self, **filters: Any) -> tuple[list[Row], int]:
        """Certificates with their holders, filtered (see store.rights.holders)."""
        return rights_sql.holders(self._read(), **filters)

    def certificate_pdf(self, cert_id: str) -> bytes | None:
        """The certificate's PDF as issued, or None when it is not kept here."""
        row = self.certificate(cert_id)
        if row is None or not row["pdf_path"]:
            return None
        try:
            with open(row["pdf_path"], "rb") as fh:
                return fh.read()
        except OSError:
            return None

    @abstractmethod
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
        """Insert a signed certificate with its PDF, supersede the previous current one of
        the same person and definition, and audit it, all at once.

        Returns 'done', 'taken' (the id is in use: draw another) or 'raced' (another
        issuer certified the same attempts meanwhile: nothing was written)."""

    @abstractmethod
    def revoke_certificate(self, cert_id: str, actor: str, reason: str, at: str) -> list[int]:
        """Revoke, withdraw the rights resting on it and hold the definition for the person;
        returns the ids of the withdrawn rights."""

    def published_keys(self) -> list[str] | None:
        """PEM public keys of the issuer as the registry publishes them (old ones included),
        or None when the registry publishes none (the embedded store trusts its folder)."""
        return None

    # -- the issuer service (organisation registry only) ----------------------------------
    def issues_in_process(self) -> bool:
        """True when the program itself issues on passing (embedded store); False when an
        issuer service does it (organisation registry)."""
        return True

    def issuer_running(self) -> bool:
        """True when an issuer service is connected to the registry now."""
        return False

    def _no_issuer(self) -> StoreError:
        return StoreError(
            "Myöntäjäpalvelu toimii vain organisaation rekisterin kanssa: anna yhteys "
            "valitsimella --database tai ympäristömuuttujalla SOMEKOULUTUS_DATABASE."
        )

    def pending_attempts(self) -> list[int]:
        """Ids of passed attempts the issuer has not handled yet, oldest first."""
        raise self._no_issuer()

    def request_manual_certificate(
        self, actor: str, login: str, definition_id: str, reason: str
    ) -> None:
        """Record an admin's request for a certificate without the quiz (the issuer signs)."""
        raise self._no_issuer()

    def pending_requests(self) -> list[Row]:
        """Admins' requests the issuer has not handled yet, oldest first."""
        raise self._no_issuer()

    def refuse_request(self, request_id: int, note: str) -> None:
        """Mark an admin's request refused by the issuer, with the reason."""
        raise self._no_issuer()

    def refuse_attempt(self, attempt_id: int, note: str) -> None:
        """Mark a passed attempt refused by the issuer's re-check, with the reason."""
        raise self._no_issuer()

    def publish_key(self, key_id: str, pem: str) -> None:
        """Publish the issuer's public key in the registry (kept after rotation)."""
        raise self._no_issuer()

    def wait_for_attempts(self, timeout: float) -> None:
        """Block until an attempt is finished somewhere or `timeout` seconds pass."""
        raise self._no_issuer()

    # -- holds ---------------------------------------------------------------------------
    def holds(self, login: str | None = None) -> list[Row]:
        """Active holds (a revoked person's definition waits for an admin), oldest first."""
        return certs_sql.active_holds(self._read(), login)

    def held(self, login: str, definition_id: str) -> Row | None:
        """The active hold on this person and definition, or None."""
        return next((h for h in self.holds(login) if h["definition_id"] == definition_id), None)

    @abstractmethod
    def lift_hold(self, login: str, definition_id: str, actor: str, reason: str, at: str) -> None:
        """Lift the hold (audited); Refused when there is none."""

    # -- rights --------------------------------------------------------------------------
    def active_right(self, login: str, channel_id: str, role: str) -> Row | None:
        """The person's active right of this role on this account."""
        return rights_sql.active_right(self._read(), login, channel_id, role)

    def active_rights_of(self, login: str, channel_id: str, role: str | None = None) -> list[Row]:
        """The person's active rights on an account."""
        return rights_sql.active_rights_of(self._read(), login, channel_id, role)

    def list_rights(self, *args: Any, **kwargs: Any) -> list[Row]:
        """Rights with holder and certificate state (see store.rights.list_rights)."""
        return rights_sql.list_rights(self._read(), *args, **kwargs)

    def rights_in_trouble(self, horizon: str) -> list[Row]:
        """Active rights whose certificate is revoked, superseded or expires by `horizon`."""
        return rights_sql.rights_in_trouble(self._read(), horizon)

    def active_channel_counts(self) -> dict[str, int]:
        """channel id -> number of active rights."""
        return rights_sql.active_channel_counts(self._read())

    def active_on_certificate(self, cert_id: str) -> list[Row]:
        """Active rights resting on a certificate."""
        return rights_sql.active_on_certificate(self._read(), cert_id)

    @abstractmethod
    def grant_right(
        self, actor: str, login: str, channel_id: str, role: str, certificate_id: str, at: str
    ) -> int:
        """Grant a right on a certificate valid at `at` (moving an older right of the same
        role onto it), audited; Refused when the certificate is no longer valid."""

    @abstractmethod
    def withdraw_rights(
        self, actor: str, login: str, channel_id: str, role: str | None, reason: str, at: str
    ) -> int:
        """Withdraw the person's active rights on an account; how many. Audited."""

    # -- accounts ------------------------------------------------------------------------
    def unit_channels(self) -> list[Row]:
        """Units' own accounts."""
        return channels.unit_channels(self._read())

    def unit_channel(self, channel_id: str) -> Row | None:
        """One unit account."""
        return channels.unit_channel(self._read(), channel_id)

    def city_contacts(self) -> dict[str, str]:
        """channel id -> contact login, for the city's accounts."""
        return channels.city_contacts(self._read())

    def main_user_counts(self) -> dict[str, int]:
        """channel id -> active main users."""
        return channels.main_user_counts(self._read())

    def contact_names(self) -> dict[str, str]:
        """login -> name of every contact person."""
        return channels.contact_names(self._read())

    @abstractmethod
    def add_unit_channel(
        self, actor: str, channel_id: str, platform: str, url: str, unit: str, contact: str, at: str
    ) -> None:
        """Register a unit's account (audited)."""

    @abstractmethod
    def set_channel_contact(
        self, actor: str, channel_id: str, login: str, city: bool, at: str
    ) -> None:
        """Name an account's contact person (audited)."""

    # -- admins --------------------------------------------------------------------------
    @abstractmethod
    def admins(self) -> list[str]:
        """The admin logins."""

    def is_admin(self, login: str) -> bool:
        """True when the login is an admin now (asked again at every admin action)."""
        return login in self.admins()

    @abstractmethod
    def add_admin(self, actor: str, login: str) -> bool:
        """Make `login` an admin; True when it was the first (bootstrap) admin."""

    @abstractmethod
    def remove_admin(self, actor: str, login: str) -> None:
        """Remove an admin (never the last one)."""

    # -- audit ---------------------------------------------------------------------------
    def audit_entries(
        self,
        since: str | None = None,
        before_id: int | None = None,
        limit: int | None = None,
        newest_first: bool = False,
    ) -> list[Row]:
        """Audit log rows a page at a time (keyset on id: `before_id` is the last id seen)."""
        return audit.entries(self._read(), since, before_id, limit, newest_first)

    @abstractmethod
    def audit_refusal(self, actor: str, action: str, target: str, reason: str) -> None:
        """Record an action the caller was refused."""
