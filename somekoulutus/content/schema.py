"""The content schema (a contract: see docs/authoring.md) and the structural checks against it."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from somekoulutus.content.errors import Issue
from somekoulutus.content.yamlnodes import INVALID, LList, LMap, Pos

# Value kinds a field may have.
TEXT = "text"
INT = "int"
NUMBER = "number"
BOOL = "bool"
LIST = "list"
MAP = "map"
TEXT_LIST = "text_list"


@dataclass(frozen=True)
class Field:
    """The expected kind of a field's value and whether the field is required."""

    kind: str
    required: bool = True


def _f(kind: str) -> Field:
    return Field(kind)


def _opt(kind: str) -> Field:
    return Field(kind, required=False)


ORGANISATION = {
    "name": _f(TEXT),
    "website": _f(TEXT),
    "intranet": _f(TEXT),
    "email_domain": _opt(TEXT),
    "social_media_page": _opt(TEXT),
    "verification_url": _opt(TEXT),
    "channels": _f(LIST),
    "hashtags": _f(LIST),
    "contacts": _f(LIST),
}
CHANNEL = {
    "id": _f(TEXT),
    "platform": _f(TEXT),
    "url": _f(TEXT),
    "purpose": _f(TEXT),
    "audience": _f(TEXT),
    "hashtags": _f(TEXT_LIST),
    "managed_by": _f(TEXT),
}
HASHTAG = {"tag": _f(TEXT), "kind": _f(TEXT), "use": _f(TEXT)}
CONTACT = {"name": _f(TEXT), "title": _f(TEXT), "phone": _f(TEXT), "email": _f(TEXT)}
GUIDELINE = {"sections": _f(LIST)}
SECTION = {"id": _f(TEXT), "title": _f(TEXT), "parent": _opt(TEXT)}
COURSE = {
    "id": _f(TEXT),
    "version": _f(INT),
    "title": _f(TEXT),
    "audience": _f(TEXT),
    "description": _f(TEXT),
    "estimated_minutes": _f(INT),
    "lessons": _f(LIST),
    "quiz": _f(MAP),
}
LESSON = {
    "id": _f(TEXT),
    "title": _f(TEXT),
    "source": _f(TEXT_LIST),
    "body": _f(TEXT),
    "key_points": _f(TEXT_LIST),
}
QUIZ = {
    "pass_mark": _f(NUMBER),
    "draw": _f(INT),
    "shuffle_choices": _f(BOOL),
    "questions": _f(LIST),
    "scenarios": _opt(LIST),
    "blueprint": _opt(LIST),
}
BLUEPRINT_TOPIC = {
    "topic": _f(TEXT),
    "min": _f(INT),
    "max": _opt(INT),
    "pass_share": _opt(NUMBER),
}
ATTEMPT_POLICY = {"attempts": _f(INT), "wait_hours": _f(NUMBER)}
QUESTION = {
    "id": _f(TEXT),
    "topic": _f(TEXT),
    "type": _f(TEXT),
    "scenario": _opt(TEXT),
    "prompt": _f(TEXT),
    "choices": _f(LIST),
    "explanation": _f(TEXT),
    "source": _f(TEXT_LIST),
}
CHOICE = {"text": _f(TEXT), "correct": _f(BOOL), "feedback": _f(TEXT)}
SCENARIO_GROUP = {"id": _f(TEXT), "title": _f(TEXT), "story": _f(TEXT), "questions": _f(LIST)}
CERTIFICATE = {
    "id": _f(TEXT),
    "title": _f(TEXT),
    "requires": _f(TEXT_LIST),
    "validity_months": _f(INT),
    "grants": _f(TEXT_LIST),
    "wording": _f(TEXT),
    "attempt_policy": _opt(MAP),
}

_KIND_NAMES = {
    TEXT: "tekstiä",
    INT: "kokonaisluku",
    NUMBER: "luku",
    BOOL: "totuusarvo (true tai false)",
    LIST: "lista",
    MAP: "rakenne, jossa on kenttiä",
    TEXT_LIST: "lista tekstejä",
}


def describe(value: Any) -> str:
    """The kind of a parsed value in Finnish, for messages."""
    if value is None:
        return "tyhjä"
    if isinstance(value, bool):
        return "totuusarvo"
    if isinstance(value, int):
        return "kokonaisluku"
    if isinstance(value, float):
        return "desimaaliluku"
    if isinstance(value, str):
        return "tekstiä" if value.strip() else "tyhjä teksti"
    if isinstance(value, list):
        return "lista"
    return "rakenne"


def _is_kind(value: Any, kind: str) -> bool:
    # bool is a subclass of int in Python but never a number in the content.
    if kind == TEXT:
        return isinstance(value, str)
    if kind == INT:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == NUMBER:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == BOOL:
        return isinstance(value, bool)
    if kind == MAP:
        return isinstance(value, LMap)
    return isinstance(value, LList)


def suggest(word: str, choices: Any) -> str:
    """` (tarkoititko 'x'?)` for the closest of choices, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (tarkoititko {close[0]!r}?)" if close else ""


class FileChecker:
    """Collects the issues of one file; structural checks of mappings against a schema."""

    def __init__(self, file: str, issues: list[Issue]) -> None:
        self.file = file
        self.issues = issues
        self.count = 0

    def error(self, pos: Pos, message: str) -> None:
        """Record an issue at a position of this file."""
        self.issues.append(Issue(self.file, pos.line, pos.column, message))
        self.count += 1

    def mapping(self, value: Any, pos: Pos, what: str) -> LMap | None:
        """The value if it is a mapping, else an issue and None."""
        if isinstance(value, LMap):
            return value
        if value is not INVALID:
            self.error(pos, f"{what} pitää olla rakenne, jossa on kenttiä (nyt: {describe(value)})")
        return None

    def items(self, value: LList | None, what: str) -> list[tuple[LMap, Pos]]:
        """The mapping items of a list (None: absent) with their positions; others are issues."""
        out: list[tuple[LMap, Pos]] = []
        if value is None:
            return out
        for item, pos in zip(value, value.item_pos, strict=True):
            mapping = self.mapping(item, pos, what)
            if mapping is not None:
                out.append((mapping, pos))
        return out

    def fields(self, mapping: LMap, schema: dict[str, Field]) -> dict[str, Any]:
        """Check keys and value kinds; return only the fields that are present and well typed."""
        for key in mapping:
            if key not in schema:
                self.error(mapping.key_pos[key], f"tuntematon kenttä {key!r}{suggest(key, schema)}")
        good: dict[str, Any] = {}
        for name, spec in schema.items():
            if name not in mapping:
                if spec.required:
                    self.error(mapping.pos, f"pakollinen kenttä {name!r} puuttuu")
                continue
            value = mapping[name]
            pos = mapping.value_pos[name]
            if value is INVALID:
                continue
            if not _is_kind(value, spec.kind):
                self.error(
                    pos,
                    f"kentän {name!r} arvon pitää olla {_KIND_NAMES[spec.kind]} "
                    f"(nyt: {describe(value)})",
                )
                continue
            if spec.kind == TEXT and not value.strip():
                self.error(pos, f"kenttä {name!r} on tyhjä")
                continue
            if spec.kind == TEXT_LIST and not self._texts(name, value):
                continue
            good[name] = value
        return good

    def _texts(self, name: str, value: LList) -> bool:
        ok = True
        for item, pos in zip(value, value.item_pos, strict=True):
            if item is INVALID:
                ok = False
            elif not isinstance(item, str) or not item.strip():
                self.error(
                    pos, f"kentän {name!r} kohdan pitää olla tekstiä (nyt: {describe(item)})"
                )
                ok = False
        return ok
