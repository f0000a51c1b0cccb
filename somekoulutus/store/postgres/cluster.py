"""A private, throwaway PostgreSQL cluster on a Unix socket: for tests and benchmarks.

Started from the PostgreSQL binaries on the machine (`pg_config --bindir`, or
`/usr/lib/postgresql/*/bin`) in a folder of its own, listening on no TCP port. PostgreSQL
refuses to run as root, so when this process is root the server runs as the `postgres` OS user
(`runuser -u postgres --`). Every connection is authenticated by `peer` on the socket: who
connects is the OS user, as in a real one-host deployment. `allow()` lets one OS user log in
as another role (the test process acting as several people).
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

INSTALL_HINT = (
    "PostgreSQL binaries (initdb, pg_ctl) not found: install them "
    "(Debian/Ubuntu: apt-get install postgresql) or set SOMEKOULUTUS_PG_BINDIR"
)
IDENT_MAP = "local"
_SAFE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


class ClusterError(Exception):
    """The throwaway cluster could not be set up; the text says what failed."""


def find_bindir() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    chosen = os.environ.get("SOMEKOULUTUS_PG_BINDIR")
    if chosen:  # only this one
        folder = Path(chosen)
        return folder if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file() else None
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, check=True
            ).stdout
            candidates.append(Path(out.strip()))
        except (OSError, subprocess.CalledProcessError):
            pass

    def version(path: Path) -> int:
        try:
            return int(path.parent.name)
        except ValueError:
            return 0

    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version, reverse=True)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


def current_os_user() -> str:
    """The name of this process's real user id (never LOGNAME or USER)."""
    return pwd.getpwuid(os.getuid()).pw_name


def ensure_os_user(name: str) -> bool:
    """Make sure an OS account `name` exists (created without a home when we are root).

    False when it does not exist and cannot be created (not root).
    """
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        pass
    if os.geteuid() != 0 or not shutil.which("useradd"):
        return False
    subprocess.run(
        ["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
        check=True,
        capture_output=True,
    )
    return True


class Cluster:
    """One throwaway cluster. `start()` it, connect with `dsn()`, `stop()` it."""

    def __init__(self, bindir: Path, root: Path | None = None, port: int = 5432) -> None:
        self.bindir = bindir
        self.port = port
        self.as_root = os.geteuid() == 0
        self.server_user = "postgres" if self.as_root else current_os_user()
        self.superuser = self.server_user
        self.root = Path(root or tempfile.mkdtemp(prefix="somekoulutus-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root / "socket"
        self.log = self.root / "server.log"
        self._ident: list[tuple[str, str]] = []
        self.started = False

    # -- lifecycle --------------------------------------------------------------------------

    def start(self) -> Cluster:
        """initdb, write the configuration, start the server and wait until it accepts."""
        if self.as_root:
            try:
                pwd.getpwnam(self.server_user)
            except KeyError as exc:
                raise ClusterError("no 'postgres' OS user to run the server as") from exc
            shutil.chown(self.root, self.server_user)
        # Others must reach the socket (the learner OS user in the attacker tests).
        self.root.chmod(0o755)
        self._run(
            [
                str(self.bindir / "initdb"),
                "-D",
                str(self.data),
                "-U",
                self.superuser,
                "-E",
                "UTF8",
                f"--locale={_utf8_locale()}",
                "--auth-local=peer",
                "--no-sync",
            ]
        )
        self._run(["mkdir", "-m", "0755", "-p", str(self.socket_dir)])
        settings = {
            "listen_addresses": "''",
            "unix_socket_directories": f"'{self.socket_dir}'",
            "unix_socket_permissions": "0777",
            "port": str(self.port),
            "max_connections": "300",
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "log_min_messages": "warning",
        }
        conf = "".join(f"{k} = {v}\n" for k, v in settings.items())
        self._write(self.data / "postgresql.auto.conf", conf)
        self._write(self.data / "pg_hba.conf", f"local all all peer map={IDENT_MAP}\n")
        self._write_ident()
        self._run(
            [
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.log),
                "-w",
                "-t",
                "60",
                "start",
            ]
        )
        self.started = True
        return self

    def stop(self, remove: bool = True) -> None:
        """Stop the server (fast shutdown) and remove its folder."""
        if self.started:
            subprocess.run(
                self._as_server(
                    [str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop"]
                ),
                capture_output=True,
            )
            self.started = False
        if remove:
            shutil.rmtree(self.root, ignore_errors=True)

    # -- connecting -------------------------------------------------------------------------

    def dsn(self, user: str | None = None, dbname: str = "postgres") -> str:
        """A libpq connection string for the socket; `user` None lets libpq choose."""
        parts = [f"host={self.socket_dir}", f"port={self.port}", f"dbname={dbname}"]
        if user:
            parts.append(f"user={user}")
        return " ".join(parts)

    def superuser_dsn(self, dbname: str = "postgres") -> str:
        """Connect as the cluster's superuser (mapped from this process's OS user)."""
        me = current_os_user()
        if me != self.superuser:
            self.allow(me, self.superuser)
        return self.dsn(self.superuser, dbname)

    def allow(self, os_user: str, role: str) -> None:
        """Let OS user `os_user` authenticate (peer) as database role `role`.

        Every OS user may always log in as the role of its own name.
        """
        if not (_SAFE_NAME.fullmatch(os_user) and _SAFE_NAME.fullmatch(role)):
            raise ValueError(f"unsupported name for the ident map: {os_user!r} -> {role!r}")
        if os_user == role or (os_user, role) in self._ident:
            return
        self._ident.append((os_user, role))
        self._write_ident()
        if self.started:
            self._run([str(self.bindir / "pg_ctl"), "-D", str(self.data), "reload"])
            self._wait_for_mapping(os_user, role)

    def _wait_for_mapping(self, os_user: str, role: str) -> None:
        # pg_ctl reload only signals the postmaster; wait until a new backend sees the map.
        import psycopg

        if os_user != current_os_user():
            time.sleep(0.3)
            return
        deadline = time.monotonic() + 10
        while True:
            try:
                psycopg.connect(self.dsn(role), connect_timeout=5).close()
                return
            except psycopg.OperationalError as exc:
                # A role that does not exist yet is fine: authentication itself passed.
                if "does not exist" in str(exc):
                    return
                if time.monotonic() > deadline:
                    raise ClusterError(f"ident map for {role} not picked up: {exc}") from exc
                time.sleep(0.05)

    # -- helpers ----------------------------------------------------------------------------

    def _write_ident(self) -> None:
        lines = [f"{IDENT_MAP} /^(.*)$ \\1\n"]
        lines += [f"{IDENT_MAP} {os_user} {role}\n" for os_user, role in self._ident]
        self._write(self.data / "pg_ident.conf", "".join(lines))

    def _write(self, path: Path, text: str) -> None:
        path.write_text(text, encoding="utf-8")
        if self.as_root:
            shutil.chown(path, self.server_user)

    def _as_server(self, cmd: list[str]) -> list[str]:
        return ["runuser", "-u", self.server_user, "--", *cmd] if self.as_root else cmd

    def _run(self, cmd: list[str]) -> None:
        result = subprocess.run(self._as_server(cmd), capture_output=True, text=True, cwd=self.root)
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise ClusterError(
                f"{' '.join(cmd[:2])} failed ({result.returncode}): "
                f"{result.stderr.strip() or result.stdout.strip()}\n{log}"
            )


def _utf8_locale() -> str:
    """A UTF-8 locale for the cluster (pg_trgm needs one to see 'ä' as a letter)."""
    try:
        names = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.split()
    except OSError:
        names = []
    for name in ("C.UTF-8", "C.utf8", "en_US.UTF-8", "en_US.utf8"):
        if name in names:
            return name
    return "C"
