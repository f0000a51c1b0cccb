"""The learner's profile form: what a name, an e-mail address and a role must be.

Checked when the profile is saved (`ProfileCheck`) and by manual issuing (`valid_email`,
`NAME_MAX`). No Textual here; not needed for the first screen of a start.
"""

import re
from typing import NamedTuple

from somekoulutus.progress import ROLES
from somekoulutus.safetext import input_problem

NAME_MAX = 200
#: name@domain.tld with no whitespace or control characters (C0, DEL, C1).
EMAIL_PATTERN = r"[^@\s\x00-\x1f\x7f-\x9f]+@[^@\s\x00-\x1f\x7f-\x9f]+\.[^@\s.\x00-\x1f\x7f-\x9f]+"


def valid_email(address: str) -> bool:
    """True when the text has the form of an e-mail address."""
    # re.fullmatch compiles on first use (re's own cache), not at every start.
    return re.fullmatch(EMAIL_PATTERN, address) is not None


class ProfileCheck(NamedTuple):
    """Field -> message: `errors` block saving, `warnings` do not."""

    errors: dict[str, str]
    warnings: dict[str, str]


def check_profile(
    name: str, email: str, unit: str, role: str | None, email_domain: str | None
) -> ProfileCheck:
    """Check a profile form; messages are for people, in Finnish."""
    errors: dict[str, str] = {}
    warnings: dict[str, str] = {}
    for field, value, label in (("name", name, "Nimi"), ("unit", unit, "Yksikkö")):
        if not value.strip():
            errors[field] = f"{label} puuttuu. Kirjoita se kenttään."
        elif len(value.strip()) > NAME_MAX:
            errors[field] = f"{label} on liian pitkä (enintään {NAME_MAX} merkkiä)."
        elif problem := input_problem(value.strip(), max_length=NAME_MAX):
            errors[field] = f"{label} {problem}."
    address = email.strip()
    if not address:
        errors["email"] = "Sähköpostiosoite puuttuu. Kirjoita se kenttään."
    elif not valid_email(address):
        errors["email"] = (
            "Sähköpostiosoite ei näytä oikealta. Muoto on esimerkiksi etunimi.sukunimi@"
            f"{email_domain or 'esimerkki.fi'}."
        )
    elif email_domain and address.rsplit("@", 1)[1].lower() != email_domain.lower():
        warnings["email"] = (
            f"Osoite ei ole kaupungin osoite (@{email_domain}). Tarkista, että se on "
            "oikein. Voit silti tallentaa sen."
        )
    if role not in ROLES:
        errors["role"] = "Valitse rooli: työntekijä tai luottamushenkilö."
    return ProfileCheck(errors, warnings)
