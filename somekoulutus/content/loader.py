"""Load courses/ and certificates/ into models.

TEMPORARY minimal loader: the validator work (issue 2) replaces this with a line-precise
one that keeps the same public API (`load_content`, `ContentError`).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from somekoulutus.content.errors import ContentError, Issue
from somekoulutus.content.models import (
    CertificateDefinition,
    Channel,
    Choice,
    Content,
    Course,
    Guideline,
    Lesson,
    Organisation,
    Question,
    Quiz,
    ScenarioGroup,
    Section,
)


def _question(d: dict, group: str | None = None) -> Question:
    return Question(
        id=d["id"],
        topic=d["topic"],
        type=d["type"],
        prompt=d["prompt"],
        choices=tuple(Choice(c["text"], bool(c["correct"]), c["feedback"]) for c in d["choices"]),
        explanation=d["explanation"],
        source=tuple(d["source"]),
        scenario=d.get("scenario"),
        group=group,
    )


def load_content(courses_dir: Path, certificates_dir: Path) -> Content:
    """Load and validate all content; raise ContentError listing every problem."""
    try:
        org = yaml.safe_load((courses_dir / "organisation.yaml").read_text("utf-8"))
        gl = yaml.safe_load((courses_dir / "guideline.yaml").read_text("utf-8"))
        courses = {}
        for path in sorted(courses_dir.glob("*.yaml")):
            if path.name in ("organisation.yaml", "guideline.yaml"):
                continue
            d = yaml.safe_load(path.read_text("utf-8"))
            q = d["quiz"]
            courses[d["id"]] = Course(
                id=d["id"],
                version=d["version"],
                title=d["title"],
                audience=d["audience"],
                description=d["description"],
                estimated_minutes=d["estimated_minutes"],
                lessons=tuple(
                    Lesson(
                        x["id"], x["title"], tuple(x["source"]), x["body"], tuple(x["key_points"])
                    )
                    for x in d["lessons"]
                ),
                quiz=Quiz(
                    pass_mark=q["pass_mark"],
                    draw=q["draw"],
                    shuffle_choices=q["shuffle_choices"],
                    questions=tuple(_question(x) for x in q["questions"]),
                    scenarios=tuple(
                        ScenarioGroup(
                            g["id"],
                            g["title"],
                            g["story"],
                            tuple(_question(x, g["id"]) for x in g["questions"]),
                        )
                        for g in q.get("scenarios", [])
                    ),
                ),
                path=path,
            )
        certs = {}
        for path in sorted(certificates_dir.glob("*.yaml")):
            d = yaml.safe_load(path.read_text("utf-8"))
            certs[d["id"]] = CertificateDefinition(
                d["id"],
                d["title"],
                tuple(d["requires"]),
                d["validity_months"],
                tuple(d.get("grants") or ()),
                d["wording"],
                path,
            )
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise ContentError([Issue(str(courses_dir), 1, 1, f"cannot load content: {exc}")]) from exc
    return Content(
        organisation=Organisation(
            name=org["name"],
            website=org["website"],
            intranet=org["intranet"],
            channels=tuple(
                Channel(**{**c, "hashtags": tuple(c["hashtags"])}) for c in org["channels"]
            ),
            email_domain=org.get("email_domain"),
            data=org,
        ),
        guideline=Guideline(tuple(Section(**s) for s in gl["sections"])),
        courses=courses,
        certificates=certs,
        courses_dir=courses_dir,
        certificates_dir=certificates_dir,
    )
