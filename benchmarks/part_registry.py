"""registry: list, look up, verify and audit with 100,000 certificates and 20,000 people.

Each of our domain calls is timed beside the same query written directly with sqlite3 (a
plain connection, tuples, no domain objects) on the same database file in the same run,
alternately, best of N.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from common import NotBuilt, PartResult, Row, fmt_ms, interleaved_best
from gen_registry import NOW, fill

TARGETS_MS = {"lookup": 2.0, "list": 150.0, "audit": 500.0}
RATIO_TARGET = 2.0
DEFINITION = "sisallontuottaja"
PEOPLE, SMOKE_PEOPLE = 20_000, 1_500  # five certificates each


def _iso(moment) -> str:
    return moment.replace(microsecond=0).isoformat()


# --- the baselines: the same questions asked directly ------------------------------------

LIST_SQL = """SELECT c.id, c.login, c.definition_id, c.key_id, c.issued_at, c.expires_at,
                     c.pdf_path, c.issued_by, c.manual_reason, c.revoked_at, c.revoked_by,
                     c.revoke_reason, c.superseded_by, p.name, p.email, p.unit
              FROM certificates c LEFT JOIN people p ON p.login = c.login
              WHERE c.definition_id = ? AND c.revoked_at IS NULL AND c.superseded_by IS NULL
                AND c.expires_at > ?
              ORDER BY c.issued_at DESC, c.rowid DESC"""


def _raw_list(raw: sqlite3.Connection) -> int:
    return len(raw.execute(LIST_SQL, (DEFINITION, _iso(NOW))).fetchall())


def _raw_lookup(raw: sqlite3.Connection, cert_id: str) -> tuple:
    return raw.execute("SELECT * FROM certificates WHERE id = ?", (cert_id,)).fetchone()


def _raw_verify(raw: sqlite3.Connection, public_pem: Path, cert_id: str) -> bool:
    import base64
    import json

    from cryptography.hazmat.primitives import serialization

    payload, signature, revoked, expires = raw.execute(
        "SELECT payload, signature, revoked_at, expires_at FROM certificates WHERE id = ?",
        (cert_id,),
    ).fetchone()
    key = serialization.load_pem_public_key(public_pem.read_bytes())
    key.verify(base64.b64decode(signature), payload.encode("utf-8"))
    data = json.loads(payload)
    return revoked is None and data["id"] == cert_id and expires > _iso(NOW)


def _raw_audit(raw: sqlite3.Connection) -> int:
    horizon = _iso(NOW + timedelta(days=30))
    trouble = raw.execute(
        """SELECT r.login, p.name, r.channel_id, r.role, r.certificate_id, c.expires_at,
                  c.revoked_at, c.revoke_reason, c.superseded_by
           FROM rights r JOIN certificates c ON c.id = r.certificate_id
           LEFT JOIN people p ON p.login = r.login
           WHERE r.withdrawn_at IS NULL
             AND (c.revoked_at IS NOT NULL OR c.superseded_by IS NOT NULL OR c.expires_at <= ?)
           ORDER BY r.channel_id, r.login, r.role""",
        (horizon,),
    ).fetchall()
    active = dict(
        raw.execute(
            "SELECT channel_id, COUNT(*) FROM rights WHERE withdrawn_at IS NULL GROUP BY channel_id"
        ).fetchall()
    )
    main = dict(
        raw.execute(
            """SELECT channel_id, COUNT(*) FROM rights
               WHERE withdrawn_at IS NULL AND role = 'paakayttaja' GROUP BY channel_id"""
        ).fetchall()
    )
    channels = raw.execute("SELECT id, contact_login FROM channels ORDER BY id").fetchall()
    city = dict(raw.execute("SELECT channel_id, contact_login FROM city_channel_contacts"))
    findings = len(trouble)
    findings += sum(1 for c in active if c not in {ch[0] for ch in channels})
    findings += sum(1 for cid, contact in channels if contact is None)
    findings += sum(1 for cid, _ in channels if main.get(cid, 0) < 2)
    return findings + len(city) * 0


# --- the run ------------------------------------------------------------------------------


def run(quick: bool, smoke: bool = False) -> PartResult:
    try:
        from somekoulutus import certs, rights_audit, settings
        from somekoulutus.certs.keys import public_path
        from somekoulutus.content import load_content
        from somekoulutus.store.sqlite_store import SqliteStore
    except ImportError as exc:
        raise NotBuilt(f"somekoulutus.certs / somekoulutus.rights_audit: {exc}") from exc

    runs = 1 if smoke else 3 if quick else 9
    content = load_content(*settings.content_dirs(None))
    with tempfile.TemporaryDirectory(prefix="bench-registry-") as tmp:
        data = Path(tmp)
        # A data dir as in use: admins listed in config.yaml (verify reads the config).
        settings.save_config(data, {"admins": ["viestinta", "h00001"]})
        store = SqliteStore(data)
        start = time.perf_counter()
        facts = fill(store.conn(), people=SMOKE_PEOPLE if smoke else PEOPLE)
        # One real certificate (signed, with its PDF) for verify-by-id.
        real = certs.issue_manual(
            store,
            content,
            data,
            "h00001",
            DEFINITION,
            actor="viestinta",
            reason="Lähikoulutus 1.11.2025",
            now=NOW - timedelta(days=5),
        )
        built = time.perf_counter() - start
        assert real is not None
        raw = sqlite3.connect(settings.db_path(data))
        sample = facts["sample_ids"]
        lookups = sample[:200]
        public_pem = public_path(data)

        def ours_list() -> int:
            return sum(
                1
                for _ in certs.list_certificates(
                    store, definition_id=DEFINITION, status="valid", now=NOW
                )
            )

        listed = ours_list()
        assert listed == _raw_list(raw), (listed, _raw_list(raw))
        assert certs.verify_record(store, data, real.id, now=NOW).ok
        assert _raw_verify(raw, public_pem, real.id)

        t = interleaved_best(
            {
                "list": ours_list,
                "raw_list": lambda: _raw_list(raw),
                "lookup": lambda: [certs.get_certificate(store, i) for i in lookups],
                "raw_lookup": lambda: [_raw_lookup(raw, i) for i in lookups],
                "verify": lambda: [
                    certs.verify_record(store, data, real.id, now=NOW) for _ in range(20)
                ],
                "raw_verify": lambda: [_raw_verify(raw, public_pem, real.id) for _ in range(20)],
                "audit": lambda: rights_audit.audit(store, content, now=NOW),
                "raw_audit": lambda: _raw_audit(raw),
            },
            runs,
        )
        findings = len(rights_audit.audit(store, content, now=NOW))
        raw.close()
        store.close()
    per = {
        "list": (t["list"], t["raw_list"]),
        "lookup": (t["lookup"] / len(lookups), t["raw_lookup"] / len(lookups)),
        "verify": (t["verify"] / 20, t["raw_verify"] / 20),
        "audit": (t["audit"], t["raw_audit"]),
    }
    ratios = {k: ours / base for k, (ours, base) in per.items()}
    labels = {
        "list": f"list valid '{DEFINITION}' ({listed:,} rows)",
        "lookup": "look up one certificate by id",
        "verify": "verify one certificate by id (signature, expiry, revocation)",
        "audit": f"rights audit ({facts['rights']:,} rights, {findings:,} findings)",
    }
    rows = [
        Row(
            f"{facts['certificates']:,} certificates, {facts['people']:,} people: generated",
            f"{built:.1f} s",
        )
    ]
    for key, (ours, base) in per.items():
        target = TARGETS_MS.get(key)
        ok = ratios[key] <= RATIO_TARGET and (target is None or ours * 1000 <= target)
        rows.append(
            Row(
                labels[key],
                fmt_ms(ours),
                fmt_ms(base),
                f"{ratios[key]:.2f}",
                (f"<= {target:g} ms, " if target else "") + f"ratio <= {RATIO_TARGET:g}",
                ok,
            )
        )
    return PartResult(
        {
            "lookup_ms": round(per["lookup"][0] * 1000, 3),
            "list_ms": round(per["list"][0] * 1000, 2),
            "verify_ms": round(per["verify"][0] * 1000, 3),
            "audit_ms": round(per["audit"][0] * 1000, 2),
            "ratio_max": round(max(ratios.values()), 3),
            **{f"ratio_{k}": round(v, 3) for k, v in ratios.items()},
        },
        rows,
    )
