"""Can a selection of questions still meet a quiz's blueprint? The solver behind the draw.

A quiz's pool is made of *units*: a standalone question, or a scenario group drawn whole.
An attempt takes whole units until it has exactly `quiz.draw` questions, and the blueprint
asks that every attempt has between `min` and `max` questions of each listed topic.

`Solver.feasible` answers: given the counts taken so far and the units still available,
can the attempt be completed? Standalone questions only matter by how many there are per
topic (any number up to that can be taken), so only the scenario groups need a search: the
subsets of the groups (deduplicated by their size and topic counts), each topped up with
standalone questions, which is an interval check per topic. Pure, no randomness.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from somekoulutus.content.models import BlueprintTopic, Question

Unit = tuple[Question, ...]
_NO_LIMIT = 1 << 30


@dataclass(frozen=True)
class Solver:
    """The blueprint's bounds, indexed by topic; unlisted topics are free."""

    topics: tuple[str, ...]
    lows: tuple[int, ...]
    highs: tuple[int, ...]

    @classmethod
    def of(cls, blueprint: Sequence[BlueprintTopic]) -> Solver:
        """The solver for a blueprint (an empty one only counts questions)."""
        return cls(
            tuple(b.topic for b in blueprint),
            tuple(b.min for b in blueprint),
            tuple(_NO_LIMIT if b.max is None else b.max for b in blueprint),
        )

    def vector(self, unit: Unit) -> tuple[int, ...]:
        """How many questions of each blueprint topic a unit holds."""
        return tuple(sum(q.topic == t for q in unit) for t in self.topics)

    def within_highs(self, counts: Sequence[int]) -> bool:
        """No topic above its maximum."""
        return all(c <= h for c, h in zip(counts, self.highs, strict=True))

    def feasible(self, room: int, counts: Sequence[int], rest: Sequence[Unit]) -> bool:
        """Can exactly `room` more questions be taken from `rest` so that every topic ends
        within its bounds, given `counts` questions per topic taken already?"""
        n = len(self.topics)
        singles = [0] * n
        free = 0
        groups: list[tuple[int, tuple[int, ...]]] = []
        for unit in rest:
            vec = self.vector(unit)
            if len(unit) == 1:
                if any(vec):
                    singles[vec.index(1)] += 1
                else:
                    free += 1
            else:
                groups.append((len(unit), vec))
        return self._fill(room, counts, singles, free, groups)

    def _fill(
        self,
        room: int,
        counts: Sequence[int],
        singles: Sequence[int],
        free: int,
        groups: Sequence[tuple[int, tuple[int, ...]]],
    ) -> bool:
        # Every combination of groups (as its size and topic counts), pruned by room and maxima.
        combos = {(0, tuple(counts))}
        for size, vec in groups:
            grown = set()
            for taken, have in combos:
                if taken + size <= room:
                    new = tuple(a + b for a, b in zip(have, vec, strict=True))
                    if self.within_highs(new):
                        grown.add((taken + size, new))
            combos |= grown
        for taken, have in combos:
            low_sum = 0
            high_sum = free
            for have_t, low, high, pool in zip(have, self.lows, self.highs, singles, strict=True):
                need = max(0, low - have_t)
                can = min(pool, high - have_t)
                if need > can:
                    break
                low_sum += need
                high_sum += can
            else:
                if low_sum <= room - taken <= high_sum:
                    return True
        return False

    def choose(self, units: Sequence[Unit], room: int) -> list[int]:
        """Indexes of the units taken, going through `units` in order and taking each one
        that still leaves a way to complete the attempt. Raises ValueError when no attempt
        can meet the blueprint (the validator reports that before any draw)."""
        n = len(self.topics)
        counts = (0,) * n
        vectors = [self.vector(u) for u in units]
        # Suffix summaries: standalone questions per topic (and free) from index i onwards.
        suffix_singles = [[0] * n for _ in range(len(units) + 1)]
        suffix_free = [0] * (len(units) + 1)
        for i in range(len(units) - 1, -1, -1):
            suffix_singles[i] = list(suffix_singles[i + 1])
            suffix_free[i] = suffix_free[i + 1]
            if len(units[i]) == 1:
                if any(vectors[i]):
                    suffix_singles[i][vectors[i].index(1)] += 1
                else:
                    suffix_free[i] += 1
        groups_from = [
            [(len(units[j]), vectors[j]) for j in range(i, len(units)) if len(units[j]) > 1]
            for i in range(len(units) + 1)
        ]

        def can_finish(i: int, left: int, have: tuple[int, ...]) -> bool:
            return self._fill(left, have, suffix_singles[i], suffix_free[i], groups_from[i])

        exact = can_finish(0, room, counts)
        if not exact and self.topics:
            raise ValueError("the pool cannot meet the blueprint")
        chosen = []
        for i, unit in enumerate(units):
            if room == 0:
                break
            if len(unit) > room:
                continue
            new = tuple(a + b for a, b in zip(counts, vectors[i], strict=True))
            if not self.within_highs(new):
                continue
            # Take a unit only if the rest can still complete the attempt: a group taken
            # too early could otherwise leave a gap, or a topic below its minimum.
            if not exact or can_finish(i + 1, room - len(unit), new):
                chosen.append(i)
                room -= len(unit)
                counts = new
        return chosen
