"""A broken config.yaml is a Finnish message and exit 2, and the file is left as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from somekoulutus import settings

from .conftest import ADMIN, Cli

BROKEN = "admins: [viestinta\n  trusted_public_keys: : :\n"


@pytest.mark.parametrize(
    "args",
    [
        ["admins", "list"],
        ["admins", "add", "uusi"],
        ["rights", "audit"],
        ["certs", "verify", "SK-0000-0000-0"],
    ],
)
def test_a_broken_config_file_is_reported_and_kept(
    cli: Cli, admin_dir: Path, args: list[str]
) -> None:
    config = admin_dir / settings.CONFIG_NAME
    config.write_text(BROKEN, "utf-8")
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert "Asetustiedostossa" in result.stderr and "rivillä 2" in result.stderr
    assert "Traceback" not in result.output
    assert config.read_text("utf-8") == BROKEN


def test_an_unreadable_config_file_says_what_to_check(tmp_path: Path) -> None:
    (tmp_path / settings.CONFIG_NAME).write_bytes(b"admins: [\xff]\n")
    with pytest.raises(settings.ConfigError, match="merkistö"):
        settings.load_config(tmp_path)


def test_a_good_config_file_still_reads(admin_dir: Path) -> None:
    assert settings.load_config(admin_dir)["admins"] == [ADMIN]
