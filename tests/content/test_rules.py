"""Every validator rule: a fixture file with one defect, and the issue's message and place."""

from __future__ import annotations

from pathlib import Path

import pytest

from somekoulutus.content import ContentError, Issue, load_content

from .conftest import BASE, RULES, Builder


def _issues(root: Path) -> list[Issue]:
    with pytest.raises(ContentError) as caught:
        load_content(root / "courses", root / "certificates")
    return caught.value.issues


def _assert_issue(issues: list[Issue], name: str, line: int, column: int, text: str) -> None:
    found = [(i.line, i.column, i.message) for i in issues if Path(i.file).name == name]
    assert any((ln, col) == (line, column) and text in msg for ln, col, msg in found), found


COURSE_RULES = [
    ("syntax-error", 11, 9, "YAML-virhe: sulkeva ] puuttuu"),
    ("duplicate-key", 18, 3, "kenttä 'draw' toistuu (ensimmäinen rivillä 17)"),
    ("unknown-key", 29, 11, "tuntematon kenttä 'corect' (tarkoititko 'correct'?)"),
    ("missing-title", 1, 1, "pakollinen kenttä 'title' puuttuu"),
    ("version-text", 2, 10, "kentän 'version' arvon pitää olla kokonaisluku (nyt: tekstiä)"),
    ("draw-bool", 17, 9, "kentän 'draw' arvon pitää olla kokonaisluku (nyt: totuusarvo)"),
    ("shuffle-text", 18, 20, "kentän 'shuffle_choices' arvon pitää olla totuusarvo"),
    ("duplicate-question", 51, 15, "kysymyksen tunniste 'mini-k1' on jo käytössä"),
    ("duplicate-choice", 59, 21, "sama vastausvaihtoehto on jo rivillä 56"),
    ("single-two-correct", 29, 20, "single-kysymyksessä pitää olla täsmälleen yksi oikea"),
    ("single-no-correct", 24, 7, "single-kysymyksessä pitää olla täsmälleen yksi oikea"),
    ("true-false-three", 42, 11, "true_false-kysymyksellä pitää olla täsmälleen kaksi"),
    ("multiple-all-correct", 55, 11, "vähintään yksi väärä vaihtoehto"),
    ("multiple-none-correct", 55, 11, "vähintään yksi oikea vaihtoehto"),
    ("choice-without-feedback", 25, 11, "pakollinen kenttä 'feedback' puuttuu"),
    ("unknown-source", 50, 20, "lähdettä 'salasana' ei ole tiedostossa guideline.yaml"),
    ("draw-too-large", 17, 9, "(draw: 4) on enemmän kuin kysymyksiä yhteensä (3)"),
    ("hashtag-comment", 27, 34, "YAML lukee kohdan ' #…' kommentiksi"),
    ("draw-not-exact", 17, 9, "kokeeseen ei saada aina tasan 2 kysymystä (draw)"),
    ("pass-mark-zero", 16, 14, "läpäisyrajan (pass_mark) pitää olla yli 0 ja enintään 1"),
    ("pass-mark-over-one", 16, 14, "(nyt: 1.5)"),
    ("body-undefined", 13, 7, "Jinja2-malli ei toimi: tuntematon kenttä 'nimi'"),
    ("body-syntax", 13, 7, "Jinja2-mallin syntaksivirhe"),
    ("bad-audience", 4, 11, "tuntematon kohderyhmä 'työntekijä'"),
    ("bad-type", 53, 17, "tuntematon kysymystyyppi 'multi'"),
    ("id-not-stem", 1, 5, "ei vastaa tiedoston nimeä 'id-not-stem.yaml'"),
    ("alias", 49, 24, "viittauksia (*nimi) ei sallita"),
    ("python-tag", 5, 14, "tunniste '!!python/object:os.system' ei ole sallittu"),
    ("lesson-not-mapping", 15, 5, "oppitunnin pitää olla rakenne, jossa on kenttiä"),
    ("latin1", 27, 24, "tiedosto ei ole UTF-8-merkistöä"),
    ("empty", 1, 1, "tiedosto on tyhjä"),
]


@pytest.mark.parametrize(("name", "line", "column", "text"), COURSE_RULES)
def test_course_rule(build_root: Builder, name: str, line: int, column: int, text: str) -> None:
    root = build_root(courses=[RULES / "courses" / f"{name}.yaml"])
    _assert_issue(_issues(root), f"{name}.yaml", line, column, text)


def test_bad_type_suggests_nearest(build_root: Builder) -> None:
    root = build_root(courses=[RULES / "courses" / "bad-type.yaml"])
    _assert_issue(_issues(root), "bad-type.yaml", 53, 17, "(tarkoititko 'multiple'?)")


def test_fixture_mutations_leave_exactly_one_issue_where_intended(build_root: Builder) -> None:
    # Guards the fixtures themselves: the base course is clean, so each rule file shows
    # only its own defect (plus the companion issue an unknown key leaves behind).
    clean = build_root(
        courses=[BASE / "courses" / "mini.yaml"], certificates=[BASE / "certificates" / "mini.yaml"]
    )
    assert load_content(clean / "courses", clean / "certificates").courses["mini"].quiz.draw == 3
    for name, *_ in COURSE_RULES:
        root = build_root(courses=[RULES / "courses" / f"{name}.yaml"])
        count = len(_issues(root))
        assert count == (2 if name == "unknown-key" else 1), (name, _issues(root))


def test_ids_are_unique_across_courses(build_root: Builder) -> None:
    root = build_root(
        courses=[RULES / "courses" / "duplicate-a.yaml", RULES / "courses" / "duplicate-b.yaml"]
    )
    issues = _issues(root)
    assert {Path(i.file).name for i in issues} == {"duplicate-b.yaml"}
    _assert_issue(issues, "duplicate-b.yaml", 8, 9, "oppitunnin tunniste 'mini-l1' on jo käytössä")
    _assert_issue(issues, "duplicate-b.yaml", 20, 11, "kysymyksen tunniste 'mini-k1'")
    _assert_issue(issues, "duplicate-b.yaml", 34, 11, "tilanteen tunniste 'mini-t1' on jo käytössä")
    _assert_issue(issues, "duplicate-b.yaml", 38, 15, "duplicate-a.yaml:38")


CERTIFICATE_RULES = [
    ("unknown-course", 3, 18, "tuntematon kurssi 'maxi'"),
    ("unknown-right", 5, 10, "tuntematon oikeus 'sisällöntuottaja'"),
    ("wording-undefined", 8, 3, "Jinja2-malli ei toimi: tuntematon nimi 'issuer'"),
    ("validity-text", 4, 18, "kentän 'validity_months' arvon pitää olla kokonaisluku"),
]


@pytest.mark.parametrize(("name", "line", "column", "text"), CERTIFICATE_RULES)
def test_certificate_rule(
    build_root: Builder, name: str, line: int, column: int, text: str
) -> None:
    root = build_root(
        courses=[BASE / "courses" / "mini.yaml"],
        certificates=[RULES / "certificates" / f"{name}.yaml"],
    )
    issues = _issues(root)
    assert len(issues) == 1
    _assert_issue(issues, f"{name}.yaml", line, column, text)


def test_duplicate_guideline_section(build_root: Builder) -> None:
    root = build_root(guideline=RULES / "guideline" / "duplicate-section.yaml")
    _assert_issue(
        _issues(root), "guideline.yaml", 6, 9, "osion tunniste 'kanavat' on jo käytössä (rivillä 2)"
    )


def test_unknown_guideline_parent(build_root: Builder) -> None:
    root = build_root(guideline=RULES / "guideline" / "unknown-parent.yaml")
    _assert_issue(
        _issues(root),
        "guideline.yaml",
        8,
        13,
        "yläosiota 'tietoturv' ei ole (tarkoititko 'tietoturva'?)",
    )


@pytest.mark.parametrize(
    ("name", "line", "column", "text"),
    [
        ("contact-missing-email", 18, 5, "pakollinen kenttä 'email' puuttuu"),
        ("channel-hashtags-text", 11, 15, "kentän 'hashtags' arvon pitää olla lista tekstejä"),
        ("duplicate-channel", 13, 9, "kanavan tunniste 'facebook-testila' on jo käytössä"),
    ],
)
def test_organisation_rule(
    build_root: Builder, name: str, line: int, column: int, text: str
) -> None:
    root = build_root(organisation=RULES / "organisation" / f"{name}.yaml")
    _assert_issue(_issues(root), "organisation.yaml", line, column, text)


@pytest.mark.parametrize("missing", ["organisation", "guideline"])
def test_missing_organisation_or_guideline(build_root: Builder, missing: str) -> None:
    root = build_root(**{missing: None})
    _assert_issue(_issues(root), f"{missing}.yaml", 1, 1, "tiedosto puuttuu")


def test_missing_folders(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_content(tmp_path / "ei-kursseja", tmp_path / "ei-todistuksia")
    assert [(Path(i.file).name, i.line, i.column, i.message) for i in caught.value.issues] == [
        ("ei-kursseja", 1, 1, "kurssikansiota ei löydy"),
        ("ei-todistuksia", 1, 1, "todistuskansiota ei löydy"),
    ]


def test_yml_extension_is_reported(build_root: Builder) -> None:
    root = build_root()
    (root / "courses" / "kurssi.yml").write_text("id: kurssi\n", "utf-8")
    _assert_issue(_issues(root), "kurssi.yml", 1, 1, "tiedostopäätteen pitää olla .yaml")


def test_all_issues_of_a_run_are_reported_sorted(build_root: Builder) -> None:
    root = build_root(
        courses=[RULES / "courses" / "many-errors.yaml", RULES / "courses" / "syntax-error.yaml"],
        certificates=[RULES / "certificates" / "unknown-right.yaml"],
    )
    issues = _issues(root)
    places = [(Path(i.file).name, i.line, i.column) for i in issues]
    assert places == [
        ("unknown-right.yaml", 3, 12),  # requires: [mini] — no course 'mini' in this run
        ("unknown-right.yaml", 5, 10),
        ("many-errors.yaml", 1, 1),
        ("many-errors.yaml", 16, 9),
        ("many-errors.yaml", 49, 20),
        ("many-errors.yaml", 52, 17),
        ("syntax-error.yaml", 11, 9),
    ]
    assert issues == sorted(issues)


def test_question_texts_are_not_templates(build_root: Builder) -> None:
    # mini.yaml's first prompt contains "{{ aaltosulkeet }}", which is not a defined name.
    root = build_root(courses=[BASE / "courses" / "mini.yaml"])
    content = load_content(root / "courses", root / "certificates")
    assert "{{ aaltosulkeet }}" in content.courses["mini"].quiz.questions[0].prompt


def test_template_line_in_a_quoted_scalar(build_root: Builder) -> None:
    root = build_root(courses=[BASE / "courses" / "mini.yaml"])
    (root / "certificates" / "mini.yaml").write_text(
        "id: mini\ntitle: T\nrequires: [mini]\nvalidity_months: 12\ngrants: []\n"
        'wording: "Hei\\n{{ person.nimi }}"\n',
        "utf-8",
    )
    # Quoted text is unescaped and joined, so the issue points at the start of the value.
    _assert_issue(_issues(root), "mini.yaml", 6, 10, "tuntematon kenttä 'nimi'")


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("id: x\n---\nid: y\n", 2, 1, "tiedostossa saa olla vain yksi YAML-dokumentti"),
        ("? [a, b]\n: 1\n", 1, 3, "kentän nimen pitää olla tekstiä"),
        ("a: &x [*x]\n", 1, 8, "viittauksia (*nimi) ei sallita"),
        ("a: " + "[" * 2000 + "]" * 2000 + "\n", 1, 1003, "YAML-rakenne on liian syvä"),
        ("title: !!int kolme\n", 1, 8, "arvo 'kolme' ei sovi tyypille '!!int'"),
        ("a:\n\t- b\n", 2, 1, "sisennä välilyönneillä, ei sarkaimilla"),
    ],
)
def test_hostile_yaml_is_an_issue(
    build_root: Builder, text: str, line: int, column: int, message: str
) -> None:
    root = build_root()
    (root / "courses" / "vihamielinen.yaml").write_text(text, "utf-8")
    _assert_issue(_issues(root), "vihamielinen.yaml", line, column, message)


def test_billion_laughs_is_refused_quickly(build_root: Builder) -> None:
    # Nine levels of nine aliases would expand to 9**9 strings if aliases were followed.
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 9):
        prev, name = chr(96 + level), chr(97 + level)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    root = build_root()
    (root / "courses" / "lol.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    issues = [i for i in _issues(root) if i.message.startswith("viittauksia")]
    assert len(issues) == 8 * 9
