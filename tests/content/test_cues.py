"""The wording-cue check: word classes, the measures, and `validate` (warning / --strict)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from somekoulutus.cli import main
from somekoulutus.cli.context import AppContext
from somekoulutus.content.cues import (
    course_cues,
    findings,
    has_absolute,
    has_hedge,
    has_justification,
)
from somekoulutus.content.models import Choice, Content, Question

from .conftest import BASE, BUNDLED_COURSES, Builder


def test_word_classes():
    assert has_absolute("Tili suljetaan aina heti.")
    assert has_absolute("Kaikkien käyttäjien tunnukset")
    assert has_absolute("Sitä ei tehdä koskaan.")
    assert has_absolute("Vain pääkäyttäjä")
    assert not has_absolute("Tilillä on kaksi pääkäyttäjää.")
    assert has_hedge("Kuvan voi julkaista luvalla.")
    assert has_hedge("Yleensä vastataan kahdessa päivässä.")
    assert not has_hedge("Todistus on voimassa kaksi vuotta.")  # voimassa is not voi
    assert has_justification("Julkaise, jotta kaikki näkevät.")
    assert has_justification("Koska tili on kaupungin, ...")
    assert not has_justification("Tili on kaupungin.")


def _q(n: int, key: str, wrong: tuple[str, ...]) -> Question:
    choices = (Choice(key, True, "Oikein."),) + tuple(Choice(w, False, "Väärin.") for w in wrong)
    return Question(f"cue-{n}", "aihe", "single", "Mitä teet?", choices, "Selitys.", ("roolit",))


def test_a_skewed_course_is_found_and_an_even_one_is_not(bundled_content: Content):
    course = bundled_content.courses["paakayttaja"]
    skewed = tuple(
        _q(
            n,
            "Sovit asiasta pääkäyttäjän kanssa.",
            ("Poistat tilin aina heti, koska ohje vaatii sitä.", "Vastaat vain itse."),
        )
        for n in range(8)
    )
    quiz = course.quiz._replace(questions=skewed, scenarios=(), blueprint=())
    m = course_cues(bundled_content, course._replace(quiz=quiz))
    assert m["absolute"] == {"keyed": 0.0, "distractors": 1.0}
    assert m["justification"] == {"keyed": 0.0, "distractors": 0.5}
    assert m["keyed_longest"]["share"] == 0.0 and m["keyed_shortest"]["share"] == 0.0
    measures = {f.measure for f in findings(course.id, m)}
    assert measures == {"absolute", "justification"}

    # Absolutes as often in keys as in distractors; but the key is always the longest.
    even = tuple(
        _q(n, "Poistat tilin aina, kun se on jäänyt hoitamatta.", ("Vastaat itse.", "Kysyt."))
        if n % 2
        else _q(n, "Sovit asiasta pääkäyttäjän kanssa kirjallisesti.", ("Aina itse.", "Heti."))
        for n in range(8)
    )
    quiz = course.quiz._replace(questions=even, scenarios=(), blueprint=())
    m = course_cues(bundled_content, course._replace(quiz=quiz))
    assert [f.measure for f in findings(course.id, m)] == ["length"]  # the key is the longest


def test_true_false_balance_and_the_absolute_rule(bundled_content: Content):
    course = bundled_content.courses["paakayttaja"]

    def tf(n: int, statement: str, true: bool) -> Question:
        choices = (Choice("Totta", true, "a"), Choice("Tarua", not true, "b"))
        return Question(f"tf-{n}", "aihe", "true_false", statement, choices, "e", ("roolit",))

    items = tuple(tf(n, "Tili suljetaan aina heti.", False) for n in range(6)) + (
        tf(6, "Tilillä on kaksi pääkäyttäjää.", False),
    )
    quiz = course.quiz._replace(questions=items, scenarios=(), blueprint=())
    m = course_cues(bundled_content, course._replace(quiz=quiz))
    assert m["true_false"] == {
        "items": 7,
        "keyed_true": 0.0,
        "absolute_items": 6,
        "absolute_rule_right": 1.0,
    }
    assert {f.measure for f in findings(course.id, m)} == {"true_false", "absolute_rule"}


def _skewed_course(tmp_path: Path) -> Path:
    text = (BASE / "courses" / "mini.yaml").read_text("utf-8")
    # Every distractor absolute, no key; the key is as often longer as shorter.
    keys = ("Sovit asiasta pääkäyttäjän kanssa ennen julkaisua.", "Sovit asiasta.")
    wrongs = ("Poistat tilin aina heti.", "Poistat tilin aina heti ilman keskustelua.")
    extra = "".join(
        f"""    - id: mini-cue{n}
      topic: kanavat
      type: single
      prompt: Mitä teet?
      choices:
        - text: {keys[n % 2]}
          correct: true
          feedback: Hyvä.
        - text: {wrongs[n % 2]}
          correct: false
          feedback: Ei.
      explanation: Selitys.
      source: [kanavat]
"""
        for n in range(6)
    )
    text = text.replace("  scenarios:\n", extra + "  scenarios:\n")
    path = tmp_path / "mini.yaml"
    path.write_text(text, "utf-8")
    return path


def _run(*args: str):
    return CliRunner().invoke(main, list(args), obj=AppContext(login="testaaja"))


def test_validate_warns_and_strict_fails(build_root: Builder, tmp_path: Path, monkeypatch):
    root = build_root(courses=[_skewed_course(tmp_path)])
    monkeypatch.chdir(root)
    result = _run("validate", ".")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("courses/mini.yaml:15:1: varoitus: vihje vastaukseen: ")
    assert "ehdottomia sanoja" in lines[0] and "0 % ja väärissä 75 %" in lines[0]
    assert lines[-1].endswith("Varoituksia 1 (--strict tekee niistä virheitä).")
    strict = _run("validate", "--strict", ".")
    assert strict.exit_code == 1
    assert strict.output.splitlines()[0].startswith("courses/mini.yaml:15:1: vihje vastaukseen")
    assert strict.output.splitlines()[-1] == "Löytyi 1 virhe 1 tiedostossa."


def test_bundled_content_passes_strict():
    root = BUNDLED_COURSES.parent
    result = _run("validate", "--strict", str(root))
    assert result.exit_code == 0, result.output
    assert "varoitus" not in result.output


def test_a_question_no_lesson_teaches_is_reported(build_root: Builder, monkeypatch):
    """A question citing a section that no lesson of its course (nor a parent or child
    section) covers: the learner meets it unprepared and its review links nowhere."""
    text = (BASE / "courses" / "mini.yaml").read_text("utf-8")
    text = text.replace("    source: [kanavat, tietoturva]\n", "    source: [kanavat]\n", 1)
    root = build_root()
    (root / "courses" / "mini.yaml").write_text(text, "utf-8")
    monkeypatch.chdir(root)
    result = _run("validate", ".")
    assert result.exit_code == 0
    untaught = [line for line in result.output.splitlines() if "ei käsitellä" in line]
    assert untaught[0] == (
        "courses/mini.yaml:38:1: varoitus: kysymyksen mini-t1-k1 lähdeosioita (salasanat) "
        "ei käsitellä yhdessäkään tämän kurssin oppitunnissa"
    )
    assert len(untaught) == 2
    assert _run("validate", "--strict", ".").exit_code == 1
