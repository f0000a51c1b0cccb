"""Every text a person reads from the CLI is Finnish, click's own texts included."""

from __future__ import annotations

import gettext

import pytest
from click.testing import CliRunner

from somekoulutus.cli import finnish, main

# Click's English that must not reach people.
ENGLISH = [
    "Usage:",
    "Options:",
    "Commands:",
    "Show this message and exit.",
    "Error:",
    "Try '",
    "for help",
    "Missing argument",
    "No such command",
    "No such option",
    "is not one of",
    "Invalid value",
    "[OPTIONS]",
    "COMMAND",
    "does not exist",
]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def english_in(text: str) -> list[str]:
    return [word for word in ENGLISH if word in text]


def test_shipped_catalog_is_the_one_written_from_the_source():
    # Run `python -m somekoulutus.cli.finnish` after changing CATALOG.
    assert finnish.mo_path().read_bytes() == finnish.mo_bytes()


def test_catalog_answers_clicks_texts_in_finnish():
    assert gettext.gettext("Show this message and exit.") == "Näytä tämä ohje ja lopeta."
    assert gettext.ngettext("Did you mean {possibility}?", "x", 1) == "Tarkoititko {possibility}?"


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["certs", "--help"],
        ["certs", "list", "--help"],
        ["rights", "grant", "--help"],
        ["audit-log", "--help"],
        ["validate", "--help"],
    ],
    ids=" ".join,
)
def test_help_is_finnish(args):
    result = run(*args)
    assert result.exit_code == 0
    assert result.output.startswith("Käyttö: ")
    assert "Valinnat:" in result.output and "Näytä tämä ohje ja lopeta." in result.output
    assert english_in(result.output) == []


@pytest.mark.parametrize(
    "args, finnish_words",
    [
        (["olematon"], "Komentoa 'olematon' ei ole."),
        (["certs", "lst"], "Tarkoititko 'list'?"),
        (["certs", "revoke"], "Puuttuva argumentti 'ID'."),
        (["certs", "list", "--status", "x"], "ei kelpaa: vaihtoehdot ovat"),
        (["audit-log", "--olematon"], "Valintaa '--olematon' ei ole."),
        (["validate", "/ei/ole/olemassa"], "ei ole olemassa"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_usage_errors_are_finnish(args, finnish_words):
    result = run(*args)
    assert result.exit_code == 2
    assert "Virhe: " in result.output and finnish_words in result.output
    assert "Käyttö: " in result.output
    assert english_in(result.output) == []
