"""Wording cues: can a test-wise reader tell the keyed answer without knowing the guideline?

Per course, over the rendered texts of the quiz:
- how often keyed options and distractors carry absolutes (aina, ei koskaan, kaikki, vain,
  heti, ...), hedges (voi, yleensä, ...) and justification clauses (koska, jotta, ...);
- where the keyed option stands in length: how often it is the longest, and the shortest,
  of its question's options, against what chance gives (1 / number of options);
- the true/false balance: the share of statements keyed true, and how often the rule "an
  absolute statement is false" gets a true/false item right.

A skew is judged with a tolerance and only over enough items, so that one odd item is not a
finding; `validate` shows the findings as warnings, and as errors with `--strict`. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from somekoulutus.content.models import Content, Course
from somekoulutus.content.render import render

# Word starts (lower case); a word matches when it begins with one of them. Chosen so that
# inflected forms count (kaikki, kaikkien, kaikissa) but unrelated words do not.
ABSOLUTES = (
    "aina",
    "ainoa",
    "ainoastaan",
    "ehdottomasti",
    "heti",
    "ikinä",
    "jokai",
    "jokaise",
    "kaikk",
    "kaiki",
    "koskaan",
    "kokonaan",
    "pelkk",
    "pelkäst",
    "täysin",
    "vain",
    "välittömästi",
)
HEDGES = (
    "harkiten",
    "joskus",
    "kannattaa",
    "mahdollisesti",
    "pääsääntöisesti",
    "saattaa",
    "tapauskohtaisesti",
    "tarvittaessa",
    "useimmiten",
    "usein",
    "voi",
    "voida",
    "voidaan",
    "yleensä",
)
JUSTIFICATIONS = ("koska", "jotta", "sillä", "siksi", "minkä vuoksi", "jolloin")
_EXACT = {"voi", "sillä", "aina", "vain", "heti"}  # words matched whole, not as starts

#: Tolerances: a difference in rates above this between keyed options and distractors.
RATE_TOLERANCE = 0.15
#: The keyed option may be the longest this much more often than chance.
LENGTH_TOLERANCE = 0.15
#: The share of true/false items keyed true must lie within 0.5 ± this.
TRUE_FALSE_TOLERANCE = 0.2
#: The "absolute means false" rule may be right at most this often.
ABSOLUTE_RULE_LIMIT = 0.75
#: Fewest items a measure needs before it is judged.
MIN_ITEMS = 6

_WORD = re.compile(r"[a-zåäö]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _has(text: str, stems: tuple[str, ...]) -> bool:
    words = _words(text)
    joined = " ".join(words)
    for stem in stems:
        if " " in stem:
            if re.search(rf"\b{stem}\b", joined):
                return True
        elif stem in _EXACT:
            if stem in words:
                return True
        elif any(w.startswith(stem) for w in words):
            return True
    return False


def has_absolute(text: str) -> bool:
    """Does the text carry an absolute word (aina, ei koskaan, kaikki, vain, heti, ...)?"""
    return _has(text, ABSOLUTES)


def has_hedge(text: str) -> bool:
    """Does the text carry a hedge (voi, yleensä, tarvittaessa, ...)?"""
    return _has(text, HEDGES)


def has_justification(text: str) -> bool:
    """Does the text carry a justification clause (koska, jotta, ...)?"""
    return _has(text, JUSTIFICATIONS)


@dataclass(frozen=True)
class Finding:
    """A cue that tells keys from distractors too often (Finnish message)."""

    course: str
    measure: str
    message: str


def _rate(flags: list[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0


def course_cues(content: Content, course: Course) -> dict[str, Any]:
    """The measures for one course (see the module's description)."""
    ctx = {"organisation": content.organisation.data}
    keyed: list[str] = []
    distractors: list[str] = []
    longest = 0
    shortest = 0
    chance = 0.0
    with_options = 0
    tf_true = 0
    tf_total = 0
    absolute_tf = 0
    absolute_tf_false = 0
    for q in course.quiz.all_questions():
        texts = [render(c.text, ctx) for c in q.choices]
        if q.type == "true_false":
            tf_total += 1
            right = next(c for c in q.choices if c.correct)
            is_true = right.text.strip().lower() in ("totta", "tosi")
            tf_true += is_true
            statement = render(q.prompt, ctx)
            if has_absolute(statement):
                absolute_tf += 1
                absolute_tf_false += not is_true
            continue
        for choice, text in zip(q.choices, texts, strict=True):
            (keyed if choice.correct else distractors).append(text)
        if q.type == "single":
            with_options += 1
            lengths = [len(t) for t in texts]
            key = next(i for i, c in enumerate(q.choices) if c.correct)
            longest += lengths[key] == max(lengths) and lengths.count(max(lengths)) == 1
            shortest += lengths[key] == min(lengths) and lengths.count(min(lengths)) == 1
            chance += 1 / len(texts)
    measures: dict[str, Any] = {"keyed": len(keyed), "distractors": len(distractors)}
    for name, test in (
        ("absolute", has_absolute),
        ("hedge", has_hedge),
        ("justification", has_justification),
    ):
        measures[name] = {
            "keyed": round(_rate([test(t) for t in keyed]), 3),
            "distractors": round(_rate([test(t) for t in distractors]), 3),
        }
    for name, count in (("keyed_longest", longest), ("keyed_shortest", shortest)):
        measures[name] = {
            "questions": with_options,
            "share": round(count / with_options, 3) if with_options else 0.0,
            "chance": round(chance / with_options, 3) if with_options else 0.0,
        }
    measures["true_false"] = {
        "items": tf_total,
        "keyed_true": round(tf_true / tf_total, 3) if tf_total else 0.0,
        "absolute_items": absolute_tf,
        "absolute_rule_right": round(absolute_tf_false / absolute_tf, 3) if absolute_tf else 0.0,
    }
    return measures


def _pct(x: float) -> str:
    return f"{round(x * 100)} %"


def findings(course_id: str, m: dict[str, Any]) -> list[Finding]:
    """The measures that a test-wise reader could use, each judged with its tolerance."""
    out = []
    names = {
        "absolute": ("ehdottomia sanoja (aina, ei koskaan, kaikki, vain, heti…)", 1),
        "hedge": ("varauksia (voi, yleensä, tarvittaessa…)", -1),
        "justification": ("perusteluja (koska, jotta…)", 0),
    }
    if m["keyed"] >= MIN_ITEMS and m["distractors"] >= MIN_ITEMS:
        for measure, (words, _sign) in names.items():
            keyed, distractors = m[measure]["keyed"], m[measure]["distractors"]
            if abs(keyed - distractors) > RATE_TOLERANCE:
                out.append(
                    Finding(
                        course_id,
                        measure,
                        f"oikeissa vaihtoehdoissa on {words} {_pct(keyed)} ja väärissä "
                        f"{_pct(distractors)}: ero paljastaa oikean vastauksen "
                        f"(sallittu ero {_pct(RATE_TOLERANCE)})",
                    )
                )
    longest = m["keyed_longest"]
    if (
        longest["questions"] >= MIN_ITEMS
        and longest["share"] > longest["chance"] + LENGTH_TOLERANCE
    ):
        out.append(
            Finding(
                course_id,
                "length",
                f"oikea vaihtoehto on pisin {_pct(longest['share'])} kysymyksistä, kun sattuma "
                f"antaisi {_pct(longest['chance'])} (sallittu ero {_pct(LENGTH_TOLERANCE)})",
            )
        )
    tf = m["true_false"]
    if tf["items"] >= MIN_ITEMS and abs(tf["keyed_true"] - 0.5) > TRUE_FALSE_TOLERANCE:
        out.append(
            Finding(
                course_id,
                "true_false",
                f"väittämistä {_pct(tf['keyed_true'])} on totta: tosien ja epätosien pitää "
                f"olla tasapainossa (sallittu {_pct(0.5 - TRUE_FALSE_TOLERANCE)}–"
                f"{_pct(0.5 + TRUE_FALSE_TOLERANCE)})",
            )
        )
    if tf["absolute_items"] >= MIN_ITEMS // 2 and tf["absolute_rule_right"] > ABSOLUTE_RULE_LIMIT:
        out.append(
            Finding(
                course_id,
                "absolute_rule",
                f'sääntö "ehdoton väite on väärä" osuu oikeaan {_pct(tf["absolute_rule_right"])} '
                f"ehdottomista väittämistä ({tf['absolute_items']} kpl; sallittu enintään "
                f"{_pct(ABSOLUTE_RULE_LIMIT)})",
            )
        )
    return out
