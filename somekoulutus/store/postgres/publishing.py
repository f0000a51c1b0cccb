"""Writing a content publication into the registry (run by the database owner)."""

from __future__ import annotations

import json
from typing import Any

import psycopg

from somekoulutus.store.base import Refused


def publish(raw: psycopg.Connection[Any], pub: Any) -> dict[str, int]:
    """Insert what is new in `pub` (a somekoulutus.publish.Publication); counts of new rows.

    A course version already published must be unchanged: changed questions need a new
    `version` in the course file, or attempts in progress would be graded on other keys.
    """
    new = {"courses": 0, "questions": 0, "draws": 0, "definitions": 0}
    with raw.transaction():
        fresh = set()
        for c in pub.courses:
            row = raw.execute(
                "SELECT content_hash FROM somekoulutus.published_courses "
                "WHERE course_id = %s AND version = %s",
                (c["course_id"], c["version"]),
            ).fetchone()
            if row is not None:
                if row[0] != c["content_hash"]:
                    raise Refused(
                        f"Kurssin {c['course_id']} versio {c['version']} on jo julkaistu eri "
                        "sisällöllä. Nosta kurssitiedoston version-numeroa ja julkaise uudelleen."
                    )
                continue
            raw.execute(
                "INSERT INTO somekoulutus.published_courses (course_id, version, content_hash, "
                "pass_mark, blueprint, published_at) VALUES (%s, %s, %s, %s, %s::jsonb, "
                "somekoulutus.now_iso())",
                (
                    c["course_id"],
                    c["version"],
                    c["content_hash"],
                    c["pass_mark"],
                    json.dumps(c["blueprint"]),
                ),
            )
            fresh.add((c["course_id"], c["version"]))
            new["courses"] += 1
        for k in pub.keys:
            if (k["course_id"], k["version"]) not in fresh:
                continue
            raw.execute(
                "INSERT INTO somekoulutus.question_keys (course_id, version, question_id, topic, "
                "correct, feedback) VALUES (%s, %s, %s, %s, %s, %s)",
                (
                    k["course_id"],
                    k["version"],
                    k["question_id"],
                    k["topic"],
                    k["correct"],
                    k["feedback"],
                ),
            )
            new["questions"] += 1
        for d in pub.draws:
            if (d["course_id"], d["version"]) not in fresh:
                continue
            raw.execute(
                "INSERT INTO somekoulutus.published_draws (course_id, version, seed, plan, "
                "plan_json) VALUES (%s, %s, %s, %s, %s)",
                (d["course_id"], d["version"], d["seed"], d["plan"], d["plan_json"]),
            )
            new["draws"] += 1
        for d in pub.definitions:
            raw.execute(
                "INSERT INTO somekoulutus.published_definitions (definition_id, content_hash, "
                "requires, policy, published_at) VALUES (%s, %s, %s, %s::jsonb, "
                "somekoulutus.now_iso()) ON CONFLICT DO NOTHING",
                (d["definition_id"], d["content_hash"], d["requires"], json.dumps(d["policy"])),
            )
            new["definitions"] += 1
    return new
