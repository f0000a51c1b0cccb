"""The quiz part of a course file: questions, scenario groups, choices and the blueprint."""

from __future__ import annotations

from collections.abc import Sequence

from somekoulutus.content import schema as s
from somekoulutus.content.blueprint import Solver
from somekoulutus.content.checks import RunBase, complete, not_one_of
from somekoulutus.content.models import (
    QUESTION_TYPES,
    BlueprintTopic,
    Choice,
    Question,
    Quiz,
    ScenarioGroup,
)
from somekoulutus.content.schema import FileChecker, suggest
from somekoulutus.content.yamlnodes import (
    LList,
    LMap,
    Pos,
)


class QuizChecks(RunBase):
    """Checks and builds a course's quiz (mixed into the validation run)."""

    def _quiz(self, fc: FileChecker, m: LMap, lines: Sequence[str]) -> Quiz | None:
        qf = fc.fields(m, s.QUIZ)
        self._share(fc, qf, m, "pass_mark", "läpäisyrajan", "0.8")
        self._positive(fc, qf, m, "draw")
        questions = self._questions(fc, qf.get("questions"), None)
        groups: list[ScenarioGroup] | None = []
        grouped = 0
        for gm, _pos in fc.items(qf.get("scenarios"), "tilanteen"):
            gf = fc.fields(gm, s.SCENARIO_GROUP)
            self._id(fc, "scenario", gf, gm)
            group_questions = self._questions(fc, gf.get("questions"), gf.get("id"))
            if "questions" in gf:
                grouped += len(gf["questions"])
                if not gf["questions"]:
                    fc.error(
                        gm.value_pos["questions"], "tilanteessa pitää olla vähintään yksi kysymys"
                    )
            if (
                complete(gf, s.SCENARIO_GROUP)
                and group_questions is not None
                and groups is not None
            ):
                groups.append(ScenarioGroup(gf["id"], gf["title"], gf["story"], group_questions))
            else:
                groups = None
        # The pool is only known when the question lists themselves are well formed.
        pool_known = "questions" in qf and ("scenarios" in qf or "scenarios" not in m)
        if pool_known and "draw" in qf and qf["draw"] > len(qf["questions"]) + grouped:
            fc.error(
                m.value_pos["draw"],
                f"arvottavia kysymyksiä (draw: {qf['draw']}) on enemmän kuin kysymyksiä "
                f"yhteensä ({len(qf['questions']) + grouped})",
            )
        rows = self._blueprint(fc, qf.get("blueprint"))
        if not complete(qf, s.QUIZ) or questions is None or groups is None or rows is None:
            return None
        quiz = Quiz(
            pass_mark=float(qf["pass_mark"]),
            draw=qf["draw"],
            shuffle_choices=qf["shuffle_choices"],
            questions=questions,
            scenarios=tuple(groups),
            blueprint=rows,
        )
        if qf["draw"] <= len(quiz.all_questions()) and not quiz.draw_is_exact():
            sizes = ", ".join(str(len(g.questions)) for g in groups)
            fc.error(
                m.value_pos["draw"],
                f"kokeeseen ei saada aina tasan {qf['draw']} kysymystä (draw): tilanteet "
                f"arvotaan kokonaisina (kysymyksiä tilanteissa: {sizes}) ja erillisiä "
                f"kysymyksiä on {len(questions)}. Muuta draw-arvoa tai lisää erillisiä kysymyksiä.",
            )
        elif rows and qf["draw"] <= len(quiz.all_questions()):
            self._blueprint_fits(fc, quiz, qf["blueprint"], m.key_pos["blueprint"])
        return quiz

    def _blueprint(self, fc: FileChecker, items: LList | None) -> tuple[BlueprintTopic, ...] | None:
        """The blueprint's rows (empty when there is none), or None when a row is broken."""
        if items is None:
            return ()
        built = []
        seen: dict[str, int] = {}
        for bm, _pos in fc.items(items, "koesuunnitelman rivin"):
            bf = fc.fields(bm, s.BLUEPRINT_TOPIC)
            if "topic" in bf:
                if bf["topic"] in seen:
                    fc.error(
                        bm.value_pos["topic"],
                        f"aihe {bf['topic']!r} on koesuunnitelmassa jo rivillä {seen[bf['topic']]}",
                    )
                    del bf["topic"]
                else:
                    seen[bf["topic"]] = bm.value_pos["topic"].line
            self._positive(fc, bf, bm, "min")
            if "max" in bf and "min" in bf and bf["max"] < bf["min"]:
                fc.error(
                    bm.value_pos["max"],
                    f"enimmäismäärä (max: {bf['max']}) on pienempi kuin vähimmäismäärä "
                    f"(min: {bf['min']})",
                )
                del bf["max"]
            self._share(fc, bf, bm, "pass_share", "aiheen läpäisyosuuden", "0.5")
            if complete(bf, s.BLUEPRINT_TOPIC) and set(bf) == set(bm):
                share = bf.get("pass_share")
                built.append(
                    BlueprintTopic(
                        bf["topic"],
                        bf["min"],
                        bf.get("max"),
                        None if share is None else float(share),
                    )
                )
        return tuple(built) if len(built) == len(items) else None

    def _blueprint_fits(self, fc: FileChecker, quiz: Quiz, items: LList, where: Pos) -> None:
        """Report, at the first row that shows it, why no attempt can meet the blueprint."""
        pool: dict[str, int] = {}
        for q in quiz.all_questions():
            pool[q.topic] = pool.get(q.topic, 0) + 1
        found = False
        for row, bm in zip(quiz.blueprint, items, strict=True):
            if row.topic not in pool:
                fc.error(
                    bm.value_pos["topic"],
                    f"aiheesta {row.topic!r} ei ole yhtään kysymystä{suggest(row.topic, pool)}",
                )
                found = True
            elif pool[row.topic] < row.min:
                fc.error(
                    bm.value_pos["min"],
                    f"aiheesta {row.topic!r} on vain {pool[row.topic]} kysymystä, mutta "
                    f"jokaisessa kokeessa pitää olla vähintään {row.min}",
                )
                found = True
        least = sum(row.min for row in quiz.blueprint)
        if not found and least > quiz.draw:
            fc.error(
                where,
                f"koesuunnitelman vähimmäismäärät ovat yhteensä {least}, mutta kokeessa on "
                f"vain {quiz.draw} kysymystä (draw)",
            )
            found = True
        solver = Solver.of(quiz.blueprint)
        units = [(q,) for q in quiz.questions] + [g.questions for g in quiz.scenarios]
        if not found and not solver.feasible(quiz.draw, (0,) * len(quiz.blueprint), units):
            fc.error(
                where,
                f"yksikään {quiz.draw} kysymyksen koe ei täytä koesuunnitelmaa: tilanteet "
                "arvotaan kokonaisina, joten niiden aiheet tulevat kokeeseen yhdessä. "
                "Muuta koesuunnitelman määriä tai lisää erillisiä kysymyksiä.",
            )
            found = True
        if found:
            return
        # A scenario that no attempt can hold is never asked: its questions are dead weight.
        for index, group in enumerate(quiz.scenarios):
            vec = solver.vector(group.questions)
            rest = units[: len(quiz.questions) + index] + units[len(quiz.questions) + index + 1 :]
            if len(group.questions) > quiz.draw or not (
                solver.within_highs(vec)
                and solver.feasible(quiz.draw - len(group.questions), vec, rest)
            ):
                fc.error(
                    where,
                    f"tilanne {group.id!r} ei mahdu yhteenkään kokeeseen koesuunnitelman "
                    "mukaan (tilanne arvotaan kokonaisena): muuta määriä tai tilannetta",
                )

    def _questions(
        self, fc: FileChecker, items: LList | None, group: str | None
    ) -> tuple[Question, ...] | None:
        if items is None:
            return None
        built = []
        for m, _pos in fc.items(items, "kysymyksen"):
            question = self._question(fc, m, group)
            if question is not None:
                built.append(question)
        return tuple(built) if len(built) == len(items) else None

    def _question(self, fc: FileChecker, m: LMap, group: str | None) -> Question | None:
        qf = fc.fields(m, s.QUESTION)
        self._id(fc, "question", qf, m)
        self._sources(fc, qf)
        kind = qf.get("type")
        if kind is not None and kind not in QUESTION_TYPES:
            fc.error(
                m.value_pos["type"],
                not_one_of("kysymystyyppi", kind, QUESTION_TYPES),
            )
            kind = None
            del qf["type"]
        choices = self._choices(fc, qf.get("choices"), m, kind)
        if not complete(qf, s.QUESTION) or choices is None:
            return None
        return Question(
            id=qf["id"],
            topic=qf["topic"],
            type=qf["type"],
            prompt=qf["prompt"],
            choices=choices,
            explanation=qf["explanation"],
            source=tuple(qf["source"]),
            scenario=qf.get("scenario"),
            group=group,
        )

    def _choices(
        self, fc: FileChecker, items: LList | None, m: LMap, kind: str | None
    ) -> tuple[Choice, ...] | None:
        if items is None:
            return None
        built = []
        texts: dict[str, int] = {}
        correct_pos: list[Pos] = []
        for cm, _pos in fc.items(items, "vastausvaihtoehdon"):
            cf = fc.fields(cm, s.CHOICE)
            if "text" in cf:
                key = cf["text"].strip()
                if key in texts:
                    fc.error(
                        cm.value_pos["text"],
                        f"sama vastausvaihtoehto on jo rivillä {texts[key]}",
                    )
                else:
                    texts[key] = cm.value_pos["text"].line
            if cf.get("correct") is True:
                correct_pos.append(cm.value_pos["correct"])
            if complete(cf, s.CHOICE):
                built.append(Choice(cf["text"], cf["correct"], cf["feedback"]))
        where = m.key_pos["choices"]
        if len(items) < 2:
            fc.error(
                where,
                f"kysymyksellä pitää olla vähintään kaksi vastausvaihtoehtoa (nyt {len(items)})",
            )
        if len(built) != len(items):
            return None
        if kind is not None:
            self._correct_counts(fc, kind, built, correct_pos, where)
        return tuple(built)

    def _correct_counts(
        self, fc: FileChecker, kind: str, built: list[Choice], correct_pos: list[Pos], where: Pos
    ) -> None:
        n_correct = len(correct_pos)
        if kind == "true_false" and len(built) != 2:
            fc.error(
                where,
                f"true_false-kysymyksellä pitää olla täsmälleen kaksi vaihtoehtoa (nyt {len(built)})",
            )
        if kind in ("single", "true_false") and n_correct != 1:
            pos = correct_pos[1] if n_correct > 1 else where
            fc.error(
                pos,
                f"{kind}-kysymyksessä pitää olla täsmälleen yksi oikea vaihtoehto (nyt {n_correct})",
            )
        if kind == "multiple" and n_correct == 0:
            fc.error(where, "multiple-kysymyksessä pitää olla vähintään yksi oikea vaihtoehto")
        if kind == "multiple" and n_correct == len(built) and built:
            fc.error(where, "multiple-kysymyksessä pitää olla vähintään yksi väärä vaihtoehto")
