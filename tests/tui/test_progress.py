"""The domain behind the learner screens: profile checks, states, resume, review."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from somekoulutus import certs, profile, progress, quiz, review
from somekoulutus.store.learning import Position
from somekoulutus.store.people import Person

from .conftest import course_for, read_all

PERSON = Person("matti", "Matti", "matti@ylojarvi.fi", "Kirjasto", "tyontekija")


def test_profile_check_messages():
    empty = profile.check_profile(" ", "", "", None, "ylojarvi.fi")
    assert set(empty.errors) == {"name", "email", "unit", "role"}
    assert empty.errors["name"] == "Nimi puuttuu. Kirjoita se kenttään."
    bad = profile.check_profile("A", "a@b", "U", "tyontekija", "ylojarvi.fi")
    assert "ei näytä oikealta" in bad.errors["email"]
    other = profile.check_profile("A", "a@gmail.com", "U", "tyontekija", "ylojarvi.fi")
    assert not other.errors and "@ylojarvi.fi" in other.warnings["email"]
    ours = profile.check_profile("A", "A@Ylojarvi.FI", "U", "luottamushenkilo", "ylojarvi.fi")
    assert ours == profile.ProfileCheck({}, {})
    long = profile.check_profile("x" * 201, "a@ylojarvi.fi", "U", "tyontekija", "ylojarvi.fi")
    assert "liian pitkä" in long.errors["name"]


def test_finnish_date():
    assert progress.finnish_date("2025-03-05") == "5.3.2025"
    assert progress.finnish_date(datetime(2026, 12, 24, 12, tzinfo=UTC)) == "24.12.2026"


def test_basic_course_comes_first(bundled_content):
    ids = [c.id for c in progress.courses_for(bundled_content, "tyontekija")]
    assert ids[0] == "sisallontuottaja"
    assert "luottamushenkilo" not in ids
    officials = [c.id for c in progress.courses_for(bundled_content, "luottamushenkilo")]
    assert "luottamushenkilo" in officials and "sisallontuottaja" not in officials


def test_states_and_resume_follow_the_person(conn, bundled_content):
    conn.save_person(PERSON)
    course = course_for(bundled_content)
    state = progress.course_state(conn, "matti", course)
    assert not state.started and state.summary().startswith("Aloittamatta")
    first = progress.resume_target(conn, bundled_content, PERSON)
    assert first == Position("lesson", course.id, lesson_id=course.lessons[0].id)

    conn.mark_read("matti", course.id, course.lessons[0].id)
    state = progress.course_state(conn, "matti", course)
    assert state.summary() == f"Oppitunteja luettu 1/{len(course.lessons)}"
    suggested = progress.resume_target(conn, bundled_content, PERSON)
    assert suggested.lesson_id == course.lessons[1].id

    # A saved place wins over the suggestion.
    conn.save_position("matti", Position("lesson", course.id, course.lessons[5].id))
    assert progress.resume_target(conn, bundled_content, PERSON).lesson_id == course.lessons[5].id
    # A place that no longer exists in the content is ignored.
    conn.save_position("matti", Position("lesson", course.id, "poistettu"))
    assert progress.saved_position(conn, bundled_content, PERSON) is None


def test_attempt_is_reused_until_finished_then_drawn_anew(conn, bundled_content):
    conn.save_person(PERSON)
    course = course_for(bundled_content)
    rng = random.Random(3)
    read_all(conn, "matti", course)
    attempt = progress.attempt_for(conn, "matti", course, rng)
    assert progress.attempt_for(conn, "matti", course, rng).id == attempt.id
    q = course.quiz.question(attempt.plan[0].question_id)
    attempt, correct = progress.answer(conn, course, attempt, 0, sorted(q.correct_indexes))
    assert correct and attempt.answers == {0: tuple(sorted(q.correct_indexes))}
    conn.save_position("matti", Position("quiz", course.id, attempt_id=attempt.id))
    assert progress.resume_target(conn, bundled_content, PERSON).attempt_id == attempt.id

    result = progress.finish(conn, course, attempt)
    assert not result.passed
    # The saved quiz place now leads to the result of the finished attempt.
    assert progress.saved_position(conn, bundled_content, PERSON).screen == "result"
    read_all(conn, "matti", course)
    again = progress.attempt_for(conn, "matti", course, rng)
    assert again.id != attempt.id and again.plan != attempt.plan


def test_weakest_topics_map_to_lessons_through_sources(bundled_content):
    course = course_for(bundled_content)
    plan = quiz.draw(course.quiz, random.Random(5))
    # Everything right except the questions of one topic.
    weak_topic = course.quiz.question(plan[0].question_id).topic
    answers = {}
    for i, p in enumerate(plan):
        q = course.quiz.question(p.question_id)
        answers[i] = [] if q.topic == weak_topic else sorted(q.correct_indexes)
    result = quiz.score(course.quiz, plan, answers)
    assert review.weakest_topics(course, result) == [weak_topic]
    lessons = review.lessons_for_topics(bundled_content, course, [weak_topic])
    assert lessons
    cited = {s for q in course.quiz.all_questions() if q.topic == weak_topic for s in q.source}
    family = set()
    for s in cited:
        family |= review._ancestors(bundled_content.guideline, s)
    for lesson in lessons:
        mine = set()
        for s in lesson.source:
            mine |= review._ancestors(bundled_content.guideline, s)
        assert mine & (family | cited)


def test_review_prefers_lessons_on_the_missed_questions_own_sections(bundled_content):
    course = bundled_content.courses["sisallontuottaja"]
    plan = quiz.draw(course.quiz, random.Random(1))
    result = quiz.score(course.quiz, plan, {})  # nothing answered: every topic is weak
    topics = review.weakest_topics(course, result)
    assert len(topics) == 3
    lessons = review.lessons_for_topics(bundled_content, course, topics, result.missed)
    assert 0 < len(lessons) <= review.REVIEW_MAX
    missed = [
        course.quiz.question(m) for m in result.missed if course.quiz.question(m).topic in topics
    ]
    cited = {s for q in missed for s in q.source}
    # Each marked lesson shares a section with a missed question; a lesson on the whole
    # chapter ("kayttoonotto-yllapito") counts only for a question that cites the chapter.
    for lesson in lessons:
        assert set(lesson.source) & cited, lesson.id
    # As many missed questions as the cap allows have a lesson of their own.
    reached = [q for q in missed if any(set(x.source) & set(q.source) for x in lessons)]
    assert len(reached) == len(missed) or len(lessons) == review.REVIEW_MAX
    assert [x.id for x in lessons] == [x.id for x in course.lessons if x in lessons]


def test_review_falls_back_to_the_chapter_only_without_an_exact_lesson(bundled_content):
    course = bundled_content.courses["sisallontuottaja"]
    question = next(q for q in course.quiz.all_questions() if q.source == ("kayttoonotto",))
    exact = review.lessons_for_topics(bundled_content, course, [question.topic], [question.id])
    assert [x.id for x in exact] == ["sp-kayttoonotto"]  # not the chapter's other lessons
    # Without a lesson on "kayttoonotto", the lessons on its chapter stand in.
    without = course._replace(
        lessons=tuple(x for x in course.lessons if "kayttoonotto" not in x.source)
    )
    chapter = review.lessons_for_topics(bundled_content, without, [question.topic], [question.id])
    assert chapter and all("kayttoonotto-yllapito" in x.source for x in chapter)


def test_certificate_line_tells_validity(conn, bundled_content, data_dir):
    conn.save_person(PERSON)
    course = course_for(bundled_content)
    assert progress.certificate_line(bundled_content, course, [], datetime.now(UTC), 30) is None
    read_all(conn, "matti", course)
    attempt = progress.attempt_for(conn, "matti", course, random.Random(1))
    for i, p in enumerate(attempt.plan):
        q = course.quiz.question(p.question_id)
        attempt, _ = progress.answer(conn, course, attempt, i, sorted(q.correct_indexes))
    assert progress.finish(conn, course, attempt).passed
    issued_at = datetime(2025, 1, 1, tzinfo=UTC)
    records = certs.issue_if_eligible(conn, bundled_content, data_dir, "matti", now=issued_at)
    expires = records[0].expires_at
    line = progress.certificate_line(bundled_content, course, records, issued_at, 30)
    assert line == f"Todistus voimassa {progress.finnish_date(expires)} asti"
    soon = expires - timedelta(days=10)
    line = progress.certificate_line(bundled_content, course, records, soon, 30)
    assert line.startswith("Todistus vanhenee pian")
    line = progress.certificate_line(bundled_content, course, records, expires, 30)
    assert line.startswith("Todistus vanhentunut")
