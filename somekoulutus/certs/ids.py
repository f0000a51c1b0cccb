"""Certificate ids: short, typeable, unambiguous, with a check character.

Form `SK-XXXX-XXXX-C`: eight random symbols (40 bits) and one check symbol, all from
Crockford's base32 alphabet (digits and letters without I, L, O and U, so 0/O and 1/I/L
cannot be confused). The check symbol is a weighted sum modulo 32 with odd weights: it
catches every single mistyped symbol and nearly every swap of two neighbours.
"""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only a test's generator is one; `certs verify` never draws an id
    import random

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "SK"
_BODY = 8
_WEIGHTS = tuple(2 * i + 1 for i in range(_BODY))
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
# What people type by mistake, read as the symbol Crockford's alphabet means.
_READS_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def check_symbol(body: str) -> str:
    """The check symbol for eight body symbols."""
    if len(body) != _BODY:
        raise ValueError(body)
    # map() instead of a generator: every registry look-up normalises the id it is given.
    return ALPHABET[sum(map(operator.mul, _WEIGHTS, map(_VALUE.__getitem__, body))) % 32]


def new_id(rng: random.Random | None = None) -> str:
    """A fresh random id; `rng` makes the sequence reproducible (tests)."""
    if rng is None:
        import secrets  # here: verifying and looking up ids never draws one

        body = "".join(secrets.choice(ALPHABET) for _ in range(_BODY))
    else:
        body = "".join(rng.choice(ALPHABET) for _ in range(_BODY))
    return f"{PREFIX}-{body[:4]}-{body[4:]}-{check_symbol(body)}"


def _symbols(text: str) -> str | None:
    # The nine symbols of a typed id, or None when it does not have the form of one.
    compact = "".join(text.split()).replace("-", "").upper().translate(_READS_AS)
    if compact.startswith(PREFIX):
        compact = compact[len(PREFIX) :]
    if len(compact) != _BODY + 1 or any(ch not in ALPHABET for ch in compact):
        return None
    return compact


def normalise(text: str) -> str | None:
    """The canonical form of a typed id (any case, spaces, dashes, O for 0 ...), or None.

    None when it is not an id or its check symbol does not match (a typing mistake).
    """
    compact = _symbols(text)
    if compact is None:
        return None
    body, check = compact[:_BODY], compact[_BODY]
    if check_symbol(body) != check:
        return None
    return f"{PREFIX}-{body[:4]}-{body[4:]}-{check}"


WRONG_FORM = "wrong form"
WRONG_CHECK = "wrong check"


def problem(text: str) -> str | None:
    """Why `text` is not a certificate id: WRONG_FORM, WRONG_CHECK (a typing mistake in a
    well-formed id: its last symbol does not match the others), or None when it is one."""
    compact = _symbols(text)
    if compact is None:
        return WRONG_FORM
    if check_symbol(compact[:_BODY]) != compact[_BODY]:
        return WRONG_CHECK
    return None
