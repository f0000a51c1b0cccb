"""Issuing in a short-lived child process, for the long-running app.

Making a certificate loads reportlab, the DejaVu fonts (as Python objects), the signing code
and the PDF reader: about 27 MB that a Python process does not give back once the
certificate is written. The learner's app issues once per course, so it runs
`issue_if_eligible` here instead: a fresh interpreter (`python -m somekoulutus.certs.child`)
opens the same embedded store, issues, and ends; the app keeps only the records.

The request and the reply are pickles over the child's stdin and stdout: both ends are this
program, run by the same user, and nothing else reads or writes the pipes. A fixed random
generator (tests) travels as its state and comes back advanced, so ids are the same as when
issued in the app's own process. An error comes back as the same exception when it survives
pickling, else as `CertificateError` with the same text.
"""

from __future__ import annotations

import os
import pickle
import random
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from somekoulutus.certs.model import CertificateError, CertificateRecord
from somekoulutus.content.models import Content
from somekoulutus.store.base import Store
from somekoulutus.store.sqlite_store import SqliteStore


def issue_if_eligible_in_child(
    store: Store,
    content: Content,
    data_dir: Path,
    login: str,
    *,
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> list[CertificateRecord]:
    """`certs.issue_if_eligible` run in a child process over the same embedded store.

    A store the child cannot open by itself (anything but the embedded SQLite store) is
    issued to here, in this process."""
    if not isinstance(store, SqliteStore):
        from somekoulutus.certs.issue import issue_if_eligible

        return issue_if_eligible(store, content, data_dir, login, now=now, rng=rng)
    request = {
        "data_dir": Path(data_dir),
        "db_file": store.path,
        "content": content,
        "login": login,
        "now": now,
        "rng_state": rng.getstate() if rng is not None else None,
    }
    proc = subprocess.run(
        [sys.executable, "-m", "somekoulutus.certs.child"],
        input=pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL),
        capture_output=True,
        check=False,
    )
    try:
        reply: dict[str, Any] = pickle.loads(proc.stdout)
    except Exception:  # noqa: BLE001 — no reply: the child failed before answering
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = f": {lines[-1]}" if lines else ""
        raise CertificateError(
            "Todistuksen tekevä prosessi päättyi ennen kuin todistus oli valmis "
            f"(paluukoodi {proc.returncode}){detail}. Yritä uudelleen."
        ) from None
    if rng is not None and reply.get("rng_state") is not None:
        rng.setstate(reply["rng_state"])
    if "error" in reply:
        raise reply["error"]
    records: list[CertificateRecord] = reply["records"]
    return records


def _portable(exc: Exception) -> Exception:
    """`exc` if it comes through pickling as itself, else a CertificateError with its text."""
    try:
        back = pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001 — an exception that does not pickle
        back = None
    if type(back) is type(exc) and str(back) == str(exc):
        return exc
    return CertificateError(str(exc))


def _serve() -> None:
    """The child: read the request from stdin, issue, write the reply to stdout."""
    from somekoulutus.certs.issue import issue_if_eligible

    # The reply is the only thing on stdout: anything printed while issuing goes to stderr.
    reply_to = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr
    request = pickle.load(sys.stdin.buffer)
    rng = None
    if request["rng_state"] is not None:
        rng = random.Random()
        rng.setstate(request["rng_state"])
    reply: dict[str, Any] = {}
    store = SqliteStore(request["data_dir"], request["db_file"])
    try:
        reply["records"] = issue_if_eligible(
            store,
            request["content"],
            request["data_dir"],
            request["login"],
            now=request["now"],
            rng=rng,
        )
    except Exception as exc:  # noqa: BLE001 — every failure goes back to the app
        reply["error"] = _portable(exc)
    finally:
        store.close()
    reply["rng_state"] = rng.getstate() if rng is not None else None
    with reply_to:
        reply_to.write(pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    _serve()
