"""content.render: plain text skips Jinja2 but renders exactly as Jinja2 would."""

from __future__ import annotations

import pytest
from jinja2 import UndefinedError

from somekoulutus.content.render import environment, render

TEXTS = [
    "Pelkkää tekstiä.\n",
    "Aaltosulkeet { yksin } ja }} eivät ole mallia.\n\n",
    "Rivinvaihdot\r\nWindowsista\r\n",
    "{{ organisation.name }} ja {% if true %}kyllä{% endif %}{# kommentti #}\n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_render_matches_jinja(text: str) -> None:
    context = {"organisation": {"name": "Ylöjärvi"}}
    assert render(text, context) == environment().from_string(text).render(**context)


def test_same_template_stays_strict_on_every_render() -> None:
    template = "Hei {{ person.name }}"
    assert render(template, {"person": {"name": "Maija"}}) == "Hei Maija"
    with pytest.raises(UndefinedError):
        render(template, {})
