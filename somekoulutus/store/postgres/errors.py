"""PostgreSQL failures as one clear Finnish line each (for the CLI, the TUI and setup)."""

from __future__ import annotations

import re

import psycopg

from somekoulutus.store.db import StoreError


class RegistryError(StoreError):
    """A registry failure people can act on; its text is the Finnish message."""


class RegistryUnavailable(RegistryError):
    """No connection: wrong address, server down, authentication failed, not enrolled."""


class SchemaMismatch(RegistryError):
    """The registry's schema is missing, older or newer than this program."""


def connection_message(exc: BaseException, dsn: str) -> str:
    """What went wrong when connecting, and what to do, in one Finnish line."""
    text = str(exc)
    where = _where(dsn)
    if _has(text, "invalid connection option", 'missing "="', "invalid dsn", "invalid uri"):
        return (
            f"Tietokannan osoite ei kelpaa ({dsn!r}). Anna libpq-yhteysmerkkijono, esimerkiksi "
            "postgresql:///somekoulutus tai 'host=palvelin dbname=somekoulutus'."
        )
    role = re.search(r'role "([^"]+)" does not exist', text)
    if role:
        return (
            f"Tunnusta {role.group(1)} ei ole rekisterissä {where}. Pyydä ylläpitäjää "
            f"lisäämään se: somekoulutus db enrol {role.group(1)}"
        )
    database = re.search(r'database "([^"]+)" does not exist', text)
    if database:
        return (
            f"Tietokantaa {database.group(1)} ei ole palvelimella {where}. Tarkista osoite tai "
            "pyydä tietokannan ylläpitäjää luomaan se."
        )
    if _has(
        text,
        "authentication failed",
        "no pg_hba.conf entry",
        "password",
        "gssapi",
        "not permitted to log in",
    ):
        return (
            f"Tietokanta {where} ei hyväksynyt kirjautumistasi. Tarkista tunnuksesi tai pyydä "
            "ylläpitäjää lisäämään se: somekoulutus db enrol TUNNUS"
        )
    if _has(text, "timeout expired", "timed out"):
        return f"Tietokantapalvelin {where} ei vastannut ajoissa. Yritä hetken kuluttua uudelleen."
    if _has(text, "could not translate host name", "name or service not known"):
        return f"Tietokantapalvelinta {where} ei löytynyt. Tarkista palvelimen nimi."
    return (
        f"Tietokantapalvelimeen {where} ei saatu yhteyttä. Tarkista, että PostgreSQL on "
        "käynnissä ja osoite on oikein."
    )


def _has(text: str, *needles: str) -> bool:
    low = text.lower()
    return any(n.lower() in low for n in needles)


def _where(dsn: str) -> str:
    """The server part of a DSN for messages (never a password)."""
    try:
        from psycopg.conninfo import conninfo_to_dict

        parts = conninfo_to_dict(dsn)
    except Exception:
        return "(osoite ei kelpaa)"
    host = str(parts.get("host") or "paikallinen pistoke")
    db = parts.get("dbname")
    return f"({host}{'/' + str(db) if db else ''})"


#: SQLSTATEs the learner functions raise (their message is already Finnish, for people).
EXAM_ERRORS = {
    "SK001": "profile missing: save_profile first",
    "SK002": "course (or its draws) not published",
    "SK003": "on hold: a revoked certificate of this course, until an admin lifts the hold",
    "SK004": "attempt policy: wait; DETAIL holds the ISO time the next attempt may start",
    "SK010": "no such open attempt of the caller",
    "SK011": "question not in the attempt's plan",
    "SK012": "question already answered (with other choices)",
    "SK013": "choices empty or out of range",
    "SK014": "finish: not every question answered",
    "SK015": "attempt's course version not published",
    "SK016": "profile fields missing or invalid",
    "SK020": "caller not enrolled (not a member of somekoulutus_learner)",
}

#: Statuses the admin and issuer functions return instead of raising (a refusal is audited).
STATUSES = (
    "ok",
    "refused",
    "invalid",
    "not_found",
    "already",
    "no_person",
    "not_granted",
    "last_admin",
    "held",
    "unknown_key",
)


def connect_error(dsn: str, exc: psycopg.Error) -> RegistryUnavailable:
    """The registry could not be reached, as an exception carrying the Finnish line."""
    return RegistryUnavailable(connection_message(exc, dsn))


def query_error(exc: psycopg.Error) -> StoreError:
    """A failed registry call: lost connection, missing rights, or a schema problem."""
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return StoreError(
            "Rekisteri ei salli tätä toimintoa tunnuksellesi. Jos tarvitset oikeuden, ota "
            "yhteys viestintään."
        )
    if isinstance(exc, psycopg.errors.UndefinedTable | psycopg.errors.UndefinedFunction):
        return SchemaMismatch(
            "Rekisterin rakenne puuttuu tai on eri versio kuin ohjelma. Pyydä rekisterin "
            "ylläpitäjää ajamaan 'somekoulutus db upgrade'."
        )
    if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
        return RegistryUnavailable(
            "Yhteys rekisteriin katkesi. Vastauksesi tähän asti on tallessa; yritä hetken "
            "kuluttua uudelleen."
        )
    detail = exc.diag.message_primary if exc.diag else None
    return StoreError(f"Rekisteri ei voinut tehdä pyyntöä: {detail or exc}")
