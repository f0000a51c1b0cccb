"""The issuer service: the only holder of the signing key on the organisation's registry.

It takes the passed attempts the server has recorded, checks each one again from what the
server holds (the plan recomputed from the seed, every answer present and graded the same,
the pass rule), and only then signs, renders and stores the certificate. A kill at any moment
loses nothing: a certificate and the attempt's 'issued' mark are written in one server call,
so a restart issues each pending certificate exactly once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from somekoulutus import quiz
from somekoulutus.certs.issue import issue_if_eligible, issue_requested
from somekoulutus.certs.keys import issuer_key, public_pem
from somekoulutus.certs.model import CertificateError, CertificateRecord
from somekoulutus.content.models import Content
from somekoulutus.plan import PlannedQuestion
from somekoulutus.store.base import Store
from somekoulutus.store.learning import Attempt


@dataclass(frozen=True)
class Outcome:
    """What the issuer did with one pending attempt (attempt_id 0: an admin's request)."""

    attempt_id: int
    login: str
    issued: tuple[CertificateRecord, ...] = ()
    refused: str | None = None


def recheck(content: Content, attempt: Attempt) -> str | None:
    """Why the recorded attempt does not stand (Finnish), or None when it does.

    Recomputes the plan from the seed, grades every recorded answer again and applies the
    pass rule: the server's records are believed only where they agree with the content.
    """
    course = content.courses.get(attempt.course_id)
    if course is None or course.version != attempt.course_version:
        return f"kurssin {attempt.course_id} versio {attempt.course_version} ei ole käytössä"
    if attempt.seed is None:
        return "suorituksella ei ole arvontasiementä"
    drawn = quiz.seeded_draw(course.quiz, attempt.seed)
    if [p.question_id for p in drawn] != [p.question_id for p in attempt.plan]:
        return "kysymykset eivät vastaa arvontaa"
    if set(attempt.answers) != set(range(len(attempt.plan))):
        return "kaikkiin kysymyksiin ei ole vastattu"
    plan = [PlannedQuestion(p.question_id, p.order) for p in attempt.plan]
    result = quiz.score(course.quiz, plan, attempt.answers)
    if not result.passed or not attempt.passed:
        return "suoritus ei täytä hyväksymisen ehtoja"
    return None


def publish_key(store: Store, key_dir: Path) -> str:
    """Make sure the registry publishes this service's public key; its key id."""
    key = issuer_key(key_dir)
    store.publish_key(key.key_id, public_pem(key.public))
    return key.key_id


def process_pending(
    store: Store,
    content: Content,
    key_dir: Path,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Check and certify every passed attempt the issuer has not handled yet."""
    outcomes = []
    for request in store.pending_requests():
        try:
            issued = issue_requested(store, content, key_dir, request)
        except CertificateError as exc:
            store.refuse_request(int(request["id"]), str(exc))
            outcome = Outcome(0, request["login"], refused=str(exc))
        else:
            outcome = Outcome(0, request["login"], (issued,) if issued else ())
        outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    for attempt_id in store.pending_attempts():
        attempt = store.get_attempt(attempt_id)
        if attempt is None:
            continue
        problem = recheck(content, attempt)
        if problem is not None:
            store.refuse_attempt(attempt.id, problem)
            outcome = Outcome(attempt.id, attempt.login, refused=problem)
        else:
            # An attempt whose certificate also needs another course stays pending until
            # that course is passed too (or a hold refuses it in the registry).
            eligible = issue_if_eligible(store, content, key_dir, attempt.login)
            outcome = Outcome(attempt.id, attempt.login, tuple(eligible))
        outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    return outcomes
