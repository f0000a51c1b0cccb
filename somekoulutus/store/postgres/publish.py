"""Publish validated content into the registry (the owner runs it; `db publish` calls this).

Per course version: the pass rule and blueprint, the answer keys (readable by the learner
role only through my_answer_keys, after answering), and a stock of drawn plans. A draw is the
quiz engine's `draw(quiz, random.Random(seed))`, passed in as `drawer` (the store does not
import the quiz engine): the server picks a stored seed for each new attempt
(the one overlapping the person's previous attempt least), and the client and the issuer
recompute the same plan from the seed. Per certificate definition: what it requires, grants
and its attempt policy. A version is published once; publishing it again with other content
is refused (raise the course's version instead).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import psycopg

from somekoulutus.content.models import CertificateDefinition, Content, Course
from somekoulutus.plan import PlannedQuestion
from somekoulutus.store import learning
from somekoulutus.store.postgres.errors import RegistryError

#: How many drawn plans each course version gets.
DRAWS = 200


@dataclass(frozen=True)
class Published:
    """What one publish did: ids newly published, and ids that were there already."""

    new: tuple[str, ...]
    unchanged: tuple[str, ...]


def course_hash(course: Course) -> str:
    """The course file's SHA-256 (what the registry says a version rests on)."""
    if course.path is not None and course.path.exists():
        return hashlib.sha256(course.path.read_bytes()).hexdigest()
    return hashlib.sha256(repr(course).encode()).hexdigest()


def definition_hash(definition: CertificateDefinition) -> str:
    if definition.path is not None and definition.path.exists():
        return hashlib.sha256(definition.path.read_bytes()).hexdigest()
    return hashlib.sha256(repr(definition).encode()).hexdigest()


#: The quiz engine's draw for a course and a seed.
Drawer = Callable[[Course, str], Sequence[PlannedQuestion]]


def plan_json(plan: Sequence[PlannedQuestion]) -> str:
    """A plan as attempts.plan keeps it on both backends."""
    return learning.plan_json([(p.question_id, p.order) for p in plan])


def publish_course(
    conn: psycopg.Connection, course: Course, drawer: Drawer, draws: int = DRAWS
) -> bool:
    """Publish one course version; False when it was there already with the same content."""
    digest = course_hash(course)
    with conn.transaction():
        row = conn.execute(
            """SELECT content_hash FROM somekoulutus.published_courses
               WHERE course_id = %s AND version = %s FOR UPDATE""",
            (course.id, course.version),
        ).fetchone()
        if row is not None:
            if row[0] == digest:
                return False
            raise RegistryError(
                f"Kurssin {course.id} versio {course.version} on jo julkaistu toisenlaisena. "
                "Nosta kurssin versionumeroa (version:) ennen kuin julkaiset muutokset."
            )
        blueprint = [
            {"topic": b.topic, "min": b.min, "max": b.max, "pass_share": b.pass_share}
            for b in course.quiz.blueprint
        ]
        conn.execute(
            """INSERT INTO somekoulutus.published_courses
               (course_id, version, content_hash, pass_mark, blueprint, published_at)
               VALUES (%s, %s, %s, %s, %s, somekoulutus.now_iso())""",
            (
                course.id,
                course.version,
                digest,
                Decimal(str(course.quiz.pass_mark)),
                json.dumps(blueprint),
            ),
        )
        with conn.cursor() as cur:
            cur.executemany(
                """INSERT INTO somekoulutus.question_keys
                   VALUES (%s, %s, %s, %s, %s, %s, %s, %s)""",
                [
                    (
                        course.id,
                        course.version,
                        q.id,
                        q.topic,
                        q.group,
                        sorted(q.correct_indexes),
                        [c.feedback for c in q.choices],
                        q.explanation,
                    )
                    for q in course.quiz.all_questions()
                ],
            )
            rows: dict[str, tuple[str, int, str, list[str], str]] = {}
            while len(rows) < draws:
                seed = secrets.token_hex(8)
                plan = drawer(course, seed)
                rows[seed] = (
                    course.id,
                    course.version,
                    seed,
                    [p.question_id for p in plan],
                    plan_json(plan),
                )
            cur.executemany(
                "INSERT INTO somekoulutus.published_draws VALUES (%s, %s, %s, %s, %s)",
                list(rows.values()),
            )
        _audit(conn, "content.publish", course.id, {"version": course.version, "hash": digest})
    return True


def publish_definition(conn: psycopg.Connection, definition: CertificateDefinition) -> bool:
    """Publish a certificate definition; False when this content of it is there already."""
    digest = definition_hash(definition)
    policy = definition.attempt_policy
    document = {
        "title": definition.title,
        "requires": list(definition.requires),
        "validity_months": definition.validity_months,
        "grants": list(definition.grants),
        "wording": definition.wording,
    }
    with conn.transaction():
        inserted = conn.execute(
            """INSERT INTO somekoulutus.published_definitions
               VALUES (%s, %s, %s, %s, %s, somekoulutus.now_iso())
               ON CONFLICT DO NOTHING RETURNING 1""",
            (
                definition.id,
                digest,
                list(definition.requires),
                json.dumps({"attempts": policy.attempts, "wait_hours": policy.wait_hours})
                if policy
                else None,
                json.dumps(document, ensure_ascii=False),
            ),
        ).fetchone()
        if inserted:
            _audit(conn, "content.publish", definition.id, {"hash": digest})
    return inserted is not None


def publish_content(
    conn: psycopg.Connection, content: Content, drawer: Drawer, draws: int = DRAWS
) -> Published:
    """Publish every course and certificate definition of validated content."""
    new: list[str] = []
    unchanged: list[str] = []
    for course in content.courses.values():
        (new if publish_course(conn, course, drawer, draws) else unchanged).append(course.id)
    for definition in content.certificates.values():
        (new if publish_definition(conn, definition) else unchanged).append(definition.id)
    return Published(tuple(new), tuple(unchanged))


def _audit(conn: psycopg.Connection, action: str, target: str, details: dict[str, Any]) -> None:
    conn.execute(
        """INSERT INTO somekoulutus.audit_log (at, actor, action, target, details)
           VALUES (somekoulutus.now_iso(), session_user, %s, %s, %s)""",
        (action, target, json.dumps(details, ensure_ascii=False, sort_keys=True)),
    )
