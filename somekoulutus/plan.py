"""The shape of a drawn attempt, shared by the quiz engine and the store (no imports)."""

from typing import NamedTuple


class PlannedQuestion(NamedTuple):
    """One drawn question and the order its choices are shown in (YAML indexes)."""

    question_id: str
    order: tuple[int, ...]
