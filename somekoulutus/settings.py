"""Where things live: data dir, bundled content, config.yaml, the current login."""

from __future__ import annotations

import os
import pwd
import re
from pathlib import Path
from typing import Any

from somekoulutus.files import UnreadableFile, read_regular
from somekoulutus.safetext import visible

PACKAGE_DIR = Path(__file__).resolve().parent
DB_NAME = "somekoulutus.db"
CONFIG_NAME = "config.yaml"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data dir (--data-dir, SOMEKOULUTUS_HOME or the platform default), created if missing."""
    chosen = explicit or os.environ.get("SOMEKOULUTUS_HOME")
    if not chosen:
        import platformdirs  # imported when needed: `--help` and most commands do without

        chosen = platformdirs.user_data_dir("somekoulutus")
    path = Path(chosen).expanduser()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise ConfigError(
            f"Tietokansio {path} on tiedosto eikä kansio. Anna kansio (--data-dir tai "
            "SOMEKOULUTUS_HOME) tai vielä olematon polku, jolloin kansio luodaan."
        ) from exc
    except NotADirectoryError as exc:
        raise ConfigError(
            f"Tietokansiota ei voi luoda: jokin polun {path} osista on tiedosto eikä kansio. "
            "Anna toinen tietokansio (--data-dir tai SOMEKOULUTUS_HOME)."
        ) from exc
    except OSError as exc:
        raise ConfigError(
            f"Tietokansiota ei voi luoda ({path}): {exc.strerror or exc}. Tarkista "
            "käyttöoikeudet tai anna toinen tietokansio (--data-dir tai SOMEKOULUTUS_HOME)."
        ) from exc
    if not path.is_dir():
        raise ConfigError(
            f"Tietokansio {path} ei ole kansio. Anna kansio (--data-dir tai SOMEKOULUTUS_HOME)."
        )
    return path


def db_path(data: Path) -> Path:
    """The SQLite file inside a data dir."""
    return data / DB_NAME


def _bundled(name: str) -> Path:
    # A source checkout (or editable install) has the folders beside the package; a wheel
    # carries them as somekoulutus/bundled/<name>.
    checkout = PACKAGE_DIR.parent / name
    if (checkout / ("organisation.yaml" if name == "courses" else "")).exists():
        return checkout
    return PACKAGE_DIR / "bundled" / name


def content_dirs(courses: str | os.PathLike[str] | None = None) -> tuple[Path, Path]:
    """(courses_dir, certificates_dir) for --courses, SOMEKOULUTUS_COURSES or the bundled content.

    The given folder is either a courses folder (certificates are then looked for beside
    it) or a folder holding both `courses/` and `certificates/`.
    """
    chosen = courses or os.environ.get("SOMEKOULUTUS_COURSES")
    if not chosen:
        return _bundled("courses"), _bundled("certificates")
    root = Path(chosen).expanduser()
    if (root / "courses").is_dir():
        return root / "courses", root / "certificates"
    return root, root.parent / "certificates"


#: An OS login: 1-64 characters, no whitespace and no control characters (C0, DEL, C1).
LOGIN_PATTERN = r"[^\s\x00-\x1f\x7f-\x9f]{1,64}"
#: The same rule in Finnish, with what to do, for the messages that refuse a login.
LOGIN_RULE = (
    "siinä saa olla 1–64 merkkiä eikä välilyöntejä tai ohjausmerkkejä. Anna tunnus "
    "sellaisena kuin henkilö kirjautuu sillä koneelle"
)


def valid_login(login: str) -> bool:
    """True when the text can be an OS login."""
    # re.fullmatch compiles on first use (re's own cache), not at every start.
    return re.fullmatch(LOGIN_PATTERN, login) is not None


def login_refusal(login: str) -> str | None:
    """Why `login` cannot be made an admin (Finnish, the login shown as typed), or None."""
    if valid_login(login):
        return None
    # visible(): the refused login is shown with its control characters written out.
    return f"'{visible(login)}' ei kelpaa käyttäjätunnukseksi: {LOGIN_RULE}."


def current_login() -> str:
    """The OS login of the process's real user id (never LOGNAME or USER, which anyone sets)."""
    return pwd.getpwuid(os.getuid()).pw_name


def database_dsn(explicit: str | None, data: Path | None) -> str | None:
    """The organisation registry's connection string: --database, SOMEKOULUTUS_DATABASE or
    `database:` in config.yaml; None means the embedded store."""
    chosen = explicit or os.environ.get("SOMEKOULUTUS_DATABASE")
    if not chosen and data is not None:
        value = load_config(data).get("database")
        chosen = value if isinstance(value, str) else None
    return chosen.strip() or None if chosen else None


class ConfigError(Exception):
    """config.yaml cannot be read; the message is Finnish and says how to fix it."""


def load_config(data: Path) -> dict[str, Any]:
    """config.yaml of a data dir as a dict (empty when the file does not exist).

    ConfigError when the file cannot be read or is not valid YAML: guessing would let the
    next save overwrite the admins and trusted keys that are in it.
    """
    path = data / CONFIG_NAME
    if not path.exists() and not path.is_symlink():
        return {}
    import yaml  # only when there is a config.yaml to read

    try:
        loaded = yaml.safe_load(read_regular(path).decode("utf-8"))
    except UnreadableFile as exc:
        raise ConfigError(
            f"Asetustiedostoa {path} ei lueta: {exc}. Korjaa tiedosto tai palauta se "
            "varmuuskopiosta."
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"Asetustiedostoa {path} ei voi lukea ({getattr(exc, 'strerror', None) or exc}). "
            "Tarkista tiedoston käyttöoikeudet ja merkistö (UTF-8)."
        ) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" rivillä {mark.line + 1}" if mark is not None else ""
        raise ConfigError(
            f"Asetustiedostossa {path} on virhe{where}: se ei ole kelvollista YAMLia. "
            "Korjaa tiedosto tai palauta se varmuuskopiosta."
        ) from exc
    return loaded if isinstance(loaded, dict) else {}


def save_config(data: Path, config: dict[str, Any]) -> None:
    """Write config.yaml atomically (temporary file, then rename)."""
    import tempfile

    import yaml

    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=True)
    fd, tmp = tempfile.mkstemp(dir=data, prefix=".config-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, data / CONFIG_NAME)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
