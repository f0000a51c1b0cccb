"""The login and e-mail rules: one definition each, used by the profile form, the admin list
and manual issuing alike."""

from __future__ import annotations

import pytest

from somekoulutus import profile, settings


@pytest.mark.parametrize("login", ["maija", "m.virtanen", "ÄÖ-å_1", "x" * 64])
def test_a_login_may_be_any_printable_text_without_spaces(login: str) -> None:
    assert settings.valid_login(login)


@pytest.mark.parametrize(
    "login",
    [
        "",
        "x" * 65,
        "matti meikäläinen",
        "tab\there",
        "uusi\n",  # a trailing newline: `$` alone would let it through
        "esc\x1b[31m",
        "del\x7f",
        "c1\x85",  # NEL, a C1 control character
        "csi\x9b",
    ],
)
def test_whitespace_and_control_characters_are_not_a_login(login: str) -> None:
    assert not settings.valid_login(login)


def test_an_email_address_is_checked_whole() -> None:
    assert profile.valid_email("etunimi.sukunimi@ylojarvi.fi")
    for address in ("ei-osoite", "a@b", "a b@c.fi", "a@b.fi\n", "a\x85@b.fi", "a@@b.fi"):
        assert not profile.valid_email(address), address
