"""What one run of the program needs: data dir, content folders, the acting login.

Shared by the command line and the TUI, so that neither imports the other's layer.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from somekoulutus import settings

if TYPE_CHECKING:
    from somekoulutus.store.base import Store


class AppContext:
    """Resolved settings for one invocation. Tests may pre-fill `login` through `obj=`."""

    # A plain class, not a dataclass: it is made at every start, before the first screen,
    # and Python 3.11 takes ~0.5 ms to make a dataclass.
    def __init__(self, login: str | None = None) -> None:
        self.login = login
        self.data_dir: Path | None = None
        self.courses_dir: Path | None = None
        self.certificates_dir: Path | None = None
        #: What --data-dir said (None: SOMEKOULUTUS_HOME or the default); resolved by data().
        self.data_dir_option: str | None = None
        #: What --database said (None: SOMEKOULUTUS_DATABASE, config.yaml or the embedded
        #: store).
        self.database_option: str | None = None
        self._store: Store | None = None

    def configure(
        self, data_dir: str | None, courses: str | None, database: str | None = None
    ) -> None:
        """Fill in what the options, environment and defaults say."""
        self.login = self.login or settings.current_login()
        self.data_dir_option = data_dir
        self.database_option = database
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

    def has_registry(self) -> bool:
        """True when there is a registry to ask without creating one (verify needs no store)."""
        if self._store is not None:
            return True
        data = self.data()
        return bool(settings.database_dsn(self.database_option, data)) or (
            settings.db_path(data).exists()
        )

    def store(self) -> Store:
        """The registry, opened on first use: the organisation's PostgreSQL registry when a
        connection string is set, else the embedded store in the data dir."""
        if self._store is None:
            from somekoulutus.store import open_store

            data = self.data()
            dsn = settings.database_dsn(self.database_option, data)
            self._store = open_store(data, dsn)
            if dsn:
                # The registry authenticated who this is; a pre-filled login cannot say otherwise.
                self.login = self._store.identity()
        return self._store
