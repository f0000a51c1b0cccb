"""Immutable models of the course content. Loaded and validated by `content.loader`.

The models are NamedTuples, not frozen dataclasses, as are the registry's rows read before
the first screen (people, learning, plan, progress): the app unpickles the content at every
start, and Python 3.11 takes ~0.5 ms to make each dataclass (it compiles its methods), a
NamedTuple a tenth of that.
"""

from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal, NamedTuple, get_args

Audience = Literal["tyontekija", "luottamushenkilo", "kaikki"]
QuestionType = Literal["single", "multiple", "true_false"]
RIGHTS = ("sisallontuottaja", "paakayttaja")
AUDIENCES: tuple[str, ...] = get_args(Audience)
QUESTION_TYPES: tuple[str, ...] = get_args(QuestionType)


class Section(NamedTuple):
    """A section of the guideline: the target of a lesson's or question's `source`."""

    id: str
    title: str
    parent: str | None = None


class Guideline(NamedTuple):
    """The guideline's sections, in guideline.yaml order."""

    sections: tuple[Section, ...]

    def section(self, section_id: str) -> Section | None:
        """The section with this id, or None."""
        return next((s for s in self.sections if s.id == section_id), None)

    def title(self, section_id: str) -> str:
        """A section's title, falling back to its id."""
        section = self.section(section_id)
        return section.title if section else section_id


class Channel(NamedTuple):
    """One of the city's own accounts, from organisation.yaml."""

    id: str
    platform: str
    url: str
    purpose: str
    audience: str
    hashtags: tuple[str, ...]
    managed_by: str


class Organisation(NamedTuple):
    """organisation.yaml: the city, its accounts, and the data templates see."""

    name: str
    website: str
    intranet: str
    channels: tuple[Channel, ...]
    #: The whole organisation.yaml as plain data: the Jinja2 context for templates.
    data: dict[str, Any]
    email_domain: str | None = None
    social_media_page: str | None = None
    #: Where anyone can check a certificate: https address, `{id}` for the certificate id
    #: (else the id is added to the path). Certificates' QR codes then hold this link.
    verification_url: str | None = None


class Choice(NamedTuple):
    """An answer choice; identified by its index in YAML order."""

    text: str
    correct: bool
    feedback: str


class Question(NamedTuple):
    """A quiz question (standalone or one step of a scenario group)."""

    id: str
    topic: str
    type: QuestionType
    prompt: str
    choices: tuple[Choice, ...]
    explanation: str
    source: tuple[str, ...]
    scenario: str | None = None
    #: Id of the scenario group this question belongs to, if any.
    group: str | None = None

    @property
    def correct_indexes(self) -> frozenset[int]:
        """Indexes (in YAML order) of the correct choices."""
        return frozenset(i for i, c in enumerate(self.choices) if c.correct)


class ScenarioGroup(NamedTuple):
    """A situation that unfolds over several questions, drawn together and in order."""

    id: str
    title: str
    story: str
    questions: tuple[Question, ...]


def fills_exactly(room: int, singles: int, group_sizes: Iterable[int]) -> bool:
    """Can `singles` standalone questions plus whole groups of these sizes make exactly `room`?"""
    if singles >= room:
        return True
    # Subset sums of the group sizes as a bit set (bit k: a sum of k is possible); sums
    # between room - singles and room can be topped up with standalone questions.
    reachable, mask = 1, (1 << (room + 1)) - 1
    for size in group_sizes:
        reachable |= (reachable << size) & mask
    return reachable >> (room - singles) != 0


class BlueprintTopic(NamedTuple):
    """One row of a quiz's blueprint: how many questions of a topic every attempt asks.

    Every attempt asks at least `min` and at most `max` (None: no upper bound) questions
    whose `topic` is this one. A critical topic (`pass_share` set) must also be answered
    well on its own: at least that share of its questions in the attempt right.
    """

    topic: str
    min: int
    max: int | None = None
    #: Share (0 < x <= 1) of this topic's questions that must be right; None: not critical.
    pass_share: float | None = None

    @property
    def critical(self) -> bool:
        """Is passing conditional on this topic on its own?"""
        return self.pass_share is not None


class Quiz(NamedTuple):
    """A course's quiz: how many to draw, the pass mark, and the question pool."""

    pass_mark: float
    draw: int
    shuffle_choices: bool
    questions: tuple[Question, ...]
    scenarios: tuple[ScenarioGroup, ...] = ()
    #: What every attempt examines (empty: any draw of `draw` questions).
    blueprint: tuple[BlueprintTopic, ...] = ()

    def draw_is_exact(self) -> bool:
        """Can every attempt have exactly `draw` questions, drawing groups whole?"""
        sizes = [len(g.questions) for g in self.scenarios]
        singles = len(self.questions) + sizes.count(1)
        return fills_exactly(self.draw, singles, (n for n in sizes if n > 1))

    def all_questions(self) -> tuple[Question, ...]:
        """Standalone questions first, then each scenario group's questions in order."""
        grouped = tuple(q for g in self.scenarios for q in g.questions)
        return self.questions + grouped

    def question(self, question_id: str) -> Question:
        """The question with this id; KeyError if the quiz has none."""
        for q in self.all_questions():
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def group(self, group_id: str) -> ScenarioGroup:
        """The scenario group with this id; KeyError if the quiz has none."""
        for g in self.scenarios:
            if g.id == group_id:
                return g
        raise KeyError(group_id)


class Lesson(NamedTuple):
    """A lesson: Markdown body (a Jinja2 template) and the points to remember."""

    id: str
    title: str
    source: tuple[str, ...]
    body: str
    key_points: tuple[str, ...]


class Course(NamedTuple):
    """A course file: its lessons and its quiz."""

    id: str
    version: int
    title: str
    audience: Audience
    description: str
    estimated_minutes: int
    lessons: tuple[Lesson, ...]
    quiz: Quiz
    path: Path | None = None

    def lesson(self, lesson_id: str) -> Lesson:
        """The lesson with this id; KeyError if the course has none."""
        for lesson in self.lessons:
            if lesson.id == lesson_id:
                return lesson
        raise KeyError(lesson_id)


class AttemptPolicy(NamedTuple):
    """How often the quiz of a certificate may be tried: `attempts`, then a wait."""

    attempts: int
    wait_hours: float


class CertificateDefinition(NamedTuple):
    """What passing grants: a certificate definition from certificates/."""

    id: str
    title: str
    requires: tuple[str, ...]
    validity_months: int
    grants: tuple[str, ...]
    wording: str
    path: Path | None = None
    #: Attempts allowed per round and the wait after them; None: unlimited.
    attempt_policy: AttemptPolicy | None = None


class Content(NamedTuple):
    """Everything loaded from a courses folder and a certificates folder."""

    organisation: Organisation
    guideline: Guideline
    courses: dict[str, Course]
    certificates: dict[str, CertificateDefinition]
    courses_dir: Path
    certificates_dir: Path

    def courses_for(self, role: str) -> list[Course]:
        """Courses meant for a role (`tyontekija` or `luottamushenkilo`), plus `kaikki`."""
        return [c for c in self.courses.values() if c.audience in (role, "kaikki")]
