"""Shared fixtures: the small valid data set, a throwaway copy of it, and the built site."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIXTURE = ROOT / "tests" / "fixtures" / "valid"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the valid fixture at tmp/data (messages then name data/...)."""
    dest = tmp_path / "data"
    shutil.copytree(FIXTURE, dest)
    return dest


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real guide, built once per test session through scripts/build.py (strict)."""
    from scripts.build import build

    site = tmp_path_factory.mktemp("built") / "site"
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    assert build(site) == 0, "the strict build of the real content failed"
    return site
