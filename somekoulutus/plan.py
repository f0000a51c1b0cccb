"""The shape of a drawn attempt, shared by the quiz engine and the store (no imports)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PlannedQuestion:
    """One drawn question and the order its choices are shown in (YAML indexes)."""

    question_id: str
    order: tuple[int, ...]
