"""What `db publish` puts in the organisation's registry: the validated content as the server
needs it to examine (answer keys, pass rules, draws made by the one Python draw).

The server cannot run Python, so the draw is made here: for every course version a pool of
seeds and the plans `quiz.draw` makes from them. `start_attempt` on the server picks one of
them; the issuer recomputes the plan from the seed and refuses an attempt whose plan differs.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from somekoulutus import quiz
from somekoulutus.content.models import Content, Course

#: Seeds drawn per course version: enough that two attempts rarely share a plan.
DRAWS_PER_COURSE = 400


@dataclass(frozen=True)
class Publication:
    """Rows for the registry's published_* tables, for one content version."""

    content_hash: str
    courses: list[dict[str, Any]] = field(default_factory=list)
    keys: list[dict[str, Any]] = field(default_factory=list)
    draws: list[dict[str, Any]] = field(default_factory=list)
    definitions: list[dict[str, Any]] = field(default_factory=list)


def content_hash(courses_dir: Path, certificates_dir: Path) -> str:
    """A hash of every content file (name and bytes), in a stable order."""
    digest = hashlib.sha256()
    for folder in (courses_dir, certificates_dir):
        for path in sorted(folder.glob("*.yaml")):
            digest.update(path.name.encode("utf-8") + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def publication(
    content: Content, digest: str, draws: int = DRAWS_PER_COURSE, rng: random.Random | None = None
) -> Publication:
    """Everything the server needs to examine `content`."""
    pub = Publication(digest)
    source = rng or random.Random(secrets.randbits(64))
    for course in content.courses.values():
        first_key = len(pub.keys)
        for q in course.quiz.all_questions():
            pub.keys.append(
                {
                    "course_id": course.id,
                    "version": course.version,
                    "question_id": q.id,
                    "topic": q.topic,
                    "correct": sorted(q.correct_indexes),
                    "feedback": [c.feedback for c in q.choices],
                }
            )
        pub.courses.append(_course_row(course, pub.keys[first_key:]))
        for _ in range(draws):
            seed = f"{source.getrandbits(64):016x}"
            plan = quiz.draw(course.quiz, random.Random(seed))
            pub.draws.append(
                {
                    "course_id": course.id,
                    "version": course.version,
                    "seed": seed,
                    "plan": [p.question_id for p in plan],
                    "plan_json": json.dumps(
                        [{"question": p.question_id, "order": list(p.order)} for p in plan]
                    ),
                }
            )
    for definition in content.certificates.values():
        pub.definitions.append(
            {
                "definition_id": definition.id,
                "content_hash": digest,
                "requires": list(definition.requires),
                "policy": _plain(definition.attempt_policy),
            }
        )
    return pub


def _course_row(course: Course, keys: list[dict[str, Any]]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "course_id": course.id,
        "version": course.version,
        "pass_mark": course.quiz.pass_mark,
        "blueprint": [dataclasses.asdict(t) for t in course.quiz.blueprint],
    }
    # The course's own fingerprint: a version may be published again only unchanged.
    row["content_hash"] = hashlib.sha256(
        json.dumps([row, keys], sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()
    return row


def _plain(value: Any) -> Any:
    """A model (dataclass) as JSON-ready data."""
    if value is None:
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return value
