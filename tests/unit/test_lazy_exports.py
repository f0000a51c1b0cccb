"""Every name a package exports lazily resolves (a moved function must leave no stale entry)."""

from __future__ import annotations

import importlib

import pytest

PACKAGES = ["somekoulutus.certs", "somekoulutus.content"]


@pytest.mark.parametrize("package", PACKAGES)
def test_every_exported_name_resolves(package: str) -> None:
    module = importlib.import_module(package)
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert missing == []
