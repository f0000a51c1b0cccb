"""Jinja2 rendering of lesson bodies and certificate wording: sandboxed, immutable, bounded.

Content authors are trusted to write text, not to take the program down. Templates render
in an `ImmutableSandboxedEnvironment` (no reaching into Python, no changing the shared
organisation data) with limits on what one render may build:

- output and every string or list built on the way: at most `MAX_OUTPUT` characters
  (items); `'x' * 10**10`, a padding of 10**10 or a doubling by `~` fail at once;
- loops: at most `MAX_ITERATIONS` turns of all `for` loops of one render together, and
  `range()` at most `MAX_RANGE` long; `**` only with small exponents.

A template beyond a limit raises `TemplateLimitError` (a Jinja2 `SecurityError`, so a
`TemplateError`) with a Finnish message; the validator reports it at the template's line.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, Template, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

# What makes a text a template for our environment: its block, variable and comment starts
# (no line statements are configured). Jinja also turns "\r\n" into "\n", hence the "\r".
_MARKERS = ("{{", "{%", "{#", "\r")

#: Characters (or items) one render may produce or build in one value.
MAX_OUTPUT = 200_000
#: Turns of all `for` loops in one render, together.
MAX_ITERATIONS = 20_000
#: Length of one `range()`.
MAX_RANGE = 10_000
#: Largest exponent of `**`.
MAX_EXPONENT = 64

# Calls and filters whose number arguments are widths or counts of what they build.
_WIDTH_CALLS = frozenset(
    {"ljust", "rjust", "center", "zfill", "expandtabs", "generate_lorem_ipsum"}
)
_WIDTH_FILTERS = frozenset({"center", "indent", "wordwrap", "slice", "batch"})

_LOOP_NAME = "_sk_loop_guard"
_CONCAT_NAME = "_sk_concat_guard"


class TemplateLimitError(SecurityError):
    """A template went past a size or loop limit; the message is Finnish."""


_turns: ContextVar[list[int] | None] = ContextVar("somekoulutus_template_turns", default=None)


def _too_big(what: str) -> TemplateLimitError:
    return TemplateLimitError(
        f"malli tuottaa liian suuren tekstin ({what}); enimmäiskoko on {MAX_OUTPUT} merkkiä"
    )


def _check_size(value: Any, what: str) -> Any:
    if isinstance(value, str | list | tuple | bytes) and len(value) > MAX_OUTPUT:
        raise _too_big(what)
    return value


def _check_args(args: Iterable[Any], what: str) -> None:
    # A count or width beyond the output limit can only build too much (center, ljust,
    # indent, wordwrap, format widths): refuse it before anything is built.
    for arg in args:
        if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) > MAX_OUTPUT:
            raise _too_big(what)


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\d*)(?:\.(\d*))?")


def _check_format_string(text: Any, what: str) -> None:
    """A width or precision in a format string beyond the output limit builds too much."""
    if not isinstance(text, str):
        return
    numbers = [n for m in _PERCENT_SPEC.finditer(text) for n in m.groups() if n]
    try:
        for _literal, _field, spec, _conv in string.Formatter().parse(text):
            if spec:
                numbers += re.findall(r"\d+", spec)
    except ValueError:
        pass  # not a str.format string; str.format would refuse it anyway
    if any(len(n) > 6 or int(n) > MAX_OUTPUT for n in numbers):
        raise _too_big(what)


def _loop_guard(iterable: Any) -> Iterator[Any]:
    """Every `for` loop iterates through here: counts turns against the render's budget."""
    turns = _turns.get()
    for item in iterable:
        if turns is not None:
            turns[0] += 1
            if turns[0] > MAX_ITERATIONS:
                raise TemplateLimitError(
                    f"mallin silmukat kiertävät liian monta kertaa (yli {MAX_ITERATIONS})"
                )
        yield item


def _concat_guard(value: str) -> str:
    checked: str = _check_size(value, "~-liitos")
    return checked


def _range(*args: int) -> range:
    rng = range(*args)
    if len(rng) > MAX_RANGE:
        raise TemplateLimitError(f"range() on liian pitkä ({len(rng)}; enintään {MAX_RANGE})")
    return rng


class _Guards(NodeTransformer):
    """Route every `for` loop's iterable and every `~` concatenation through a guard."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)  # transforms the children in place and returns `node`
        node.iter = nodes.Call(
            nodes.Name(_LOOP_NAME, "load", lineno=node.lineno),
            [node.iter],
            [],
            None,
            None,
            lineno=node.lineno,
        )
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)  # transforms the children in place and returns `node`
        return nodes.Call(
            nodes.Name(_CONCAT_NAME, "load", lineno=node.lineno),
            [node],
            [],
            None,
            None,
            lineno=node.lineno,
        )


def _guarded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if name in _WIDTH_FILTERS:
            _check_args([*args[1:], *kwargs.values()], f"suodatin {name}")
        if name == "format" and args:
            _check_format_string(args[0], f"suodatin {name}")
        return _check_size(func(*args, **kwargs), f"suodatin {name}")

    return wrapper


class LimitedEnvironment(ImmutableSandboxedEnvironment):
    """The immutable sandbox with the size and loop limits above."""

    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["range"] = _range
        self.globals[_LOOP_NAME] = _loop_guard
        self.globals[_CONCAT_NAME] = _concat_guard
        self.filters = {name: _guarded_filter(name, func) for name, func in self.filters.items()}

    def _generate(self, source: nodes.Template, *args: Any, **kwargs: Any) -> str:
        guarded = _Guards().visit(source)
        guarded.set_environment(self)
        return super()._generate(guarded, *args, **kwargs)

    def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
        if op == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(count, int):
                    if len(seq) * max(count, 0) > MAX_OUTPUT:
                        raise _too_big("*-toisto")
        if op == "**" and isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
            raise TemplateLimitError(f"potenssi on liian suuri (eksponentti yli {MAX_EXPONENT})")
        if op == "%" and isinstance(left, str):
            _check_args(right if isinstance(right, tuple) else (right,), "%-muotoilu")
            _check_format_string(left, "%-muotoilu")
        result = self.binop_table[op](left, right)
        return _check_size(result, f"{op}-lasku")

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        name = getattr(__obj, "__name__", None)
        if name in _WIDTH_CALLS:
            _check_args([*args, *kwargs.values()], name)
        if name in ("format", "format_map"):
            bound = getattr(__obj, "__wrapped__", __obj)
            _check_format_string(getattr(bound, "__self__", None), "muotoilu")
            _check_args(args[1:] if args and isinstance(args[0], str) else (), "muotoilu")
        return _check_size(super().call(__context, __obj, *args, **kwargs), "kutsu")


@lru_cache(maxsize=1)
def environment() -> LimitedEnvironment:
    """The one Jinja2 environment: sandboxed, undefined names are errors, no autoescape."""
    # Autoescape is off because output is Markdown or plain text, never HTML; callers
    # escape for their own medium (Rich markup, reportlab paragraphs).
    return LimitedEnvironment(
        undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True
    )


@lru_cache(maxsize=512)
def _compiled(template: str) -> Template:
    # The validator's trial render and every later render of the same text share one
    # compilation; compiling is most of a render's cost.
    return environment().from_string(template)


def render(template: str, context: dict[str, Any]) -> str:
    """Render a template string with the given context (TemplateError when it fails)."""
    if not any(marker in template for marker in _MARKERS):
        # Plain text renders to itself: skip compiling it.
        return template
    token = _turns.set([0])
    try:
        size = 0
        parts = []
        for part in _compiled(template).generate(**context):
            size += len(part)
            if size > MAX_OUTPUT:
                raise _too_big("tulos")
            parts.append(part)
        return "".join(parts)
    finally:
        _turns.reset(token)


__all__ = ["MAX_OUTPUT", "TemplateLimitError", "environment", "render"]
