"""Admin tests: a small content set of our own, people, certificates and a CLI runner.

The content is written here (organisation and guideline copied from the bundled ones) so that
the tests do not depend on the bundled courses, which change as they are written.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from somekoulutus import admins, certs, settings
from somekoulutus.cli import main
from somekoulutus.cli.context import AppContext
from somekoulutus.content import load_content
from somekoulutus.content.models import Content
from somekoulutus.store import people
from somekoulutus.store.sqlite_store import SqliteStore

ADMIN = "viestinta"
COURSE = """\
id: perus
version: 1
title: Perusteet
audience: kaikki
description: Lyhyt testikurssi.
estimated_minutes: 5
lessons:
  - id: l1
    title: Ensimmäinen oppitunti
    source: [miksi-some]
    body: |
      {{ organisation.name }} on somessa.
    key_points:
      - Some on tärkeää.
quiz:
  pass_mark: 0.5
  draw: 2
  shuffle_choices: false
  scenarios: []
  questions:
    - id: q1
      topic: Perusteet
      type: single
      prompt: Kuka julkaisee kaupungin tilillä?
      choices:
        - text: Sisällöntuottaja, jolla on todistus
          correct: true
          feedback: Oikein.
        - text: Kuka tahansa
          correct: false
          feedback: Väärin.
      explanation: Vain koulutetut julkaisevat.
      source: [miksi-some]
    - id: q2
      topic: Perusteet
      type: true_false
      prompt: Tilillä pitää olla kaksi pääkäyttäjää.
      choices:
        - text: Totta
          correct: true
          feedback: Oikein.
        - text: Tarua
          correct: false
          feedback: Väärin.
      explanation: Ohjeen mukaan vähintään kaksi.
      source: [miksi-some]
"""
DEFINITION = """\
id: {id}
title: {title}
requires: [perus]
validity_months: 24
grants: {grants}
wording: |
  {{{{ person.name }}}} on suorittanut koulutuksen.
"""
DEFINITIONS = {
    "sisallontuottaja": ("Sisällöntuottajan todistus", "[sisallontuottaja]"),
    "paakayttaja": ("Pääkäyttäjän todistus", "[sisallontuottaja, paakayttaja]"),
    "luottamushenkilo": ("Luottamushenkilön todistus", "[]"),
}
NOW = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
#: For certificates that must be valid when the CLI runs at the real time.
RECENT = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)


@pytest.fixture(scope="session")
def content_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with courses/ and certificates/ of the small test content."""
    root = tmp_path_factory.mktemp("content")
    courses, certificates = root / "courses", root / "certificates"
    courses.mkdir()
    certificates.mkdir()
    bundled_courses, _ = settings.content_dirs(None)
    for name in ("organisation.yaml", "guideline.yaml"):
        shutil.copy(bundled_courses / name, courses / name)
    (courses / "perus.yaml").write_text(COURSE, "utf-8")
    for def_id, (title, grants) in DEFINITIONS.items():
        (certificates / f"{def_id}.yaml").write_text(
            DEFINITION.format(id=def_id, title=title, grants=grants), "utf-8"
        )
    return root


@pytest.fixture(scope="session")
def content(content_root: Path) -> Content:
    """The small test content, loaded through the real loader."""
    return load_content(content_root / "courses", content_root / "certificates")


@pytest.fixture
def admin_dir(data_dir: Path, conn: SqliteStore) -> Path:
    """A data dir whose first admin is ADMIN."""
    admins.add_admin(conn, ADMIN, ADMIN)
    return data_dir


def add_person(
    conn: SqliteStore, login: str, name: str | None = None, unit: str = "Kirjasto"
) -> None:
    """Save a person's profile."""
    conn.save_person(
        people.Person(
            login, name or login.capitalize(), f"{login}@ylojarvi.fi", unit, "tyontekija"
        ),
    )


def issue(
    conn: SqliteStore,
    content: Content,
    data_dir: Path,
    login: str,
    definition: str = "sisallontuottaja",
    now: datetime = NOW,
) -> certs.CertificateRecord:
    """Issue a certificate through the certificates API (as training given in person)."""
    if conn.person(login) is None:
        add_person(conn, login)
    return certs.issue_manual(
        conn, content, data_dir, login, definition, actor=ADMIN, reason="lähikoulutus", now=now
    )


@dataclass
class Cli:
    """Runs `somekoulutus` in-process as a given login against one data dir and content."""

    data_dir: Path
    content_root: Path

    def __call__(self, *args: str, login: str = ADMIN) -> Result:
        return CliRunner().invoke(
            main,
            ["--data-dir", str(self.data_dir), "--courses", str(self.content_root), *args],
            obj=AppContext(login=login),
        )


@pytest.fixture
def cli(data_dir: Path, content_root: Path) -> Cli:
    """The CLI runner for the test data dir."""
    return Cli(data_dir, content_root)


@pytest.fixture
def clock() -> Callable[[], datetime]:
    """A fixed clock for the TUI."""
    return lambda: NOW + timedelta(days=1)
