"""Control and reordering characters made visible; printable text passes untouched."""

from __future__ import annotations

import json
import re
import sys

from somekoulutus.safetext import (
    JSON_UNSAFE,
    UNSAFE,
    UNSAFE_KEEP_LINES,
    is_clean,
    json_text,
    visible,
)


def test_every_character_made_visible_is_non_printable() -> None:
    # `visible` returns printable text as it is without a pattern: that is exact only if no
    # printable character is one it would change. Every code point, all three classes.
    patterns = [re.compile(p) for p in (UNSAFE, UNSAFE_KEEP_LINES, JSON_UNSAFE)]
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char.isprintable():
            assert not any(p.match(char) for p in patterns), hex(code)


def test_controls_bidi_and_surrogates_are_shown_as_escapes() -> None:
    assert visible("a\x1b[31mb") == "a\\x1b[31mb"
    assert visible("x\u202ey\u200bz") == "x\\u202ey\\u200bz"
    assert visible("\x9b2J") == "\\x9b2J"
    assert visible("rikki\ud800") == "rikki\ufffd"
    assert visible("yksi\nkaksi\tkolme") == "yksi\\x0akaksi\\x09kolme"
    assert visible("yksi\nkaksi\x07", keep_newlines=True) == "yksi\nkaksi\\x07"
    assert visible("Hei, Åsa Ödegård!") == "Hei, Åsa Ödegård!"
    assert visible(None) == "" and visible(12) == "12"


def test_is_clean_and_json_text() -> None:
    assert is_clean("Viestintä ja markkinointi")
    assert not is_clean("a\x1bb") and not is_clean("a\nb")
    assert is_clean("a\nb", keep_newlines=True)
    out = json_text({"nimi": "Åsa\u202e\x85", "rivi": "a\nb"}, indent=None)
    assert "\u202e" not in out and "\x85" not in out
    assert json.loads(out) == {"nimi": "Åsa\u202e\x85", "rivi": "a\nb"}
    assert json_text({"nimi": "Åsa"}, indent=None) == '{"nimi": "Åsa"}'
