"""Issue certificates in a separate process, for the robustness tests.

    python issue_worker.py DATA_DIR LOGIN [LOGIN ...] [--fsize-limit BYTES]

Loads the bundled content, then runs `certs.issue_if_eligible` for each login (each must have
passed the required course already), printing one JSON line per outcome:
  {"event": "ready"}                         content loaded, about to issue
  {"event": "issued", "login": l, "ids": [..]}
  {"event": "error", "login": l, "type": "CertificateWriteError", "message": "..."}
--fsize-limit sets RLIMIT_FSIZE, so that writing a bigger file fails with EFBIG: the way to
make "the disk is full" happen for real without a tiny filesystem.
"""

from __future__ import annotations

import argparse
import json
import resource
import signal
from pathlib import Path

from somekoulutus import certs, settings
from somekoulutus.content import load_content
from somekoulutus.store.sqlite_store import SqliteStore


def _emit(**event: object) -> None:
    print(json.dumps(event, ensure_ascii=False), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", type=Path)
    parser.add_argument("logins", nargs="+")
    parser.add_argument("--fsize-limit", type=int)
    args = parser.parse_args()

    content = load_content(*settings.content_dirs(None))
    conn = SqliteStore(args.data)
    # The key exists before the limit, as it would on any machine that has issued before.
    certs.issuer_key(args.data)
    if args.fsize_limit:
        # Without this the kernel kills the process (SIGXFSZ) instead of failing the write.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (args.fsize_limit, resource.RLIM_INFINITY))
    _emit(event="ready")
    for login in args.logins:
        try:
            issued = certs.issue_if_eligible(conn, content, args.data, login)
        except certs.CertificateError as exc:
            _emit(event="error", login=login, type=type(exc).__name__, message=str(exc))
        else:
            _emit(event="issued", login=login, ids=[r.id for r in issued])
    conn.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
