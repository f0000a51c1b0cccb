"""Certificate ids: form, check symbol, and reading what people type."""

from __future__ import annotations

import random
import re

from somekoulutus.certs import ids

FORM = re.compile(r"^SK-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$")


def test_new_ids_have_the_form_and_a_valid_check_symbol() -> None:
    rng = random.Random(7)
    for _ in range(500):
        cert_id = ids.new_id(rng)
        assert FORM.match(cert_id), cert_id
        assert ids.normalise(cert_id) == cert_id
    assert not set("ILOU") & set("".join(ids.new_id() for _ in range(200))[3:])


def test_every_single_mistyped_symbol_is_caught() -> None:
    cert_id = ids.new_id(random.Random(1))
    compact = cert_id.replace("-", "")[2:]
    for position in range(len(compact)):
        for symbol in ids.ALPHABET:
            if symbol == compact[position]:
                continue
            typo = compact[:position] + symbol + compact[position + 1 :]
            assert ids.normalise(typo) is None, typo


def test_swapped_neighbours_are_caught_unless_they_differ_by_sixteen() -> None:
    rng = random.Random(2)
    caught = missed = 0
    for _ in range(300):
        body = ids.new_id(rng).replace("-", "")[2:10]
        for i in range(len(body) - 1):
            if body[i] == body[i + 1]:
                continue
            swapped = body[:i] + body[i + 1] + body[i] + body[i + 2 :]
            if ids.check_symbol(swapped) == ids.check_symbol(body):
                missed += 1
                assert abs(ids.ALPHABET.index(body[i]) - ids.ALPHABET.index(body[i + 1])) == 16
            else:
                caught += 1
    assert caught > 20 * max(missed, 1)


def test_typed_forms_are_read_as_the_id() -> None:
    cert_id = "SK-7H3Q-9MX2-" + ids.check_symbol("7H3Q9MX2")
    assert ids.normalise(cert_id.lower()) == cert_id
    assert ids.normalise(" sk 7h3q 9mx2 " + cert_id[-1].lower()) == cert_id
    assert ids.normalise(cert_id.replace("-", "")) == cert_id
    with_o = "SK-10O0-0000-" + ids.check_symbol("10000000")
    assert ids.normalise(with_o.replace("1", "I")) == with_o.replace("O", "0")
    assert ids.normalise("kissa") is None
    assert ids.normalise("SK-7H3Q-9MX2") is None
