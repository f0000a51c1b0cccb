"""Safe YAML parsed into plain values that remember where every key and value starts.

We build the values from PyYAML's safe parser events ourselves (no node tree) so that we
can keep positions, notice duplicate keys (PyYAML silently keeps the last) and refuse
anything beyond plain strings, numbers, booleans, null, lists and mappings.
"""

from __future__ import annotations

import gc
import re
import sys
from array import array
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

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


# Positions are kept packed into integers and made into `Pos` only when asked for: a file
# of 20,000 quiz questions has about a million of them, and a tuple of three each took a
# third of the memory a validation needed.
_COL_BITS = 24
_COL_MAX = (1 << _COL_BITS) - 1
_LINE_BITS = 39
_LINE_MAX = (1 << _LINE_BITS) - 1
_ONE_BITS = 1 + _COL_BITS + _LINE_BITS


def _pack(line: int, column: int, block: bool = False) -> int:
    """(line, column, block) as one integer below 2**65."""
    return (min(line, _LINE_MAX) << _COL_BITS | min(column, _COL_MAX)) << 1 | block


def _unpack(packed: int) -> Pos:
    block = bool(packed & 1)
    packed >>= 1
    return Pos(packed >> _COL_BITS, packed & _COL_MAX, block)


class _PosView:
    """`key_pos` / `value_pos` of an LMap: `view[key]` is that key's or value's Pos."""

    __slots__ = ("_at", "_value")

    def __init__(self, at: dict[str, int], value: bool) -> None:
        self._at, self._value = at, value

    def __getitem__(self, key: str) -> Pos:
        packed = self._at[key]
        return _unpack(packed & ((1 << _ONE_BITS) - 1) if self._value else packed >> _ONE_BITS)

    def get(self, key: str, default: Pos | None = None) -> Pos | None:
        return self[key] if key in self._at else default

    def __contains__(self, key: object) -> bool:
        return key in self._at

    def __len__(self) -> int:
        return len(self._at)


class LMap(dict[str, Any]):
    """A YAML mapping: where it starts, and where each of its keys and values starts."""

    __slots__ = ("pos", "_at")

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self._at: dict[str, int] = {}

    def locate(self, key: str, key_pos: int, value_pos: int) -> None:
        """Record where `key` and its value start (packed with `_pack`)."""
        self._at[key] = key_pos << _ONE_BITS | value_pos

    @property
    def key_pos(self) -> _PosView:
        return _PosView(self._at, value=False)

    @property
    def value_pos(self) -> _PosView:
        return _PosView(self._at, value=True)


class LList(list[Any]):
    """A YAML sequence: where it starts, and where each item starts."""

    __slots__ = ("pos", "_at")

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self._at = array("Q")

    @property
    def item_pos(self) -> list[Pos]:
        return [_unpack(packed) for packed in self._at]


class _Lines(Sequence[str]):
    """A file's lines, split only when some report needs them (not for every parse)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: list[str] | None = None

    def _all(self) -> list[str]:
        if self._lines is None:
            self._lines = self._text.splitlines()
        return self._lines

    def __len__(self) -> int:
        return len(self._all())

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        return self._all()[index]


@dataclass
class Parsed:
    """The result of parsing one file: the root value (None if unusable) and the problems found."""

    value: Any
    problems: list[tuple[Pos, str]]
    lines: Sequence[str]


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
    lines = _Lines(text)
    loader = _Loader(text)
    builder = _Builder(loader, text)
    try:
        value = builder.document()
    except yaml.YAMLError as exc:
        return Parsed(None, [(_yaml_error_pos(exc, text), _yaml_message(exc))], lines)
    except RecursionError:
        return Parsed(None, [(Pos(1, 1), "YAML-rakenne on liian syvä")], lines)
    finally:
        loader.dispose()
    if value is None:
        builder.problems.append((Pos(1, 1), "tiedosto on tyhjä"))
    return Parsed(value, builder.problems, lines)


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


class _Mark(Protocol):
    """Where an event is: PyYAML's Python and C parsers give different classes alike."""

    index: int
    line: int
    column: int


def _marked(mark: _Mark | None) -> _Mark:
    if mark is None:
        raise ValueError("a parser event without a position")
    return mark


def _event_pos(event: yaml.Event, block: bool = False) -> Pos:
    mark = _marked(event.start_mark)
    return Pos(mark.line + 1, mark.column + 1, block)


def _event_packed(event: yaml.Event, block: bool = False) -> int:
    mark = _marked(event.start_mark)
    return _pack(mark.line + 1, mark.column + 1, block)


class _SingleDocumentError(yaml.YAMLError):
    """A second document in the stream (what PyYAML's composer reports the same way)."""

    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__()
        self.problem = "expected a single document in the stream"
        self.problem_mark = mark
        self.context = None


class _Builder:
    """Builds LMap/LList/scalars with positions straight from the parser's events.

    No node tree is composed: memory stays proportional to the values kept, not to
    PyYAML's nodes and marks for the whole file (about 16 KB per quiz question). An alias
    (`*name`) is reported where it stands and its value is INVALID, so nothing is ever
    expanded ("billion laughs") and nothing recurses through a reused node.
    """

    def __init__(self, loader: Any, text: str) -> None:
        self._loader = loader
        self._text = text
        self.problems: list[tuple[Pos, str]] = []

    def document(self) -> Any:
        """The single document's value, or None for an empty stream."""
        get = self._loader.get_event
        get()  # StreamStartEvent
        if self._loader.check_event(yaml.StreamEndEvent):
            return None
        get()  # DocumentStartEvent
        value = self._value(get())
        get()  # DocumentEndEvent
        if not self._loader.check_event(yaml.StreamEndEvent):
            raise _SingleDocumentError(self._loader.peek_event().start_mark)
        return value

    def _value(self, event: yaml.Event) -> Any:
        if isinstance(event, yaml.ScalarEvent):
            return self._scalar(event)
        if isinstance(event, yaml.MappingStartEvent):
            return self._mapping(event)
        if isinstance(event, yaml.SequenceStartEvent):
            return self._sequence(event)
        # AliasEvent: a reused value.
        self.problems.append((_event_pos(event), _ALIAS_MESSAGE))
        return INVALID

    def _tag(
        self,
        event: yaml.ScalarEvent | yaml.CollectionStartEvent,
        kind: type[Node],
        value: str | None,
    ) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            resolved: str = self._loader.resolve(kind, value, event.implicit)
            return resolved
        return tag

    def _bad_tag(self, tag: str, pos: Pos) -> _Invalid:
        shown = tag.replace(_TAG, "!!", 1) if tag.startswith(_TAG) else tag
        self.problems.append((pos, f"tunniste {shown!r} ei ole sallittu"))
        return INVALID

    def _skip(self, event: yaml.Event) -> None:
        """Consume the rest of a collection that is not used."""
        depth = 1
        get = self._loader.get_event
        while depth:
            event = get()
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1

    def _mapping(self, start: yaml.MappingStartEvent) -> LMap | _Invalid:
        tag = self._tag(start, MappingNode, None)
        if tag != _TAG + "map":
            self._skip(start)
            return self._bad_tag(tag, _event_pos(start))
        result = LMap(_event_pos(start))
        get = self._loader.get_event
        while True:
            key_event = get()
            if isinstance(key_event, yaml.MappingEndEvent):
                return result
            if not isinstance(key_event, yaml.ScalarEvent):
                self.problems.append((_event_pos(key_event), "kentän nimen pitää olla tekstiä"))
                if isinstance(key_event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                    self._skip(key_event)
                self._discard(get())
                continue
            # Keys are names: take them as written (`yes:` is the name "yes", not True).
            # Interned: the same few field names repeat in every question.
            key = sys.intern(key_event.value)
            value_event = get()
            value_pos = _event_packed(value_event, _is_block(value_event))
            value = self._value(value_event)
            if key in result:
                first = result.key_pos[key]
                self.problems.append(
                    (
                        _event_pos(key_event),
                        f"kenttä {key!r} toistuu (ensimmäinen rivillä {first.line})",
                    )
                )
                continue
            result[key] = value
            result.locate(key, _event_packed(key_event), value_pos)

    def _discard(self, event: yaml.Event) -> None:
        """A value whose key was refused: parse it for its problems, keep nothing."""
        self._value(event)

    def _sequence(self, start: yaml.SequenceStartEvent) -> LList | _Invalid:
        tag = self._tag(start, SequenceNode, None)
        if tag != _TAG + "seq":
            self._skip(start)
            return self._bad_tag(tag, _event_pos(start))
        result = LList(_event_pos(start))
        get = self._loader.get_event
        while True:
            event = get()
            if isinstance(event, yaml.SequenceEndEvent):
                return result
            result._at.append(_event_packed(event, _is_block(event)))
            result.append(self._value(event))

    def _scalar(self, event: yaml.ScalarEvent) -> Any:
        end = _marked(event.end_mark)
        if (
            not event.style  # plain (unquoted, not a block)
            and _HASHTAG_AFTER.match(self._text, end.index)
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
        tag = self._tag(event, ScalarNode, event.value)
        if tag == _TAG + "str":
            return event.value
        if tag == _TAG + "null":
            return None
        # The stubs' ScalarNode names only the Python parser's Mark; the C parser's is alike.
        node = ScalarNode(tag, event.value, event.start_mark, end, style=event.style)  # type: ignore[arg-type]
        try:
            if tag == _TAG + "int":
                if len(node.value) > MAX_INT_DIGITS:
                    # A number of thousands of digits is no count of anything here; its
                    # text would also be too long to show in a message.
                    self.problems.append(
                        (_event_pos(event), f"luku on liian suuri ({len(node.value)} merkkiä)")
                    )
                    return INVALID
                return _SCALARS.construct_yaml_int(node)
            if tag == _TAG + "float":
                return _SCALARS.construct_yaml_float(node)
            if tag == _TAG + "bool":
                return _SCALARS.construct_yaml_bool(node)
        except (ValueError, KeyError, TypeError, IndexError):
            short = tag.replace(_TAG, "!!", 1)
            self.problems.append(
                (_event_pos(event), f"arvo {event.value!r} ei sovi tyypille {short!r}")
            )
            return INVALID
        if tag in (_TAG + "timestamp", _TAG + "merge", _TAG + "value"):
            # An unquoted date or `<<` in a text field: keep what the author wrote.
            return event.value
        return self._bad_tag(tag, _event_pos(event))


def _is_block(event: yaml.Event) -> bool:
    return isinstance(event, yaml.ScalarEvent) and event.style == "|"


#: Longest integer literal read (digits and prefix); larger ones are reported.
MAX_INT_DIGITS = 18

_HASHTAG_AFTER = re.compile(r"[ \t]+#[^\s#]")


def plain(value: Any) -> Any:
    """A located value as ordinary dicts and lists (for Jinja2 contexts and JSON)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
