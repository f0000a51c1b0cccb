"""A test-wise learner cannot tell the keyed answer from the distractors by wording (issue 14).

Per course: absolute words, hedges and justification clauses are about as common in keyed
options as in distractors; the keyed option is not usually the longest one; about half of
the true/false statements are true, and absolute statements are not always false.
"""

from __future__ import annotations

import re

import pytest

from somekoulutus.content.models import Content, Question

ABSOLUTE = re.compile(
    r"\b(aina|ei koskaan|koskaan|kaikki\w*|vain|heti|pelkästään|pelkkä\w*|ainoastaan|"
    r"jokai\w*|täysin|välittömästi|lainkaan|kokonaan)\b",
    re.I,
)
HEDGE = re.compile(
    r"\b(voi|voivat|voit|voidaan|yleensä|usein|tarvittaessa|mahdollisuuksien mukaan|"
    r"kannattaa|mielellään|mieluiten|ehkä|harkiten|harkitusti|saattaa|useimmiten)\b",
    re.I,
)
JUSTIFICATION = re.compile(r"\b(koska|jotta|sillä|joten)\b", re.I)

#: How far apart the keyed options' and the distractors' rates may be.
MAX_GAP = 0.10
COURSES = ("sisallontuottaja", "paakayttaja", "luottamushenkilo")


def rate(pattern: re.Pattern[str], texts: list[str]) -> float:
    return sum(bool(pattern.search(t)) for t in texts) / len(texts)


def key_is_longest(q: Question) -> bool:
    lengths = sorted((len(c.text), c.correct) for c in q.choices)
    return lengths[-1][1] and lengths[-1][0] > lengths[-2][0]


def test_the_patterns_match_finnish_forms() -> None:
    assert ABSOLUTE.search("Kuvia ei saa koskaan julkaista") and ABSOLUTE.search("Kaikki tilit")
    assert HEDGE.search("Tilin voi sulkea") and JUSTIFICATION.search("koska se on nopeaa")
    assert not ABSOLUTE.search("Ainakin Instagramissa pitkä kommentti on arvokkaampi")


@pytest.mark.parametrize("course_id", COURSES)
@pytest.mark.parametrize("pattern", [ABSOLUTE, HEDGE, JUSTIFICATION], ids=["abs", "hedge", "why"])
def test_cue_words_are_as_common_in_keys_as_in_distractors(
    course_id: str, pattern: re.Pattern[str], bundled_content: Content
) -> None:
    qs = [q for q in bundled_content.courses[course_id].quiz.all_questions()]
    choices = [c for q in qs if q.type != "true_false" for c in q.choices]
    keys = [c.text for c in choices if c.correct]
    distractors = [c.text for c in choices if not c.correct]
    assert abs(rate(pattern, keys) - rate(pattern, distractors)) <= MAX_GAP


@pytest.mark.parametrize("course_id", COURSES)
def test_the_key_is_not_usually_the_longest(course_id: str, bundled_content: Content) -> None:
    singles = [
        q for q in bundled_content.courses[course_id].quiz.all_questions() if q.type == "single"
    ]
    # By chance about one in three; "pick the longest" must not do much better.
    assert sum(key_is_longest(q) for q in singles) / len(singles) <= 0.40


@pytest.mark.parametrize("course_id", COURSES)
def test_true_false_is_balanced(course_id: str, bundled_content: Content) -> None:
    tf = [
        q for q in bundled_content.courses[course_id].quiz.all_questions() if q.type == "true_false"
    ]
    true = [q.choices[0].correct for q in tf]
    assert 0.35 <= sum(true) / len(true) <= 0.65
    # "An absolute statement is false" must not be a rule that works.
    absolute = [q.choices[0].correct for q in tf if ABSOLUTE.search(q.prompt)]
    if len(absolute) >= 2:
        assert set(absolute) == {True, False}
