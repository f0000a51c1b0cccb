"""A learner who takes two courses for one certificate does not meet the same question twice.

Questions are compared by the words of their situation, prompt and choices (token-set
Jaccard similarity). A question both courses need lives in one of them only; a pair that
teaches two sides of one rule is written so that each asks something of its own.
"""

from __future__ import annotations

from itertools import combinations, product

from somekoulutus.content.models import Content, Question

from .conftest import words

#: Former near-duplicates scored 0.29-0.50; different questions on one topic stay below 0.25.
THRESHOLD = 0.28


def text_of(q: Question) -> str:
    return " ".join([q.scenario or "", q.prompt, *(c.text for c in q.choices)])


def similarity(a: str, b: str) -> float:
    wa, wb = set(words(a)), set(words(b))
    return len(wa & wb) / len(wa | wb) if wa | wb else 0.0


def test_the_measure_flags_a_reworded_duplicate() -> None:
    # Two versions of "who decides to open an account" that the two courses used to share.
    producers = (
        "Kuka päättää, avataanko liikuntapalveluille oman Instagram-tili? Vastuualueen päällikkö "
        "Jussi itse, koska hän tekee tilille sisällön Kaupungin viestintäyksikkö Kaupunginhallitus"
    )
    admins = (
        "Kuka päättää tilin avaamisesta? Vastuualueen päällikkö. Sanna itse, koska hän tekee "
        "sisällön. Kaupungin viestintäyksikkö."
    )
    other = (
        "Mitä Emmin kannattaa tehdä? Tehdä rikosilmoituksen poliisille ja kertoa esihenkilölle; "
        "välittömässä vaarassa soittaa 112."
    )
    assert similarity(producers, admins) >= THRESHOLD
    assert similarity(producers, other) < THRESHOLD


def test_courses_taken_together_share_no_near_duplicate(bundled_content: Content) -> None:
    together = {
        tuple(sorted(pair))
        for definition in bundled_content.certificates.values()
        for pair in combinations(definition.requires, 2)
    }
    assert together, "no certificate requires two courses: nothing to compare"
    close = []
    for a, b in sorted(together):
        qa = bundled_content.courses[a].quiz.all_questions()
        qb = bundled_content.courses[b].quiz.all_questions()
        for x, y in product(qa, qb):
            score = similarity(text_of(x), text_of(y))
            if score >= THRESHOLD:
                close.append(f"{x.id} ~ {y.id}: {score:.2f}")
    assert close == []
