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
