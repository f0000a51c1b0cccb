"""The issuer's Ed25519 key (created on first need) and the set of trusted public keys."""

from __future__ import annotations

import base64
import binascii
import os
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from somekoulutus import settings
from somekoulutus.files import UnreadableFile, read_regular

KEYS_DIR = "keys"
PRIVATE_NAME = "issuer-ed25519.pem"
PUBLIC_NAME = "issuer-ed25519.pub.pem"
RETIRED_DIR = "retired"

#: key id -> public key
TrustedKeys = Mapping[str, Ed25519PublicKey]

_create_lock = threading.Lock()


KEY_FILE_MAX = 64 * 1024


class KeyFileError(Exception):
    """A key file cannot be read (Finnish message)."""


# The DER of an Ed25519 key as OpenSSL and `cryptography` write it, before the 32 key bytes:
# PKCS#8 v1 (RFC 8410) for the private key, SubjectPublicKeyInfo for the public one.
_PKCS8_PREFIX = bytes.fromhex("302e020100300506032b657004220420")
_SPKI_PREFIX = bytes.fromhex("302a300506032b6570032100")


def _raw_from_pem(pem: bytes, label: bytes, prefix: bytes) -> bytes | None:
    """The 32 key bytes of a PEM block in the one plain form for Ed25519, else None.

    `cryptography`'s PEM loader starts OpenSSL's decoder framework on first use (~13 ms, most
    of what `certs verify ID` does); this exact form is read directly. Anything else (other
    line breaks, text around the block, other key kinds, encrypted keys) goes to that loader,
    which gives the same key or the same error.
    """
    lines = pem.strip().split(b"\n")
    if len(lines) < 3 or lines[0] != b"-----BEGIN " + label + b"-----":
        return None
    if lines[-1] != b"-----END " + label + b"-----":
        return None
    try:
        der = base64.b64decode(b"".join(lines[1:-1]), validate=True)
    except binascii.Error:
        return None
    if len(der) != len(prefix) + 32 or not der.startswith(prefix):
        return None
    return der[len(prefix) :]


def _load_private_pem(pem: bytes) -> Any:
    raw = _raw_from_pem(pem, b"PRIVATE KEY", _PKCS8_PREFIX)
    if raw is not None:
        return Ed25519PrivateKey.from_private_bytes(raw)
    from cryptography.hazmat.primitives import serialization

    return serialization.load_pem_private_key(pem, password=None)


def _load_public_pem(pem: bytes) -> Any:
    raw = _raw_from_pem(pem, b"PUBLIC KEY", _SPKI_PREFIX)
    if raw is not None:
        return Ed25519PublicKey.from_public_bytes(raw)
    from cryptography.hazmat.primitives import serialization

    return serialization.load_pem_public_key(pem)


@dataclass(frozen=True)
class IssuerKey:
    """The data dir's Ed25519 signing key with its public half and key id."""

    private: Ed25519PrivateKey
    public: Ed25519PublicKey
    key_id: str

    def sign(self, data: bytes) -> bytes:
        """Ed25519 signature of the exact bytes."""
        return self.private.sign(data)


def key_id(public: Ed25519PublicKey) -> str:
    """First 16 hex digits of SHA-256 of the raw 32-byte public key."""
    # cryptography's SHA-256, loaded with the key classes: hashlib would load the system's
    # OpenSSL library as well (~2 ms of every `certs verify`).
    digest = hashes.Hash(hashes.SHA256())
    digest.update(public.public_bytes_raw())
    return digest.finalize().hex()[:16]


def public_pem(public: Ed25519PublicKey) -> str:
    """The public key as PEM (SubjectPublicKeyInfo), as openssl reads it."""
    from cryptography.hazmat.primitives import serialization

    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def private_path(data: Path) -> Path:
    """Where the issuer's private key lives in a data dir."""
    return data / KEYS_DIR / PRIVATE_NAME


def public_path(data: Path) -> Path:
    """Where the issuer's public key is kept beside it (for people to copy)."""
    return data / KEYS_DIR / PUBLIC_NAME


def load_issuer_key(data: Path) -> IssuerKey | None:
    """The data dir's issuer key, or None when none has been created yet."""
    path = private_path(data)
    if not path.exists():
        return None
    try:
        private = _load_private_pem(read_regular(path, KEY_FILE_MAX))
    except UnreadableFile as exc:
        raise KeyFileError(f"Myöntäjän avainta {path} ei voi lukea: {exc}.") from exc
    except OSError as exc:
        raise KeyFileError(
            f"Myöntäjän avainta {path} ei voi lukea: {exc.strerror or exc}. "
            "Tarkista tiedoston käyttöoikeudet."
        ) from exc
    except ValueError as exc:
        raise KeyFileError(
            f"Myöntäjän avain {path} ei ole kelvollinen PEM-muotoinen yksityinen avain. "
            "Palauta se varmuuskopiosta."
        ) from exc
    if not isinstance(private, Ed25519PrivateKey):
        raise KeyFileError(f"Myöntäjän avain {path} ei ole Ed25519-avain.")
    public = private.public_key()
    return IssuerKey(private, public, key_id(public))


def issuer_key(data: Path) -> IssuerKey:
    """The data dir's issuer key, created (private part mode 0600) on first need.

    KeyFileError (Finnish) when it cannot be read or created.
    """
    try:
        return _issuer_key(data)
    except OSError as exc:
        raise KeyFileError(
            f"Myöntäjän avainta ei voitu luoda kansioon {data / KEYS_DIR}: "
            f"{exc.strerror or exc}. Tarkista kansion käyttöoikeudet ja levytila."
        ) from exc


def _issuer_key(data: Path) -> IssuerKey:
    import tempfile

    from cryptography.hazmat.primitives import serialization

    with _create_lock:
        existing = load_issuer_key(data)
        if existing is not None:
            return existing
        folder = data / KEYS_DIR
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        private = Ed25519PrivateKey.generate()
        pem = private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".issuer-", suffix=".tmp")  # mode 0600
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(pem)
                fh.flush()
                os.fsync(fh.fileno())
            # link() refuses to overwrite: if another process created the key meanwhile,
            # theirs wins and we load it, so every issuer in the data dir signs with one key.
            try:
                os.link(tmp, private_path(data))
            except FileExistsError:
                pass
        finally:
            Path(tmp).unlink(missing_ok=True)
        key = load_issuer_key(data)
        assert key is not None
        _write_public(data, key.public)
        return key


def _write_public(data: Path, public: Ed25519PublicKey) -> None:
    import tempfile

    folder = data / KEYS_DIR
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".issuer-pub-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(public_pem(public))
        os.chmod(tmp, 0o644)
        os.replace(tmp, public_path(data))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_public_key(path: Path) -> Ed25519PublicKey:
    """A PEM public key file (KeyFileError with a Finnish message if unusable)."""
    try:
        key = _load_public_pem(read_regular(Path(path), KEY_FILE_MAX))
    except UnreadableFile as exc:
        raise KeyFileError(f"Julkista avainta {path} ei voi lukea: {exc}.") from exc
    except OSError as exc:
        raise KeyFileError(f"Julkista avainta {path} ei voi lukea: {exc.strerror or exc}.") from exc
    except ValueError as exc:
        raise KeyFileError(
            f"Tiedosto {path} ei ole PEM-muotoinen julkinen avain "
            "(-----BEGIN PUBLIC KEY----- ...). Pyydä myöntäjältä oikea avaintiedosto."
        ) from exc
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFileError(f"Julkinen avain {path} ei ole Ed25519-avain.")
    return key


def load_public_pem(pem: str) -> Ed25519PublicKey:
    """A PEM public key given as text (KeyFileError with a Finnish message if unusable)."""
    try:
        key = _load_public_pem(pem.encode("ascii"))
    except (UnicodeEncodeError, ValueError) as exc:
        raise KeyFileError(f"Rekisterin julkinen avain ei kelpaa: {exc}") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFileError("Rekisterin julkinen avain ei ole Ed25519-avain.")
    return key


def trusted_keys(data: Path | None, extra: Iterable[Path] = ()) -> dict[str, Ed25519PublicKey]:
    """Own key (if there is one) + config.yaml `trusted_public_keys` + `extra` PEM files.

    Relative paths in config.yaml are relative to the data dir. Nothing is created. The
    data dir's part is cached until one of its files changes (see `_data_dir_keys`).
    """
    keys = dict(_data_dir_keys(data)) if data is not None else {}
    for path in extra:
        public = load_public_key(Path(path).expanduser())
        keys[key_id(public)] = public
    return keys


# A file's identity for the cache: (mtime, size, inode), or None when it does not exist.
# Keys and config.yaml are replaced by rename, which gives a new inode.
_Stamp = tuple[int, int, int] | None


def _stamp(path: Path) -> _Stamp:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


@dataclass(frozen=True)
class _Cached:
    own: _Stamp
    config: _Stamp
    listed: tuple[tuple[Path, _Stamp], ...]
    keys: dict[str, Ed25519PublicKey]


_cache: dict[Path, _Cached] = {}


def _data_dir_keys(data: Path) -> dict[str, Ed25519PublicKey]:
    """The data dir's trusted keys, read again only when a file they come from changed.

    Reading them means parsing the private key and config.yaml (pure-Python YAML): most of
    the cost of verifying one certificate. Checking whether they changed is a few `stat`s.
    """
    own_path, config_path = private_path(data), data / settings.CONFIG_NAME
    own, config = _stamp(own_path), _stamp(config_path)
    retired_dir = data / KEYS_DIR / RETIRED_DIR
    cached = _cache.get(data)
    if (
        cached is not None
        and (cached.own, cached.config) == (own, config)
        and (retired_dir, _stamp(retired_dir)) in cached.listed
        and all(_stamp(path) == stamp for path, stamp in cached.listed)
    ):
        return cached.keys
    keys: dict[str, Ed25519PublicKey] = {}
    issuer = load_issuer_key(data)
    if issuer is not None:
        keys[issuer.key_id] = issuer.public
    listed = settings.load_config(data).get("trusted_public_keys") or []
    paths = [(data / str(p)).expanduser() for p in listed if isinstance(p, str)]
    # Keys retired by rotation still verify what they signed.
    paths += sorted(retired_dir.glob("*.pub.pem")) if retired_dir.is_dir() else []
    stamps = (*((path, _stamp(path)) for path in paths), (retired_dir, _stamp(retired_dir)))
    for path in paths:
        public = load_public_key(path)
        keys[key_id(public)] = public
    # Stamped before reading: a change while we read makes the next call read again.
    _cache[data] = _Cached(own, config, stamps, keys)
    return keys


def rotate(data: Path) -> tuple[str | None, str]:
    """Retire the data dir's issuer key and make a new one: (old key id or None, new key id).

    The old public key is kept in `keys/retired/` (and stays published in the organisation's
    registry), so certificates it signed still verify; the new key signs from now on.
    """
    old = load_issuer_key(data)
    if old is not None:
        retired = data / KEYS_DIR / RETIRED_DIR
        retired.mkdir(mode=0o700, parents=True, exist_ok=True)
        (retired / f"{old.key_id}.pub.pem").write_text(public_pem(old.public), "ascii")
        os.replace(private_path(data), retired / f"{old.key_id}.pem")
        public_path(data).unlink(missing_ok=True)
    new = issuer_key(data)
    return (old.key_id if old else None), new.key_id


def verify_signature(public: Ed25519PublicKey, signature: bytes, data: bytes) -> bool:
    """True when the signature over the exact bytes is good."""
    try:
        public.verify(signature, data)
    except InvalidSignature:
        return False
    return True
