"""Fixtures for the certificate tests: a small content folder and people who passed its quizzes."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from somekoulutus import quiz
from somekoulutus.content import load_content
from somekoulutus.content.models import Content
from somekoulutus.store import people
from somekoulutus.store.sqlite_store import SqliteStore

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="session")
def content() -> Content:
    """Two tiny courses (perus, lisa) and two definitions (perus; laaja needing both)."""
    return load_content(FIXTURES / "courses", FIXTURES / "certificates")


def add_person(conn: SqliteStore, login: str, name: str | None = None) -> people.Person:
    person = people.Person(
        login, name or f"Testi {login}", f"{login}@ylojarvi.fi", "Viestintä", "tyontekija"
    )
    conn.save_person(person)
    return person


def take_quiz(
    conn: SqliteStore, content: Content, login: str, course_id: str, *, correct: bool = True
) -> int:
    """Run one whole attempt through the store, answering everything right (or wrong)."""
    course = content.courses[course_id]
    plan = quiz.draw(course.quiz, random.Random(1))
    attempt_id = conn.start_attempt(
        login, course_id, course.version, "1", [(p.question_id, p.order) for p in plan]
    ).id
    answers = {}
    for position, planned in enumerate(plan):
        question = course.quiz.question(planned.question_id)
        wanted = (
            question.correct_indexes
            if correct
            else frozenset(range(len(question.choices))) - question.correct_indexes
        )
        chosen = sorted(wanted)[:1] if question.type != "multiple" else sorted(wanted)
        answers[position] = tuple(chosen)
        conn.record_answer(
            attempt_id,
            position,
            planned.question_id,
            chosen,
            quiz.is_correct(question, chosen),
        )
    result = quiz.score(course.quiz, plan, answers)
    conn.finish_attempt(attempt_id, result.score, result.passed)
    return attempt_id


@pytest.fixture
def passer(conn: SqliteStore, content: Content) -> Callable[..., people.Person]:
    """passer(login, *course_ids, name=None): a person who passed those courses."""

    def make(login: str, *course_ids: str, name: str | None = None) -> people.Person:
        person = conn.person(login) or add_person(conn, login, name)
        for course_id in course_ids or ("perus",):
            take_quiz(conn, content, login, course_id)
        return person

    return make


@pytest.fixture
def person(conn: SqliteStore) -> Callable[..., people.Person]:
    """person(login, name=None): save a profile."""
    return lambda login, name=None: add_person(conn, login, name)


@pytest.fixture
def attempt(conn: SqliteStore, content: Content) -> Callable[..., int]:
    """attempt(login, course_id, correct=True): a finished attempt; returns its id."""
    return lambda login, course_id, correct=True: take_quiz(
        conn, content, login, course_id, correct=correct
    )


@pytest.fixture
def now() -> datetime:
    """The injected clock's moment for most tests."""
    return NOW
