"""A multi-step scenario keeps its feedback until its last step, then shows every step's."""

from __future__ import annotations

import io
import random

from rich.console import Console
from textual.widgets import Static

from somekoulutus import progress, quiz
from somekoulutus.content.models import Content
from somekoulutus.tui.screens.quiz import QuizScreen
from somekoulutus.tui.screens.result import ResultScreen
from somekoulutus.tui.widgets.choices import ChoiceList

from .conftest import SIZE, course_for, open_quiz_at, shown_correct, shown_wrong


def _text(screen: QuizScreen, selector: str) -> str:
    """What a Static shows, as plain text (a Text or a Group of renderables)."""
    console = Console(width=200, file=io.StringIO(), color_system=None)
    with console.capture() as captured:
        console.print(screen.query_one(selector, Static).content)
    return captured.get().strip()


def _scenario_in_a_draw(content: Content) -> tuple[int, list[str]]:
    """A seed whose first attempt holds a scenario of three or more steps, and its steps."""
    course = course_for(content)
    for seed in range(500):
        drawn = quiz.draw(course.quiz, random.Random(progress.draw_seed(random.Random(seed))))
        ids = [p.question_id for p in drawn]
        for group in course.quiz.scenarios:
            steps = [q.id for q in group.questions]
            if len(steps) >= 3 and steps[0] in ids:
                return seed, steps
    raise AssertionError("no draw holds a scenario of three steps")


async def test_scenario_feedback_waits_for_the_last_step(make_app, bundled_content, data_dir):
    seed, steps = _scenario_in_a_draw(bundled_content)
    course = course_for(bundled_content)
    open_quiz_at(data_dir, bundled_content, steps[0], seed=seed)
    app = make_app(bundled_content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        assert screen.question.id == steps[0]
        for n, step in enumerate(steps):
            assert screen.question.id == step
            last = n == len(steps) - 1
            # The first step is answered wrong, the others right.
            numbers = shown_wrong(screen) if n == 0 else shown_correct(screen)
            if n == 0:
                first_choice = screen.question.choices[screen.order[numbers[0] - 1]]
            for number in numbers:
                await pilot.press(str(number))
            await pilot.press("enter")
            await pilot.pause()
            assert screen.answered
            verdict = _text(screen, "#verdict")
            shown = _text(screen, "#choice-feedback") + _text(screen, "#question-source")
            if not last:
                # Saved, but nothing that tells right from wrong or explains the step.
                assert verdict == "Vastaus tallennettu. Palaute näytetään, kun tilanne päättyy."
                assert shown == ""
                assert screen.query_one(ChoiceList).graded is None
            else:
                assert verdict == "Oikein!"
                assert "Tilanteen aiemmat vaiheet" in shown
                first = course.quiz.question(steps[0])
                flat = " ".join(shown.split())
                assert "Väärin." in flat
                # The first step's (wrong) choice with its own feedback, and the reasoning.
                for text in (first_choice.text, first_choice.feedback, first.explanation):
                    words = progress.rendered(bundled_content, text).split()
                    assert " ".join(words[:6]) in flat, (text, flat)
            await pilot.press("enter")
            await pilot.pause()
            if isinstance(app.screen, ResultScreen):
                break
