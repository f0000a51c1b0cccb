"""Trial rendering of content templates, with the template's own line number on failure."""

from __future__ import annotations

import re
from typing import Any

from jinja2 import TemplateSyntaxError

from somekoulutus.content.render import render


def sample_wording_context(organisation: dict[str, Any]) -> dict[str, Any]:
    """The context a certificate's `wording` gets, filled with sample values for checking."""
    domain = organisation.get("email_domain") or "example.fi"
    return {
        "organisation": organisation,
        "person": {
            "name": "Maija Meikäläinen",
            "email": f"maija.meikalainen@{domain}",
            "unit": "Viestintä",
            "login": "mmeikala",
        },
        "certificate": {
            "id": "ABCD-EFGH-J",
            "title": "Esimerkkitodistus",
            "issued_date": "15.1.2025",
            "valid_until": "15.1.2027",
        },
        "courses": [{"id": "esimerkki", "title": "Esimerkkikurssi", "version": 1}],
    }


def template_error(template: str, context: dict[str, Any]) -> tuple[int, str] | None:
    """Render once; None when it works, else (line inside the template, Finnish message)."""
    try:
        render(template, context)
    except TemplateSyntaxError as exc:
        return exc.lineno or 1, f"Jinja2-mallin syntaksivirhe: {exc.message}"
    except Exception as exc:  # noqa: BLE001 — any failure of an author's template is a finding
        return _template_line(exc), f"Jinja2-malli ei toimi: {_finnish(str(exc))}"
    return None


_UNDEFINED = re.compile(r"^'(?P<name>[^']+)' is undefined$")
_NO_ATTRIBUTE = re.compile(r"has no attribute '(?P<name>[^']+)'$")
_UNSAFE = re.compile(
    r"^access to attribute '(?P<name>[^']+)' of '(?P<type>[^']+)' object is unsafe"
)


def _finnish(message: str) -> str:
    # The two failures authors meet most, in Finnish; anything else as Jinja2 says it.
    if m := _UNDEFINED.match(message):
        return f"tuntematon nimi {m['name']!r}"
    if m := _NO_ATTRIBUTE.search(message):
        return f"tuntematon kenttä {m['name']!r}"
    if m := _UNSAFE.match(message):
        return (
            f"mallissa ei voi käyttää ominaisuutta {m['name']!r} ({m['type']}): malli ei saa "
            "muuttaa tietoja eikä käyttää ohjelman sisäisiä osia"
        )
    return message


def _template_line(exc: BaseException) -> int:
    # Jinja rewrites tracebacks so that frames of the template carry the template's line.
    line = 1
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
