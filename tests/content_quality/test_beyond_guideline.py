"""Advice the guideline does not give is never presented as its rule.

The guideline says that harassment may be a crime and that an illegal threat made because
of one's work or public office is prosecuted ex officio; it does not tell anyone to file a
police report or to call the emergency number. Where a question's feedback or explanation
gives that advice, it says so: *hyvä käytäntö, ei ohjeen vaatimus* (or that the guideline
does not say it).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .conftest import GUIDELINE

BEYOND = re.compile(r"rikosilmoitu|\b112\b|hätänumero", re.I)
MARKED = re.compile(r"hyvä käytäntö, ei ohjeen vaatimus|ohje ei ", re.I)
COURSES = ("sisallontuottaja", "paakayttaja", "luottamushenkilo")


def questions(course: dict[str, Any]) -> list[dict[str, Any]]:
    quiz = course["quiz"]
    found = list(quiz.get("questions") or [])
    for group in quiz.get("scenarios") or []:
        found.extend(group["questions"])
    return found


def test_the_guideline_really_is_silent_on_police_reports_and_112() -> None:
    assert not BEYOND.search(GUIDELINE.read_text("utf-8"))


def test_police_report_and_112_advice_is_marked_as_good_practice(
    content_files: dict[Path, Any],
) -> None:
    unmarked = []
    for path, data in content_files.items():
        if path.stem not in COURSES or "quiz" not in data:
            continue
        for q in questions(data):
            texts = [("explanation", q["explanation"])]
            texts += [(f"choice {i + 1}", c["feedback"]) for i, c in enumerate(q["choices"])]
            for where, text in texts:
                if BEYOND.search(text) and not MARKED.search(text):
                    unmarked.append(f"{q['id']} {where}: {text}")
    assert not unmarked, "\n".join(unmarked)
