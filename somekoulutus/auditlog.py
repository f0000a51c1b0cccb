"""The audit log as people read it: Finnish action names, readable details, Finnish time.

One place for both faces: `somekoulutus audit-log` (text) and the admin screen's log tab
show the same cells, newest entry first.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from somekoulutus.certs.payload import finnish_date, finnish_time
from somekoulutus.rights import ROLE_LABELS
from somekoulutus.store.base import Store

#: How every list of log entries is ordered, said beside the list.
ORDER_NOTE = "Uusin ensin. Ajat Suomen aikaa."


def pages(store: Store, since: str | None, page: int) -> Iterator[Any]:
    """Audit log rows from `since` on, newest first, read `page` at a time (keyset on id):
    the whole log goes out with memory for one page."""
    before = None
    while True:
        rows = store.audit_entries(since, before_id=before, limit=page, newest_first=True)
        yield from rows
        if len(rows) < page:
            return
        before = int(rows[-1]["id"])


def newest_first(entries: list[Any]) -> list[Any]:
    """Log entries (stored oldest first) in the order people see them."""
    return list(reversed(entries))


ACTION_LABELS = {
    "admin.add": "ylläpitäjä lisätty",
    "admin.remove": "ylläpitäjä poistettu",
    "certificate.issue": "todistus myönnetty",
    "certificate.issue_manual": "todistus myönnetty käsin",
    "certificate.revoke": "todistus mitätöity",
    "right.grant": "oikeus myönnetty",
    "right.withdraw": "oikeus poistettu",
    "channel.add": "tili lisätty",
    "channel.contact": "yhteyshenkilö nimetty",
    "hold.lift": "esto poistettu",
    "admin.access": "ylläpidon toiminto",
    "certificate.refuse": "todistusta ei myönnetty",
    "certificate.request": "todistusta pyydetty käsin",
    "content.publish": "sisältö julkaistu",
    "issuer.key_add": "allekirjoitusavain julkaistu",
    "issuer.key_retire": "allekirjoitusavain poistettu käytöstä",
}
#: Suffix of an action the registry or the program refused (audited as well).
REFUSED = ".refused"
DETAIL_LABELS = {
    "reason": "syy",
    "login": "tunnus",
    "channel": "tili",
    "role": "rooli",
    "certificate": "todistus",
    "definition": "laji",
    "expires": "voimassa",
    "attempts": "koeyritykset",
    "rights_withdrawn": "poistetut oikeudet",
    "bootstrap": "ensimmäinen ylläpitäjä",
    "contact": "yhteyshenkilö",
    "supersedes": "korvaa todistuksen",
    "version": "versio",
    "key_id": "avain",
}


def action_label(action: str) -> str:
    """An audit action in Finnish ("kielletty: ..." for a refused one)."""
    if action.endswith(REFUSED):
        base = action[: -len(REFUSED)]
        return "kielletty: " + ACTION_LABELS.get(base, base)
    return ACTION_LABELS.get(action, action)


def _detail_value(value: Any) -> str:
    if isinstance(value, bool):
        return "kyllä" if value else "ei"
    if isinstance(value, list):
        return ", ".join(_detail_value(v) for v in value) or "–"
    if not isinstance(value, str):
        return str(value)
    if value in ROLE_LABELS:
        return ROLE_LABELS[value]
    try:
        return finnish_date(value)
    except ValueError:
        return value


def log_details(details: str | None) -> str:
    """The JSON details of a log entry as Finnish "key: value" pairs."""
    try:
        parsed = json.loads(details or "{}")
    except ValueError:
        return details or ""
    if not isinstance(parsed, dict):
        return str(parsed)
    return "; ".join(f"{DETAIL_LABELS.get(k, k)}: {_detail_value(v)}" for k, v in parsed.items())


def log_cells(row: dict[str, Any]) -> list[str]:
    """A log entry as shown: local time, Finnish action, readable details."""
    return [
        finnish_time(row["at"]),
        row["actor"],
        action_label(row["action"]),
        row["target"],
        log_details(row["details"]),
    ]


def log_detail(row: dict[str, Any]) -> str:
    """The whole highlighted entry, for the line under the table."""
    when, actor, action, target, details = log_cells(row)
    return f"{when} {actor}: {action}, {target}. {details}".rstrip(". ") + "."
