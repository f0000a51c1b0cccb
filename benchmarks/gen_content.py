"""Generate a valid content folder (courses/ + certificates/) with N quiz questions.

The questions are split into courses of `PER_COURSE` each (one certificate per course), so
that every file stays far below the loader's size limit for one content file
(`somekoulutus.files.MAX_FILE_BYTES`) and a run of N questions is N / PER_COURSE courses of
the same shape: the time of 20,000 against 2,000 questions says whether validate is linear.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from common import ROOT

from somekoulutus.files import MAX_FILE_BYTES

GROUP_SIZE = 4
PER_COURSE = 1_000  # about 0.75 MB of YAML


def _q(out: list[str], indent: str, qid: str, n: int, source: str) -> None:
    kind = ("single", "multiple", "true_false")[n % 3]
    # json.dumps gives a valid YAML double-quoted scalar.
    out += [
        f"{indent}- id: {qid}",
        f"{indent}  topic: aihe-{n % 7}",
        f"{indent}  type: {kind}",
        f"{indent}  prompt: {json.dumps(f'Kysymys {n}: mitä kaupungin some-tilin ylläpitäjä tekee, kun tilanne {n} toistuu viikoittain?')}",
        f"{indent}  explanation: {json.dumps('Ohjeen mukaan toimitaan näin, koska se suojaa kaupunkia ja asukkaita.')}",
        f"{indent}  source: [{source}]",
        f"{indent}  choices:",
    ]
    if kind == "true_false":
        flags = [n % 2 == 0, n % 2 == 1]  # as many false statements as true ones
        texts = ["Tosi", "Epätosi"]
    else:
        flags = [True, kind == "multiple", False, False]
        texts = [f"Vaihtoehto {c} kysymykseen {n}" for c in "ABCD"]
    for text, ok in zip(texts, flags, strict=True):
        out += [
            f"{indent}    - text: {json.dumps(text)}",
            f"{indent}      correct: {str(ok).lower()}",
            f"{indent}      feedback: {json.dumps('Oikein, näin ohje neuvoo.' if ok else 'Ei aivan: katso ohjeen kohta uudelleen.')}",
        ]


def course_yaml(course_id: str, questions: int, sections: list[str], first: int = 0) -> str:
    """A course with `questions` quiz questions (a fifth in scenario groups of four),
    numbered from `first` so that ids and texts stay unique across generated courses."""
    grouped = (questions // 5) // GROUP_SIZE * GROUP_SIZE
    singles = questions - grouped
    lesson0, group0 = first // 25, first // GROUP_SIZE
    out = [
        f"id: {course_id}",
        "version: 1",
        f"title: Generoitu kurssi {course_id} ({questions} kysymystä)",
        "audience: kaikki",
        "description: Suorituskykytestin kurssi.",
        "estimated_minutes: 60",
        "lessons:",
    ]
    for n in range(lesson0, lesson0 + max(1, questions // 25)):
        out += [
            f"  - id: oppitunti-{n}",
            f"    title: Oppitunti {n}",
            f"    source: [{sections[n % len(sections)]}]",
            "    body: |",
            "      {{ organisation.name }} käyttää somea, koska sen avulla voi kertoa palveluista.",
            "",
            f"      ## Osa {n}",
            "",
            "      - kerro palveluista ja tee niitä tutuiksi",
            "      - vastaa asukkaiden kysymyksiin ja palautteeseen",
            "      - seuraa keskustelua ja opi siitä",
            "",
            "      Verkkosivut ({{ organisation.website }}) ovat pääkanava; some on lisäkanava.",
            "    key_points:",
            "      - Some on lisäkanava.",
            "      - Vastaa ystävällisesti ja nopeasti.",
        ]
    out += [
        "quiz:",
        "  pass_mark: 0.8",
        f"  draw: {min(20, singles)}",
        "  shuffle_choices: true",
        "  questions:",
    ]
    for n in range(first, first + singles):
        _q(out, "    ", f"k{n}", n, sections[n % len(sections)])
    if grouped:
        out.append("  scenarios:")
        for g in range(group0, group0 + grouped // GROUP_SIZE):
            out += [
                f"    - id: tilanne-{g}",
                f"      title: Tilanne {g}",
                "      story: Asukas kommentoi kirjaston julkaisua kiihtyneeseen sävyyn.",
                "      questions:",
            ]
            for i in range(GROUP_SIZE):
                n = first + singles + (g - group0) * GROUP_SIZE + i
                _q(out, "        ", f"t{g}k{i}", n, sections[n % len(sections)])
    return "\n".join(out) + "\n"


CERTIFICATE = """\
id: {id}
title: Generoitu todistus
requires: [{id}]
validity_months: 24
grants: [sisallontuottaja]
wording: |
  {{{{ person.name }}}} on suorittanut koulutuksen. Todistus on voimassa {{{{ certificate.valid_until }}}} asti.
"""


def make_content(root: Path, questions: int, course_id: str = "generoitu") -> Path:
    """Write root/courses (bundled organisation + guideline, generated courses of
    `PER_COURSE` questions, the last one the rest) and root/certificates (one per course);
    returns root."""
    courses, certs = root / "courses", root / "certificates"
    courses.mkdir(parents=True, exist_ok=True)
    certs.mkdir(parents=True, exist_ok=True)
    for name in ("organisation.yaml", "guideline.yaml"):
        shutil.copy(ROOT / "courses" / name, courses / name)
    guideline = yaml.safe_load((courses / "guideline.yaml").read_text("utf-8"))
    sections = [s["id"] for s in guideline["sections"]]
    for number, first in enumerate(range(0, questions, PER_COURSE), start=1):
        ident = f"{course_id}-{number:03d}"
        count = min(PER_COURSE, questions - first)
        path = courses / f"{ident}.yaml"
        path.write_text(course_yaml(ident, count, sections, first), "utf-8")
        # Far below the limit, so that a change of the generator cannot creep up to it.
        assert path.stat().st_size < MAX_FILE_BYTES / 4, (path, path.stat().st_size)
        (certs / f"{ident}.yaml").write_text(CERTIFICATE.format(id=ident), "utf-8")
    return root
