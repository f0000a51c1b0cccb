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
from collections.abc import Iterator
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


# --- a registry at scale (registry_scale: 1,000,000 certificates) ------------------------
#
# The same rows for both backends (SQLite executemany, PostgreSQL COPY), made from the row
# number alone, so the two registries hold the same data and their exports must be equal.
# n certificates and n/5 people: person p holds certificates p, p + P, ..., p + 4P (P the
# number of people), so p's j-th certificate is of definition (p + jP) % 3 and certificates
# j and j + 3 share a definition: the first two of each person are superseded by the
# fourth and fifth (40 %), about 1 % are revoked. Rows are issued in row order (as the
# registry inserts them) over 1,250 days from 2023, so that some are expired, some expiring
# and the newest valid. Payloads have the real shape and
# size (~450 bytes). Every tenth person holds rights on two of 300 unit accounts, mostly on
# a current certificate, some on a superseded one, some withdrawn.

SCALE_NOW = datetime(2026, 6, 1, tzinfo=UTC)
SCALE_DEFINITIONS = ("sisallontuottaja", "luottamushenkilo", "paakayttaja")
SCALE_CHANNELS = 300
_SCALE_START = datetime(2023, 1, 1, 8, 0, tzinfo=UTC)


def scale_login(p: int) -> str:
    return f"h{p:07d}"


def scale_name(p: int) -> str:
    return f"{FIRST[p % len(FIRST)]} {LAST[(p // len(FIRST)) % len(LAST)]}-{p}"


def scale_id(i: int) -> str:
    """A certificate id of the real form, distinct per row: the row number scrambled by an
    odd multiplier modulo 32**8 (a bijection), in the id alphabet, with its check symbol."""
    from somekoulutus.certs import ids

    value = (i * 0x9E3779B97 + 0x5DEECE66D) % 32**8
    body = "".join(ids.ALPHABET[(value >> (5 * k)) & 31] for k in range(8))
    return f"{ids.PREFIX}-{body[:4]}-{body[4:]}-{ids.check_symbol(body)}"


def scale_people(people: int) -> Iterator[tuple]:
    """(login, name, email, unit, role, created_at, updated_at)"""
    now = _t(SCALE_NOW)
    for p in range(people):
        yield (
            scale_login(p),
            scale_name(p),
            f"{scale_login(p)}@ylojarvi.fi",
            UNITS[p % len(UNITS)],
            "luottamushenkilo" if p % 10 == 3 else "tyontekija",
            now,
            now,
        )


SCALE_CERT_COLUMNS = (
    "id",
    "login",
    "definition_id",
    "payload",
    "signature",
    "key_id",
    "issued_at",
    "expires_at",
    "pdf_path",
    "issued_by",
    "manual_reason",
    "revoked_at",
    "revoked_by",
    "revoke_reason",
    "superseded_by",
    "attempt_ids",
)


def _scale_payload_template(definition: str) -> str:
    """The payload of `_payload` with {id}, {login}, {name}, {issued}, {expires} to fill in
    (str.format is ~20 times faster than building and dumping the JSON per row)."""
    fields = ("id", "login", "name", "issued", "expires")
    text = _payload("@id@", "@login@", "@name@", definition, NOW, 1)
    data = json.loads(text)
    text = text.replace(data["issued"], "@issued@").replace(data["expires"], "@expires@")
    text = text.replace("{", "{{").replace("}", "}}")
    for field in fields:
        text = text.replace(f"@{field}@", "{" + field + "}")
    return text


def scale_certificates(n: int, ids: list[str]) -> Iterator[tuple]:
    """Rows in SCALE_CERT_COLUMNS order; `ids[i]` is certificate i's id."""
    people = max(1, n // 5)
    templates = {d: _scale_payload_template(d) for d in SCALE_DEFINITIONS}
    days_iso: dict[int, str] = {}

    def day(offset: int) -> str:
        text = days_iso.get(offset)
        if text is None:
            text = days_iso[offset] = (_SCALE_START + timedelta(days=offset)).date().isoformat()
        return text

    for i in range(n):
        p, j = i % people, i // people
        definition = SCALE_DEFINITIONS[i % 3]
        # Issued in row order, as the registry inserts them, over 1,250 days from 2023.
        offset, minute = divmod(i * 1250 * 600 // n, 600)
        issued = f"{day(offset)}T{8 + minute // 60:02d}:{minute % 60:02d}:00+00:00"
        # Expiry at midnight: the two backends' exports, minutes apart, see the same states.
        expires = f"{day(offset + DEFINITIONS[definition][0])}T00:00:00+00:00"
        newer = i + 3 * people
        superseded = ids[newer] if j < 2 and newer < n else None
        revoked = superseded is None and i % 97 == 0
        login = scale_login(p)
        cert_id = ids[i]
        yield (
            cert_id,
            login,
            definition,
            templates[definition].format(
                id=cert_id, login=login, name=scale_name(p), issued=issued, expires=expires
            ),
            "c2lnbmF0dXJl" * 8,
            "benchkey",
            issued,
            expires,
            f"/srv/somekoulutus/certificates/{cert_id}.pdf",
            "viestinta" if i % 50 == 0 else None,
            "Lähikoulutus" if i % 50 == 0 else None,
            f"{day(offset + 30)}T12:00:00+00:00" if revoked else None,
            "viestinta" if revoked else None,
            "Koulutus suoritettu väärällä tunnuksella" if revoked else None,
            superseded,
            f"[{i + 1}]",
        )


def scale_channels() -> Iterator[tuple]:
    """(id, platform, url, unit, contact_login, registered_at, registered_by)"""
    platforms = ("facebook", "instagram", "tiktok", "linkedin")
    for c in range(SCALE_CHANNELS):
        yield (
            f"tili-{c:03d}",
            platforms[c % 4],
            f"https://example.com/tili-{c:03d}",
            UNITS[c % len(UNITS)],
            None if c % 25 == 0 else scale_login(c * 7),
            _t(SCALE_NOW),
            "viestinta",
        )


def scale_rights(n: int, ids: list[str]) -> Iterator[tuple]:
    """(login, channel_id, role, certificate_id, granted_at, granted_by, withdrawn_at,
    withdrawn_by, withdraw_reason): every tenth person, two accounts each."""
    people = max(1, n // 5)
    granted = _t(SCALE_NOW - timedelta(days=400))
    for p in range(0, people, 10):
        newest = p + 4 * people if p + 4 * people < n else p
        for k in range(2):
            channel = f"tili-{(p // 10 * 7 + k * 13) % SCALE_CHANNELS:03d}"
            role = "paakayttaja" if (p // 10 + k) % 7 == 0 else "sisallontuottaja"
            cert = ids[p] if (p // 10 + k) % 10 == 0 else ids[newest]
            withdrawn = (p // 10 + k) % 5 == 1
            yield (
                scale_login(p),
                channel,
                role,
                cert,
                granted,
                "viestinta",
                _t(SCALE_NOW - timedelta(days=10)) if withdrawn else None,
                "viestinta" if withdrawn else None,
                "Siirtyi muihin tehtäviin" if withdrawn else None,
            )
