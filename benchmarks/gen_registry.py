"""Fill a database with a registry of 100,000 certificates, 20,000 people and their rights.

Rows go in directly with SQL (executemany in one transaction) for speed. Payloads have the
real shape and size (a lookup parses them); signatures are placeholders: list, lookup and
audit read columns, not signatures. The benchmark issues one certificate for real (signed,
with its PDF) so that verify-by-id has work to do.
"""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import UTC, datetime, timedelta

NOW = datetime(2025, 11, 25, 12, 0, tzinfo=UTC)
UNITS = [
    "Kirjasto",
    "Liikuntapalvelut",
    "Nuorisopalvelut",
    "Kulttuuripalvelut",
    "Viestintä",
    "Varhaiskasvatus",
    "Perusopetus",
    "Lukio",
    "Ympäristöpalvelut",
    "Tekninen keskus",
    "Rakennusvalvonta",
    "Kaavoitus",
    "Henkilöstöpalvelut",
    "Talouspalvelut",
    "Museo",
    "Kansalaisopisto",
    "Musiikkiopisto",
    "Elinvoimapalvelut",
    "Vapaa-aikapalvelut",
    "Ruokapalvelut",
    "Siivouspalvelut",
    "Tilapalvelut",
    "Hallinto",
    "Kaupunginkanslia",
    "Työllisyyspalvelut",
    "Maahanmuuttajapalvelut",
    "Vammaispalvelut",
    "Nuorisovaltuusto",
    "Vanhusneuvosto",
    "Kaupunginvaltuusto",
]
FIRST = [
    "Aino",
    "Eero",
    "Helmi",
    "Ilmari",
    "Kerttu",
    "Lauri",
    "Maija",
    "Niilo",
    "Oona",
    "Pekka",
    "Riikka",
    "Sami",
    "Tuula",
    "Ville",
    "Äijö",
    "Öljy",
]
LAST = [
    "Virtanen",
    "Korhonen",
    "Mäkinen",
    "Nieminen",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Saarinen",
    "Salminen",
    "Mäki",
    "Niemi",
]
# definition -> (validity in days, certificates per person: the older ones are superseded)
DEFINITIONS = {"sisallontuottaja": (730, 3), "luottamushenkilo": (1461, 1), "paakayttaja": (730, 1)}


def _t(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


TITLES = {
    "sisallontuottaja": "Sisällöntuottajan somekoulutus",
    "luottamushenkilo": "Luottamushenkilön somekoulutus",
    "paakayttaja": "Pääkäyttäjän somekoulutus",
}


def _payload(cert_id: str, login: str, name: str, definition: str, issued, days: int) -> str:
    # The same keys as certs.issue writes, compact and sorted like its canonical JSON.
    return json.dumps(
        {
            "v": 1,
            "id": cert_id,
            "login": login,
            "name": name,
            "email": f"{login}@ylojarvi.fi",
            "definition": {"id": definition, "title": TITLES[definition]},
            "courses": [{"id": definition, "title": TITLES[definition], "version": 1}],
            "grants": [definition] if definition != "luottamushenkilo" else [],
            "issued": _t(issued),
            "expires": _t(issued + timedelta(days=days)),
            "issuer": "Ylöjärven kaupunki",
            "key_id": "0123456789abcdef",
        },
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    )


def _new_id(rng: random.Random, taken: set[str]) -> str:
    from somekoulutus.certs import ids

    while True:
        cert_id = ids.new_id(rng)
        if cert_id not in taken:
            taken.add(cert_id)
            return cert_id


def fill(conn: sqlite3.Connection, people: int = 20_000, seed: int = 7) -> dict:
    """Insert the rows; returns facts the benchmark needs (ids to look up, counts)."""
    rng = random.Random(seed)
    taken: set[str] = set()
    person_rows, cert_rows, rights_rows = [], [], []
    current_sis: dict[str, list[str]] = {}  # login -> their sisallontuottaja ids, oldest first
    for i in range(people):
        login = f"h{i:05d}"
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}-{i}"
        person_rows.append(
            (
                login,
                name,
                f"{login}@ylojarvi.fi",
                rng.choice(UNITS),
                "luottamushenkilo" if i % 10 == 0 else "tyontekija",
                _t(NOW),
                _t(NOW),
            )
        )
        for definition, (days, count) in DEFINITIONS.items():
            issued = NOW - timedelta(days=rng.randint(0, 1500) + (count - 1) * days)
            chain = []
            for _ in range(count):
                cert_id = _new_id(rng, taken)
                revoked = rng.random() < 0.02
                payload = _payload(cert_id, login, name, definition, issued, days)
                cert_rows.append(
                    [
                        cert_id,
                        login,
                        definition,
                        payload,
                        "c2lnbmF0dXJl",
                        "benchkey",
                        _t(issued),
                        _t(issued + timedelta(days=days)),
                        f"/bench/{cert_id}.pdf",
                        None,
                        None,
                        _t(issued + timedelta(days=30)) if revoked else None,
                        "viestinta" if revoked else None,
                        "Koulutus suoritettu väärällä tunnuksella" if revoked else None,
                        None,
                        json.dumps([rng.randint(1, 10**6)]),
                    ]
                )
                chain.append(len(cert_rows) - 1)
                issued += timedelta(days=days - rng.randint(0, 60))
            for older, newer in zip(chain, chain[1:], strict=False):
                cert_rows[older][14] = cert_rows[newer][0]
            if definition == "sisallontuottaja":
                current_sis[login] = [cert_rows[k][0] for k in chain]

    channels = [f"tili-{n:03d}" for n in range(300)]
    channel_rows = [
        (
            c,
            rng.choice(["facebook", "instagram", "tiktok", "linkedin"]),
            f"https://example.com/{c}",
            rng.choice(UNITS),
            None if n % 25 == 0 else f"h{rng.randrange(people):05d}",
            _t(NOW),
            "viestinta",
        )
        for n, c in enumerate(channels)
    ]
    # Rights go to people whose newest certificate is valid (as the gate demands), and
    # sometimes still point at an older, superseded one: the audit has a realistic share to find.
    by_id = {r[0]: r for r in cert_rows}
    now = _t(NOW)
    eligible = sorted(
        login
        for login, chain in current_sis.items()
        if by_id[chain[-1]][11] is None and by_id[chain[-1]][7] > now
    )
    holders = rng.sample(eligible, min(len(eligible), people // 5))
    used = set()
    for login in holders:
        for channel in rng.sample(channels, 2):
            role = "paakayttaja" if rng.random() < 0.15 else "sisallontuottaja"
            if (login, channel, role) in used:
                continue
            used.add((login, channel, role))
            # Mostly the newest certificate; sometimes an older (superseded) one.
            chain = current_sis[login]
            cert = chain[-1] if rng.random() < 0.9 else chain[0]
            withdrawn = rng.random() < 0.2
            rights_rows.append(
                (
                    login,
                    channel,
                    role,
                    cert,
                    _t(NOW - timedelta(days=400)),
                    "viestinta",
                    _t(NOW - timedelta(days=10)) if withdrawn else None,
                    "viestinta" if withdrawn else None,
                    "Siirtyi muihin tehtäviin" if withdrawn else None,
                )
            )

    # An older certificate points at its newer one: link them once both exist (a deferred
    # foreign key would make SQLite scan for children on every insert, there being no index
    # on superseded_by).
    links = [(r[14], r[0]) for r in cert_rows if r[14]]
    for r in cert_rows:
        r[14] = None
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO people VALUES (?, ?, ?, ?, ?, ?, ?)", person_rows)
    conn.executemany(
        """INSERT INTO certificates (id, login, definition_id, payload, signature, key_id,
             issued_at, expires_at, pdf_path, issued_by, manual_reason, revoked_at, revoked_by,
             revoke_reason, superseded_by, attempt_ids)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        cert_rows,
    )
    conn.executemany("UPDATE certificates SET superseded_by = ? WHERE id = ?", links)
    conn.executemany("INSERT INTO channels VALUES (?, ?, ?, ?, ?, ?, ?)", channel_rows)
    conn.executemany(
        """INSERT INTO rights (login, channel_id, role, certificate_id, granted_at, granted_by,
             withdrawn_at, withdrawn_by, withdraw_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        rights_rows,
    )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    return {
        "people": len(person_rows),
        "certificates": len(cert_rows),
        "rights": len(rights_rows),
        "sample_ids": [r[0] for r in rng.sample(cert_rows, 500)],
    }
