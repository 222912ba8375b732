"""Shared fixtures. Helper modules (plans, reference_eval, strategies) sit next to the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from plan_overlay import REPO


@pytest.fixture
def at_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository root, so reported paths read samples/NAME.yaml."""
    monkeypatch.chdir(REPO)
    return REPO


@pytest.fixture(scope="session")
def megaroth_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """megaroth's wheel, built once per run for every test that installs it."""
    from wheel_support import build_wheel

    return build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(autouse=True)
def shipped_limits():
    """Every test starts and ends with megaroth's own limits table: a --limits run sets a process-wide table."""
    from megaroth.engine.money.limits import TableState, install_table_state

    install_table_state(TableState())
    yield
    install_table_state(TableState())
