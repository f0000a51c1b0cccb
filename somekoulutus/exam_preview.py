"""What a course's exam looks like over many attempts: for authors checking a blueprint.

Pure: draws with the real `quiz.draw` from fixed seeds (the same report every run), no I/O.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from somekoulutus import quiz
from somekoulutus.content.models import Course
from somekoulutus.quiz import TopicScore

#: How many attempts in a row the exposure figures follow.
EXPOSURE_ATTEMPTS = 3


@dataclass(frozen=True)
class Target:
    """A blueprint target the preview does not meet (Finnish `message` for authors)."""

    topic: str
    message: str


def preview(
    course: Course, draws: int = 1000, progress: Callable[[int], None] | None = None
) -> dict[str, Any]:
    """Draw `draws` learners' attempts and report per topic and the pool's exposure.

    Learner i's attempts come from `random.Random(i)`; each attempt after the first avoids
    the previous one's questions, as a retake does. Per topic of the pool: its size, the
    least / mean / most questions of it in a first attempt, and `pass_while_failing`, the
    share of first attempts a learner passes while answering every question of that topic
    wrong and all others right (an attempt without the topic counts: it cannot fail on it).
    `exposure_after[k]`: the mean share of the pool seen after k attempts.
    `progress`, if given, is called with the number of learners done so far.
    """
    q = course.quiz
    pool: dict[str, int] = {}
    for question in q.all_questions():
        pool[question.topic] = pool.get(question.topic, 0) + 1
    total_pool = sum(pool.values())
    low = dict.fromkeys(pool, q.draw)
    high = dict.fromkeys(pool, 0)
    asked_sum = dict.fromkeys(pool, 0)
    passing = dict.fromkeys(pool, 0)
    seen_sum = [0] * EXPOSURE_ATTEMPTS
    for i in range(draws):
        rng = random.Random(i)
        seen: set[str] = set()
        previous: frozenset[str] = frozenset()
        for k in range(EXPOSURE_ATTEMPTS):
            plan = quiz.draw(q, rng, previous)
            previous = frozenset(p.question_id for p in plan)
            seen |= previous
            seen_sum[k] += len(seen)
            if k == 0:
                counts = dict.fromkeys(pool, 0)
                for p in plan:
                    counts[q.question(p.question_id).topic] += 1
                for topic, n in counts.items():
                    low[topic] = min(low[topic], n)
                    high[topic] = max(high[topic], n)
                    asked_sum[topic] += n
                    by_topic = {t: TopicScore(c, c) for t, c in counts.items() if c}
                    if n:
                        by_topic[topic] = TopicScore(0, n)
                    passing[topic] += quiz.passes(by_topic, q.pass_mark, q.blueprint)
        if progress is not None:
            progress(i + 1)
    n = max(draws, 1)
    return {
        "course": course.id,
        "draws": draws,
        "questions_per_attempt": q.draw,
        "topics": {
            topic: {
                "pool": pool[topic],
                "min": low[topic] if draws else 0,
                "mean": round(asked_sum[topic] / n, 3),
                "max": high[topic],
                "pass_while_failing": round(passing[topic] / n, 3),
            }
            for topic in pool
        },
        "exposure_after": {
            str(k + 1): round(seen_sum[k] / n / total_pool, 3) if total_pool else 0.0
            for k in range(EXPOSURE_ATTEMPTS)
        },
    }


def missed_targets(course: Course, report: dict[str, Any]) -> list[Target]:
    """The blueprint targets a preview misses: every blueprint topic in every attempt
    (`min` >= 1), and no pass while failing a critical topic (`pass_while_failing` = 0)."""
    out = []
    for row in course.quiz.blueprint:
        stats = report["topics"].get(row.topic)
        if stats is None or stats["min"] < 1:
            out.append(Target(row.topic, "aihe puuttuu joistakin kokeista (min 0)"))
        if row.critical and stats is not None and stats["pass_while_failing"] > 0:
            out.append(
                Target(
                    row.topic,
                    "kokeen voi läpäistä, vaikka vastaisi aiheen kaikkiin kysymyksiin väärin "
                    f"({stats['pass_while_failing']:.1%} kokeista)",
                )
            )
    return out
