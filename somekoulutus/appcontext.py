"""What one run of the program needs: data dir, content folders, the acting login.

Shared by the command line and the TUI, so that neither imports the other's layer.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from somekoulutus import settings


@dataclass
class AppContext:
    """Resolved settings for one invocation. Tests may pre-fill `login` through `obj=`."""

    login: str | None = None
    data_dir: Path | None = None
    courses_dir: Path | None = None
    certificates_dir: Path | None = None
    #: What --data-dir said (None: SOMEKOULUTUS_HOME or the default); resolved by data().
    data_dir_option: str | None = field(default=None, repr=False)
    _conn: sqlite3.Connection | None = field(default=None, repr=False)

    def configure(self, data_dir: str | None, courses: str | None) -> None:
        """Fill in what the options, environment and defaults say."""
        self.login = self.login or settings.current_login()
        self.data_dir_option = data_dir
        self.courses_dir, self.certificates_dir = settings.content_dirs(courses)

    def choose_data_dir(self, option: str) -> None:
        """`--data-dir` given after a subcommand's name: used unless the data dir is in use."""
        if self.data_dir is not None:
            raise RuntimeError("--data-dir came after the data dir was first used")
        self.data_dir_option = option

    @property
    def actor(self) -> str:
        """The acting login (`configure` sets it: the OS login, or what a test passed in)."""
        return self.login or settings.current_login()

    def data(self) -> Path:
        """The data dir, created on first use (so `validate` never creates one)."""
        if self.data_dir is None:
            self.data_dir = settings.data_dir(self.data_dir_option)
        return self.data_dir

    def db(self) -> sqlite3.Connection:
        """The database connection, opened (and migrated) on first use."""
        if self._conn is None:
            from somekoulutus.store import connect

            self._conn = connect(settings.db_path(self.data()))
        return self._conn
