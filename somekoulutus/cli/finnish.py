"""Click's own texts in Finnish: usage, help headings, usage errors, prompts.

Click 8 translates its texts with `gettext.gettext` / `gettext.ngettext` (the "messages"
domain) at the moment it shows them. `install()` binds that domain to the catalog shipped
beside this module (locale/fi/LC_MESSAGES/messages.mo, written from `CATALOG` by
`write_mo`; a test keeps the two equal) and asks gettext for Finnish. No click internals
are touched, and the order of imports does not matter.
"""

from __future__ import annotations

import gettext
import os
import struct
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"  # the domain click's `gettext.gettext` calls use

#: Click's msgid -> Finnish. A tuple key is a plural pair (singular, plural) and its value
#: the Finnish forms (one, many).
CATALOG: dict[str | tuple[str, str], str | tuple[str, str]] = {
    # help
    "Usage:": "Käyttö:",
    "Options": "Valinnat",
    "Commands": "Komennot",
    "Positional arguments": "Argumentit",
    "Show this message and exit.": "Näytä tämä ohje ja lopeta.",
    "Show the version and exit.": "Näytä versio ja lopeta.",
    "%(prog)s, version %(version)s": "%(prog)s, versio %(version)s",
    "default: {default}": "oletus: {default}",
    "required": "pakollinen",
    "env var: {var}": "ympäristömuuttuja: {var}",
    "(dynamic)": "(muuttuva)",
    "deprecated": "vanhentunut",
    # usage errors
    "Error: {message}": "Virhe: {message}",
    "Try '{command} {option}' for help.": "Ohje: '{command} {option}'.",
    "Invalid value: {message}": "Virheellinen arvo: {message}",
    "Invalid value for {param_hint}: {message}": "Virheellinen arvo kohdassa {param_hint}: {message}",
    "Missing argument": "Puuttuva argumentti",
    "Missing option": "Puuttuva valinta",
    "Missing parameter": "Puuttuva parametri",
    "Missing {param_type}": "Puuttuva {param_type}",
    "Missing parameter: {param_name}": "Puuttuva parametri: {param_name}",
    "Missing command.": "Komento puuttuu.",
    "No such option {name!r}.": "Valintaa {name!r} ei ole.",
    "No such command {name!r}.": "Komentoa {name!r} ei ole.",
    "Option {name!r} does not take a value.": "Valinnalle {name!r} ei anneta arvoa.",
    "Argument {name!r} takes {nargs} values.": "Argumentille {name!r} annetaan {nargs} arvoa.",
    "Aborted!": "Keskeytetty.",
    "unknown error": "tuntematon virhe",
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "Ylimääräinen argumentti ({args})",
        "Ylimääräisiä argumentteja ({args})",
    ),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "Tarkoititko {possibility}?",
        "(Tarkoititko jotakin näistä: {possibilities}?)",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "Valinta {name!r} tarvitsee arvon.",
        "Valinta {name!r} tarvitsee {nargs} arvoa.",
    ),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): (
        "Arvoja pitää olla {nargs}, mutta annettiin 1.",
        "Arvoja pitää olla {nargs}, mutta annettiin {len}.",
    ),
    (
        "{len_type} values are required, but {len_value} was given.",
        "{len_type} values are required, but {len_value} were given.",
    ): (
        "Arvoja pitää olla {len_type}, mutta annettiin {len_value}.",
        "Arvoja pitää olla {len_type}, mutta annettiin {len_value}.",
    ),
    # values
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "{value!r} ei kelpaa: vaihtoehto on {choice}.",
        "{value!r} ei kelpaa: vaihtoehdot ovat {choices}.",
    ),
    (
        "{value!r} does not match the format {format}.",
        "{value!r} does not match the formats {formats}.",
    ): (
        "{value!r} ei ole muodossa {format}.",
        "{value!r} ei ole missään muodoista {formats}.",
    ),
    "{value!r} is not a valid {number_type}.": "{value!r} ei ole kelvollinen luku ({number_type}).",
    "{value} is not in the range {range}.": "{value} ei ole välillä {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} ei ole kyllä- tai ei-arvo. Kelpaavat arvot: {states}"
    ),
    "{value!r} is not a valid UUID.": "{value!r} ei ole kelvollinen UUID.",
    "file": "tiedosto",
    "directory": "kansio",
    "path": "polku",
    "{name} {filename!r} does not exist.": "{name} {filename!r} ei ole olemassa.",
    "{name} {filename!r} is a file.": "{name} {filename!r} on tiedosto.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} on kansio.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} ei ole luettavissa.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} ei ole kirjoitettavissa.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} ei ole suoritettava.",
    "Could not open file {filename!r}: {message}": "Tiedostoa {filename!r} ei voi avata: {message}",
    # prompts
    "Error: invalid input": "Virhe: arvo ei kelpaa",
    "Error: The two entered values do not match.": "Virhe: arvot eivät ole samat.",
    "Repeat for confirmation": "Toista vahvistukseksi",
    "Do you want to continue?": "Jatketaanko?",
    "Confirm the action without prompting.": "Vahvista kysymättä.",
    "Press any key to continue...": "Jatka painamalla mitä tahansa näppäintä...",
    "Choose from:\n\t{choices}": "Valitse näistä:\n\t{choices}",
}

HEADER = (
    "Content-Type: text/plain; charset=UTF-8\n"
    "Language: fi\n"
    "Plural-Forms: nplurals=2; plural=(n != 1);\n"
)


def mo_bytes(catalog: dict[str | tuple[str, str], str | tuple[str, str]] = CATALOG) -> bytes:
    """The catalog as a GNU .mo file (the format gettext reads)."""
    entries: dict[bytes, bytes] = {b"": HEADER.encode()}
    for key, value in catalog.items():
        if isinstance(key, tuple):
            entries["\0".join(key).encode()] = "\0".join(value).encode()
        else:
            entries[key.encode()] = str(value).encode()
    keys = sorted(entries)
    offsets, ids, strs = [], b"", b""
    for k in keys:
        offsets.append((len(ids), len(k), len(strs), len(entries[k])))
        ids += k + b"\0"
        strs += entries[k] + b"\0"
    start = 7 * 4 + 16 * len(keys)
    table = []
    for id_at, id_len, _, _ in offsets:
        table += [id_len, start + id_at]
    for _, _, str_at, str_len in offsets:
        table += [str_len, start + len(ids) + str_at]
    header = struct.pack("<7I", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, 0)
    return header + struct.pack(f"<{len(table)}I", *table) + ids + strs


def mo_path() -> Path:
    return LOCALE_DIR / "fi" / "LC_MESSAGES" / f"{DOMAIN}.mo"


def write_mo() -> Path:
    """Write the shipped catalog from `CATALOG` (run after changing it)."""
    path = mo_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(mo_bytes())
    return path


def install() -> None:
    """Show click's texts in Finnish for the rest of the process."""
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    # LANGUAGE picks the catalog's language only (not number or date formats): the
    # program speaks Finnish whatever the locale.
    os.environ["LANGUAGE"] = "fi"


if __name__ == "__main__":
    print(write_mo())
