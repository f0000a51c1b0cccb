"""A course's questions in Moodle's GIFT format, for cities that also run Moodle. Pure.

Each question becomes one GIFT question titled with its id, its text being the scenario's
title and story (for a step of a scenario), the situation and the prompt, in [markdown].
Every choice keeps its feedback; the explanation and the guideline sections go into the
general feedback. single: `=right ~wrong`; multiple: the right choices share 100 % and a
wrong one takes it all away (-100 %), which is as near to our all-or-nothing grading as
GIFT gets; true_false: `{T#feedback if wrong#feedback if right}`.

GIFT's special characters ~ = # { } : and the backslash are escaped with a backslash;
line breaks inside the question text are written as `\\n`, and the one-paragraph texts
(choices, feedback) have their line breaks folded into spaces, because a blank line ends
a question in GIFT.
"""

from __future__ import annotations

from fractions import Fraction

from somekoulutus.content.models import Content, Course, Question
from somekoulutus.content.render import render

_SPECIAL = "\\~=#{}:"
#: The texts of a true/false question's choices that mean "true".
TRUE_TEXTS = ("totta", "tosi", "true")


def escape(text: str) -> str:
    """Text with GIFT's special characters escaped (the backslash first)."""
    return "".join("\\" + ch if ch in _SPECIAL else ch for ch in text)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _multiline(text: str) -> str:
    """Paragraphs and lines kept as `\\n`; never a blank line in the file."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return "\\n".join(escape(line) for line in lines)


def _percent(share: Fraction) -> str:
    # Moodle's own five decimals (33.33333, 16.66667); whole numbers as they are.
    value = float(share * 100)
    return f"{value:.5f}".rstrip("0").rstrip(".")


def question_text(content: Content, course: Course, question: Question) -> str:
    """The question as a learner reads it (rendered, Markdown): situation, then prompt."""
    ctx = {"organisation": content.organisation.data}
    parts = []
    if question.group is not None:
        group = course.quiz.group(question.group)
        step = [q.id for q in group.questions].index(question.id) + 1
        parts.append(f"**Tilanne: {group.title} (vaihe {step}/{len(group.questions)})**")
        parts.append(render(group.story, ctx).strip())
    if question.scenario:
        parts.append(render(question.scenario, ctx).strip())
    parts.append(render(question.prompt, ctx).strip())
    return "\n\n".join(p for p in parts if p)


def general_feedback(content: Content, question: Question) -> str:
    """The explanation and the guideline sections it rests on."""
    ctx = {"organisation": content.organisation.data}
    sections = "; ".join(content.guideline.title(s) for s in question.source)
    return f"{render(question.explanation, ctx).strip()}\n\nOhjeen kohta: {sections}"


def _answers(content: Content, question: Question) -> list[str]:
    ctx = {"organisation": content.organisation.data}

    def text(raw: str) -> str:
        return escape(_one_line(render(raw, ctx)))

    if question.type == "true_false":
        right = next(c for c in question.choices if c.correct)
        wrong = next(c for c in question.choices if not c.correct)
        key = "T" if _one_line(right.text).lower() in TRUE_TEXTS else "F"
        return [f"{key}#{text(wrong.feedback)}#{text(right.feedback)}"]
    if question.type == "single":
        return [
            f"{'=' if c.correct else '~'}{text(c.text)}#{text(c.feedback)}"
            for c in question.choices
        ]
    share = _percent(Fraction(1, len(question.correct_indexes)))
    return [
        f"~%{share if c.correct else '-100'}%{text(c.text)}#{text(c.feedback)}"
        for c in question.choices
    ]


def is_true_false_as_gift(question: Question) -> bool:
    """Can a true_false question be written as GIFT's T/F (its choices say true and false)?"""
    texts = {_one_line(c.text).lower() for c in question.choices}
    return len(texts & set(TRUE_TEXTS)) == 1


def course_gift(content: Content, course: Course) -> str:
    """Every question of the course (standalone first, then each scenario in order)."""
    blocks = [
        f"// {course.title} ({course.id}, versio {course.version}): "
        f"{len(course.quiz.all_questions())} kysymystä",
        f"$CATEGORY: $course$/{course.id}",
    ]
    for question in course.quiz.all_questions():
        q = question
        if q.type == "true_false" and not is_true_false_as_gift(q):
            # Choices that do not read as true/false: asked as a single choice instead.
            q = Question(q.id, q.topic, "single", q.prompt, q.choices, q.explanation, q.source,
                         q.scenario, q.group)  # fmt: skip
        lines = [f"// {q.topic}"]
        lines.append(
            f"::{escape(q.id)}::[markdown]{_multiline(question_text(content, course, q))}{{"
        )
        lines += [f"\t{a}" for a in _answers(content, q)]
        lines.append(f"\t####{_multiline(general_feedback(content, q))}")
        lines.append("}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
