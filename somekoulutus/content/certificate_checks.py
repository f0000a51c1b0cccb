"""Certificate definition files: what a certificate needs, its attempt policy and address."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from somekoulutus.content import schema as s
from somekoulutus.content.checks import RunBase, complete, not_one_of
from somekoulutus.content.models import (
    RIGHTS,
    AttemptPolicy,
    CertificateDefinition,
)
from somekoulutus.content.schema import FileChecker, suggest
from somekoulutus.content.templates import sample_wording_context
from somekoulutus.content.yamlnodes import (
    LList,
    LMap,
)


class CertificateChecks(RunBase):
    """Checks and builds certificate definitions (mixed into the validation run)."""

    def _certificate(self, path: Path) -> None:
        fc, root, lines = self._root(path, "todistustiedoston")
        if root is None:
            return
        good = fc.fields(root, s.CERTIFICATE)
        if "id" in good and good["id"] != path.stem:
            fc.error(
                root.value_pos["id"],
                f"todistuksen tunniste {good['id']!r} ei vastaa tiedoston nimeä {path.name!r}",
            )
        self._positive(fc, good, root, "validity_months")
        if "requires" in good:
            requires: LList = good["requires"]
            if not requires:
                fc.error(root.value_pos["requires"], "todistus vaatii vähintään yhden kurssin")
            for ident, pos in zip(requires, requires.item_pos, strict=True):
                if ident not in self.course_ids:
                    fc.error(pos, f"tuntematon kurssi {ident!r}{suggest(ident, self.course_ids)}")
        if "grants" in good:
            grants: LList = good["grants"]
            for right, pos in zip(grants, grants.item_pos, strict=True):
                if right not in RIGHTS:
                    fc.error(pos, not_one_of("oikeus", right, RIGHTS))
        if "wording" in good and self.org_data is not None:
            context = sample_wording_context(self.org_data)
            self._template(fc, good["wording"], root.value_pos["wording"], lines, context)
        policy = self._attempt_policy(fc, good)
        if complete(good, s.CERTIFICATE) and ("attempt_policy" not in root or policy):
            definition = CertificateDefinition(
                id=good["id"],
                title=good["title"],
                requires=tuple(good["requires"]),
                validity_months=good["validity_months"],
                grants=tuple(good["grants"]),
                wording=good["wording"],
                path=path,
                attempt_policy=policy,
            )
            self.result.certificates.setdefault(definition.id, definition)

    def _attempt_policy(self, fc: FileChecker, good: dict[str, Any]) -> AttemptPolicy | None:
        if "attempt_policy" not in good:
            return None
        m: LMap = good["attempt_policy"]
        pf = fc.fields(m, s.ATTEMPT_POLICY)
        self._positive(fc, pf, m, "attempts")
        if "wait_hours" in pf and pf["wait_hours"] <= 0:
            fc.error(
                m.value_pos["wait_hours"],
                f"odotusajan (wait_hours) pitää olla yli 0 tuntia (nyt: {pf['wait_hours']})",
            )
            del pf["wait_hours"]
        if not complete(pf, s.ATTEMPT_POLICY) or set(pf) != set(m):
            return None
        return AttemptPolicy(pf["attempts"], float(pf["wait_hours"]))


#: The longest verification address: it goes into every certificate's QR code.
VERIFICATION_URL_MAX = 200


def verification_url_problem(url: str) -> str | None:
    """Why `verification_url` cannot be used (Finnish), or None when it is fine."""
    name = "verification_url"
    if not url.startswith("https://") or len(url) <= len("https://"):
        return f"kentän {name!r} pitää olla https-osoite (https://...)"
    if len(url) > VERIFICATION_URL_MAX:
        return (
            f"kentän {name!r} osoite on liian pitkä QR-koodiin (yli {VERIFICATION_URL_MAX} merkkiä)"
        )
    if any(ch.isspace() or not ch.isprintable() for ch in url):
        return f"kentän {name!r} osoitteessa ei saa olla välilyöntejä eikä ohjausmerkkejä"
    if url.count("{id}") > 1 or (
        url.replace("{id}", "").count("{") + url.replace("{id}", "").count("}")
    ):
        return (
            f"kentän {name!r} osoitteessa saa olla vain yksi paikka {{id}} todistuksen tunnukselle"
        )
    return None
