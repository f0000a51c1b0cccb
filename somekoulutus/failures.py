"""Failures of the machine rather than of the program, told in Finnish for people.

Disk full, a read-only folder, a file that is not a database, a data dir that is a file:
these reach the faces as OSError or sqlite3 errors from deep inside. `describe` turns one
into (message, exit code) — 1 when the situation may pass or is the machine's, 2 when what
the person pointed the program at is wrong — so that the CLI and the TUI say what happened
and what to do next instead of showing a traceback. Messages name files, never their
content.
"""

from __future__ import annotations

import errno
import sqlite3

NOTHING_LOST = "Jo tallennetut tiedot ovat ennallaan."


def _where(exc: OSError) -> str:
    name = exc.filename
    if not name:
        return ""
    name = str(name)
    return f" ({name if len(name) <= 200 else name[:200] + '…'})"


def describe(exc: BaseException) -> tuple[str, int] | None:
    """A Finnish message and exit code for a known machine failure, or None."""
    from somekoulutus.settings import ConfigError

    if isinstance(exc, ConfigError):
        return str(exc), 2
    if isinstance(exc, sqlite3.DatabaseError):
        return _database(exc)
    if isinstance(exc, MemoryError):
        return (
            "Muisti loppui kesken. Sulje muita ohjelmia ja yritä uudelleen. " + NOTHING_LOST,
            1,
        )
    if isinstance(exc, UnicodeEncodeError) and "surrogate" in str(exc.reason):
        return (
            "Annetussa tekstissä on rikkinäinen merkki (se ei ole UTF-8:aa), eikä sitä voi "
            "tallentaa. Kirjoita teksti uudelleen. " + NOTHING_LOST,
            2,
        )
    if isinstance(exc, UnicodeEncodeError):
        return (
            "Tekstiä ei voitu tulostaa: päätteen merkistö ei ole UTF-8 tai tekstissä on "
            "rikkinäinen merkki. Aseta esimerkiksi LANG=fi_FI.UTF-8.",
            1,
        )
    if isinstance(exc, OSError):
        return _os(exc)
    return None


def _os(exc: OSError) -> tuple[str, int]:
    code = exc.errno
    where = _where(exc)
    if code in (errno.ENOSPC, errno.EDQUOT) or code == errno.EFBIG:
        return (
            f"Levy on täynnä tai tiedostokoon raja tuli vastaan{where}. Vapauta levytilaa ja "
            f"yritä uudelleen. {NOTHING_LOST}",
            1,
        )
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        return (
            f"Ei kirjoitus- tai lukuoikeutta{where}. Tarkista kansion käyttöoikeudet tai anna "
            f"toinen tietokansio (--data-dir tai SOMEKOULUTUS_HOME). {NOTHING_LOST}",
            1,
        )
    if code == errno.ENOTDIR or code == errno.EEXIST:
        return (
            f"Polku ei ole kansio{where}. Tietokansion (--data-dir tai SOMEKOULUTUS_HOME) pitää "
            "olla kansio tai vielä olematon polku.",
            2,
        )
    if code == errno.ENOENT:
        return (f"Tiedostoa tai kansiota ei löydy{where}.", 2)
    if code == errno.ENAMETOOLONG:
        return ("Tiedoston tai kansion nimi on liian pitkä.", 2)
    if code == errno.ELOOP:
        return (f"Polussa on kehäviittaus (symbolinen linkki){where}.", 2)
    reason = exc.strerror or type(exc).__name__
    return (f"Tiedostoa ei voitu käsitellä{where}: {reason}. {NOTHING_LOST}", 1)


def _database(exc: sqlite3.DatabaseError) -> tuple[str, int]:
    text = str(exc).lower()
    if "full" in text:
        return (
            f"Levy on täynnä: tietokantaan ei mahdu enää. Vapauta levytilaa ja yritä uudelleen. "
            f"{NOTHING_LOST}",
            1,
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return (
            "Tietokantaan ei voi kirjoittaa: tietokansio tai tiedosto on vain luettavissa. "
            "Tarkista käyttöoikeudet tai anna toinen tietokansio (--data-dir tai "
            f"SOMEKOULUTUS_HOME). {NOTHING_LOST}",
            1,
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return (
            "Tietokansion somekoulutus.db ei ole somekoulutuksen tietokanta tai se on "
            "vioittunut. Tarkista, että annoit oikean tietokansion, tai palauta tiedosto "
            "varmuuskopiosta.",
            2,
        )
    if "disk i/o" in text:
        return (
            "Tietokantaa ei voitu kirjoittaa tai lukea: levy on täynnä tai siinä on vika "
            f"(levyvirhe). Vapauta levytilaa ja yritä uudelleen. {NOTHING_LOST}",
            1,
        )
    return (
        f"Tietokantavirhe ({type(exc).__name__}). Yritä uudelleen; jos virhe toistuu, "
        f"ilmoita siitä ylläpidolle. {NOTHING_LOST}",
        1,
    )


def last_resort(exc: BaseException) -> tuple[str, int]:
    """The message for any failure: a known one as `describe` says, others in general terms."""
    known = describe(exc)
    if known is not None:
        return known
    return (
        f"Odottamaton virhe ({type(exc).__name__}). {NOTHING_LOST} Yritä uudelleen; jos virhe "
        "toistuu, ilmoita siitä ylläpidolle ja kerro, minkä komennon ajoit.",
        1,
    )
