"""One term for one thing, and section numbers that never break across lines (issue 14)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .conftest import strings

#: A number and "§" joined by anything but a no-break space (U+00A0) can be wrapped apart.
BREAKABLE_SECTION = re.compile(r"\d[^\S\u00a0]+§")

#: The city's communications unit is always "viestintäyksikkö"; these forms of the bare
#: "viestintä" mean the unit (report to it, tell it), never the activity.
UNIT_AS_VIESTINTA = re.compile(r"\b(viestintään|viestinnälle|viestinnän tietoon)\b", re.I)

#: "ylläpitäjä" is the admin of a service, site or group that a message is reported to.
#: The city's own people who run an account are its "pääkäyttäjät", "sisällöntuottajat" or
#: "tilin hoitajat"; who runs a channel is given as "Tilistä vastaa".
ADMIN = re.compile(r"(\w+)(\s+)ylläpitäj\w*|^ylläpitäj\w*", re.I | re.M)
REPORTED_TO = {
    "palvelun",
    "ryhmän",
    "somekanavan",
    "somepalvelun",
    "kanavan",
    "sivuston",
    "julkaisu",
}


def findings(content_files: dict[Path, Any], pattern: re.Pattern[str]) -> list[str]:
    return [
        f"{path.name}: {m.group(0)!r}"
        for path, data in content_files.items()
        for text in strings(data)
        for m in pattern.finditer(text)
    ]


def test_the_patterns_catch_what_they_should() -> None:
    assert BREAKABLE_SECTION.search("kuntalain 69 §:n mukaan")
    assert BREAKABLE_SECTION.search("kuntalain 69\n§")
    assert not BREAKABLE_SECTION.search("kuntalain 69\u00a0§:n mukaan")
    assert UNIT_AS_VIESTINTA.search("Ilmoita päätöksestä kaupungin viestintään.")
    assert not UNIT_AS_VIESTINTA.search("Ilmoita päätöksestä kaupungin viestintäyksikköön.")


def test_section_numbers_do_not_break(content_files: dict[Path, Any]) -> None:
    assert findings(content_files, BREAKABLE_SECTION) == []


def test_the_unit_is_always_viestintayksikko(content_files: dict[Path, Any]) -> None:
    assert findings(content_files, UNIT_AS_VIESTINTA) == []


def test_yllapitaja_means_the_admin_of_a_service_only(content_files: dict[Path, Any]) -> None:
    used = [
        (path.name, m.group(1) or "")
        for path, data in content_files.items()
        for text in strings(data)
        for m in ADMIN.finditer(text)
    ]
    assert used, "the pattern no longer finds the reporting advice"
    assert [(name, word) for name, word in used if word.lower() not in REPORTED_TO] == []
