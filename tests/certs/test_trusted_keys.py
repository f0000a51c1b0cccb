"""Trusted keys are cached per data dir, and every change of their files is seen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from somekoulutus import certs, settings
from somekoulutus.certs.keys import (
    KeyFileError,
    issuer_key,
    key_id,
    load_public_key,
    public_path,
    trusted_keys,
)


def other_issuer(tmp_path: Path, name: str) -> Path:
    """A second data dir with its own issuer key; returns its public PEM file."""
    folder = tmp_path / name
    folder.mkdir()
    issuer_key(folder)
    return public_path(folder)


def test_the_issuer_key_is_seen_once_created(data_dir):
    assert trusted_keys(data_dir) == {}
    own = issuer_key(data_dir)
    assert trusted_keys(data_dir) == {own.key_id: own.public}


def test_a_key_added_to_config_is_seen_and_a_removed_one_is_gone(data_dir, tmp_path):
    own = issuer_key(data_dir)
    assert list(trusted_keys(data_dir)) == [own.key_id]
    pem = other_issuer(tmp_path, "toinen")
    settings.save_config(data_dir, {"trusted_public_keys": [str(pem)]})
    assert set(trusted_keys(data_dir)) == {own.key_id, key_id(load_public_key(pem))}
    settings.save_config(data_dir, {})
    assert list(trusted_keys(data_dir)) == [own.key_id]


def test_a_listed_pem_file_replaced_in_place_is_read_again(data_dir, tmp_path):
    first, second = other_issuer(tmp_path, "eka"), other_issuer(tmp_path, "toka")
    listed = tmp_path / "luotettu.pem"
    listed.write_bytes(first.read_bytes())
    settings.save_config(data_dir, {"trusted_public_keys": [str(listed)]})
    before = set(trusted_keys(data_dir))
    # Same path and size, new content written into the same file (same inode).
    listed.write_bytes(second.read_bytes())
    os.utime(listed, ns=(1, 1))
    after = set(trusted_keys(data_dir))
    assert before != after and len(after) == 1


def test_a_broken_listed_file_is_an_error_every_time(data_dir, tmp_path):
    listed = tmp_path / "rikki.pem"
    listed.write_text("ei avain", "ascii")
    settings.save_config(data_dir, {"trusted_public_keys": [str(listed)]})
    for _ in range(2):
        with pytest.raises(KeyFileError):
            trusted_keys(data_dir)


def test_callers_cannot_change_the_cached_keys(data_dir):
    issuer_key(data_dir)
    trusted_keys(data_dir).clear()
    assert len(trusted_keys(data_dir)) == 1


def test_the_record_title_comes_from_the_signed_payload(conn, content, data_dir, passer):
    passer("maija")
    [issued] = certs.issue_if_eligible(conn, content, data_dir, "maija")
    again = certs.get_certificate(conn, issued.id)
    assert again == issued
    assert again.title == content.certificates[issued.definition_id].title


# -- reading PEM: the plain Ed25519 form directly, anything else through cryptography ---------


def _other_forms(pem: bytes) -> list[bytes]:
    """The same key written in ways the direct reader does not take."""
    lines = pem.strip().split(b"\n")
    return [
        pem.replace(b"\n", b"\r\n"),  # Windows line ends
        b"A comment before the block\n" + pem,  # text around the block
        lines[0] + b"\n" + b"".join(lines[1:-1]) + b"\n" + lines[-1] + b"\n",  # one long line
    ]


def test_the_direct_reader_gives_the_same_keys_as_cryptography(data_dir):
    from cryptography.hazmat.primitives import serialization

    from somekoulutus.certs.keys import _load_private_pem, _load_public_pem, private_path

    own = issuer_key(data_dir)
    private_pem = private_path(data_dir).read_bytes()
    public_pem = public_path(data_dir).read_bytes()
    raw = own.public.public_bytes_raw()
    for pem in (private_pem, *_other_forms(private_pem)):
        key = _load_private_pem(pem)
        assert key.public_key().public_bytes_raw() == raw
        expected = serialization.load_pem_private_key(pem, password=None)
        assert key.private_bytes_raw() == expected.private_bytes_raw()
    for pem in (public_pem, *_other_forms(public_pem)):
        assert _load_public_pem(pem).public_bytes_raw() == raw


def test_a_damaged_or_foreign_pem_is_refused_as_before(tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    good = other_issuer(tmp_path, "hyva").read_bytes()
    damaged = tmp_path / "rikki.pem"
    damaged.write_bytes(good.replace(good.split(b"\n")[1][:8], b"!!!!!!!!"))
    with pytest.raises(KeyFileError, match="PEM-muotoinen"):
        load_public_key(damaged)
    foreign = tmp_path / "ec.pem"
    foreign.write_bytes(
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    with pytest.raises(KeyFileError, match="Ed25519"):
        load_public_key(foreign)
