"""Safe YAML parsed into plain values that remember where every key and value starts.

PyYAML's safe composer builds the node tree; we walk it ourselves so that we can keep
positions, notice duplicate keys (PyYAML silently keeps the last) and refuse anything
beyond plain strings, numbers, booleans, null, lists and mappings.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NamedTuple

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# libyaml composes an order of magnitude faster; the pure-Python loader is the same safe machinery.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG = "tag:yaml.org,2002:"
_SCALARS = yaml.constructor.SafeConstructor()


class Pos(NamedTuple):
    """A place in a file, 1-based. `block` marks a literal scalar (`|`): its lines are the file's."""

    # A tuple, not a dataclass: one is made for every key and value, and tuples are cheap.
    line: int
    column: int
    block: bool = False


class _Invalid:
    """A value whose problem is already reported: later checks skip it silently."""

    def __repr__(self) -> str:
        return "<virheellinen arvo>"


INVALID = _Invalid()

# Frequent parser problems in plain Finnish; anything else keeps PyYAML's own words.
_PROBLEMS = {
    "mapping values are not allowed here": (
        "kaksoispiste väärässä kohdassa (laita arvo lainausmerkkeihin, jos siinä on kaksoispiste)"
    ),
    "could not find expected ':'": "kaksoispiste (:) puuttuu",
    "did not find expected ',' or ']'": "sulkeva ] puuttuu",
    "did not find expected ',' or '}'": "sulkeva } puuttuu",
    "did not find expected key": "sisennys ei täsmää edellisiin riveihin",
    "did not find expected '-' indicator": "sisennys ei täsmää: odotettiin listan kohtaa (-)",
    "found unexpected end of stream": "tiedosto loppuu kesken (jäikö lainausmerkki sulkematta?)",
    "expected a single document in the stream": "tiedostossa saa olla vain yksi YAML-dokumentti",
    "exceeded maximum nesting depth": "YAML-rakenne on liian syvä",
}


class LMap(dict):
    """A YAML mapping: where it starts, and where each of its keys and values starts."""

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self.key_pos: dict[str, Pos] = {}
        self.value_pos: dict[str, Pos] = {}


class LList(list):
    """A YAML sequence: where it starts, and where each item starts."""

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self.item_pos: list[Pos] = []


@dataclass
class Parsed:
    """The result of parsing one file: the root value (None if unusable) and the problems found."""

    value: Any
    problems: list[tuple[Pos, str]]
    lines: list[str]


def _pos(node: Node) -> Pos:
    mark = node.start_mark
    block = isinstance(node, ScalarNode) and node.style == "|"
    return Pos(mark.line + 1, mark.column + 1, block)


def _yaml_error_pos(exc: yaml.YAMLError, text: str) -> Pos:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        return Pos(mark.line + 1, mark.column + 1)
    if isinstance(exc, yaml.reader.ReaderError):
        return _offset_pos(text, exc.position)
    return Pos(1, 1)


def _offset_pos(text: str, offset: int) -> Pos:
    line = text.count("\n", 0, offset) + 1
    return Pos(line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def _yaml_message(exc: yaml.YAMLError) -> str:
    if isinstance(exc, yaml.reader.ReaderError):
        return f"YAML-virhe: kielletty merkki {exc.character!r} ({exc.reason})"
    problem = getattr(exc, "problem", None)
    for known in (problem, getattr(exc, "context", None)):
        if known in _PROBLEMS:
            return f"YAML-virhe: {_PROBLEMS[known]}"
    if problem and "cannot start any token" in problem:
        return (
            "YAML-virhe: arvo ei voi alkaa tällä merkillä (sisennä välilyönneillä, ei "
            "sarkaimilla; laita @- ja `-alkuiset tekstit lainausmerkkeihin)"
        )
    parts = [getattr(exc, "context", None), problem]
    detail = ", ".join(p for p in parts if p) or str(exc)
    return f"YAML-virhe: {detail}"


@contextmanager
def without_gc() -> Iterator[None]:
    """Pause the cycle collector while a content tree is built."""
    # A big file makes hundreds of thousands of acyclic containers; the cycle collector
    # would rescan them again and again (measured: 3x the whole parse at 20,000 questions).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_text(text: str) -> Parsed:
    """Parse YAML text into located plain values; never raises for bad input."""
    with without_gc():
        return _parse_text(text)


def _parse_text(text: str) -> Parsed:
    lines = text.splitlines()
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as exc:
        return Parsed(None, [(_yaml_error_pos(exc, text), _yaml_message(exc))], lines)
    except RecursionError:
        return Parsed(None, [(Pos(1, 1), "YAML-rakenne on liian syvä")], lines)
    finally:
        loader.dispose()
    if root is None:
        return Parsed(None, [(Pos(1, 1), "tiedosto on tyhjä")], lines)
    walker = _Walker(lines)
    try:
        value = walker.build(root)
    except RecursionError:
        return Parsed(None, [(Pos(1, 1), "YAML-rakenne on liian syvä")], lines)
    if walker.reused:
        walker.problems += _alias_problems(text)
    if value is None:
        walker.problems.append((Pos(1, 1), "tiedosto on tyhjä"))
    return Parsed(value, walker.problems, lines)


def _alias_problems(text: str) -> list[tuple[Pos, str]]:
    # The composed tree only shows that a node is shared; the events say where each alias is.
    return [
        (Pos(e.start_mark.line + 1, e.start_mark.column + 1), _ALIAS_MESSAGE)
        for e in yaml.parse(text, Loader=_Loader)
        if isinstance(e, yaml.AliasEvent)
    ]


_ALIAS_MESSAGE = "viittauksia (*nimi) ei sallita: kirjoita arvo auki jokaiseen kohtaan"


def parse_bytes(data: bytes) -> Parsed:
    """Decode UTF-8 (a BOM is allowed) and parse; an encoding error is a problem, not a crash."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8-sig", errors="replace")
        pos = _offset_pos(good, len(good))
        return Parsed(None, [(pos, "tiedosto ei ole UTF-8-merkistöä")], good.splitlines())
    return parse_text(text)


class _Walker:
    """Turns composed nodes into LMap/LList/scalars, collecting problems on the way."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        self.problems: list[tuple[Pos, str]] = []
        # Aliases make the composer reuse a node; visiting each node once keeps the
        # walk linear (no "billion laughs") and cannot recurse forever.
        self._seen: set[int] = set()
        self.reused = False

    def build(self, node: Node) -> Any:
        """The node as LMap/LList/scalars with positions; INVALID for a reused (aliased) node."""
        if id(node) in self._seen:
            self.reused = True
            return INVALID
        self._seen.add(id(node))
        if isinstance(node, MappingNode):
            return self._mapping(node)
        if isinstance(node, SequenceNode):
            return self._sequence(node)
        return self._scalar(node)

    def _bad_tag(self, node: Node) -> _Invalid:
        tag = node.tag.replace(_TAG, "!!", 1) if node.tag.startswith(_TAG) else node.tag
        self.problems.append((_pos(node), f"tunniste {tag!r} ei ole sallittu"))
        return INVALID

    def _mapping(self, node: MappingNode) -> LMap | _Invalid:
        if node.tag != _TAG + "map":
            return self._bad_tag(node)
        result = LMap(_pos(node))
        for key_node, value_node in node.value:
            key_pos = _pos(key_node)
            if not isinstance(key_node, ScalarNode):
                self.problems.append((key_pos, "kentän nimen pitää olla tekstiä"))
                self._seen.add(id(key_node))
                continue
            # Keys are names: take them as written (`yes:` is the name "yes", not True).
            key = key_node.value
            value = self.build(value_node)
            if key in result:
                first = result.key_pos[key]
                self.problems.append(
                    (key_pos, f"kenttä {key!r} toistuu (ensimmäinen rivillä {first.line})")
                )
                continue
            result[key] = value
            result.key_pos[key] = key_pos
            result.value_pos[key] = _pos(value_node)
        return result

    def _sequence(self, node: SequenceNode) -> LList | _Invalid:
        if node.tag != _TAG + "seq":
            return self._bad_tag(node)
        result = LList(_pos(node))
        for item in node.value:
            result.append(self.build(item))
            result.item_pos.append(_pos(item))
        return result

    def _scalar(self, node: ScalarNode) -> Any:
        end = node.end_mark
        if (
            not node.style  # plain (unquoted, not a block)
            and end.line < len(self._lines)
            and _HASHTAG_AFTER.match(self._lines[end.line], end.column)
        ):
            # `teksti #ylöjärvi` without quotes: YAML drops everything from " #" on as a
            # comment, silently. A real comment has a space after the hash.
            self.problems.append(
                (
                    Pos(end.line + 1, end.column + 2),
                    "teksti katkeaa tähän: YAML lukee kohdan ' #…' kommentiksi. Jos #-merkki "
                    "kuuluu tekstiin (esimerkiksi aihetunniste), lainaa koko arvo lainausmerkeillä",
                )
            )
        tag = node.tag
        try:
            if tag == _TAG + "str":
                return node.value
            if tag == _TAG + "int":
                return _SCALARS.construct_yaml_int(node)
            if tag == _TAG + "float":
                return _SCALARS.construct_yaml_float(node)
            if tag == _TAG + "bool":
                return _SCALARS.construct_yaml_bool(node)
            if tag == _TAG + "null":
                return None
        except (ValueError, KeyError, TypeError, IndexError):
            short = tag.replace(_TAG, "!!", 1)
            self.problems.append((_pos(node), f"arvo {node.value!r} ei sovi tyypille {short!r}"))
            return INVALID
        if tag in (_TAG + "timestamp", _TAG + "merge", _TAG + "value"):
            # An unquoted date or `<<` in a text field: keep what the author wrote.
            return node.value
        return self._bad_tag(node)


_HASHTAG_AFTER = re.compile(r"[ \t]+#[^\s#]")


def plain(value: Any) -> Any:
    """A located value as ordinary dicts and lists (for Jinja2 contexts and JSON)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
