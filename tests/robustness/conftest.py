"""Helpers for the robustness tests: run quiz_worker.py as a real separate process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

HERE = Path(__file__).parent


def _parse_events(stdout: str) -> list[dict]:
    events = []
    for line in stdout.splitlines():
        try:
            events.append(json.loads(line))
        except json.JSONDecodeError:
            pass  # a line cut short by the kill
    return events


@pytest.fixture
def parse_events() -> Callable[[str], list[dict]]:
    """Parse a worker's stdout into its JSON events (a line cut short by a kill is dropped)."""
    return _parse_events


@pytest.fixture
def spawn_worker() -> Callable[..., subprocess.Popen]:
    """Start quiz_worker.py (or `script=`) with the given arguments; stdout and stderr are pipes."""
    started: list[subprocess.Popen] = []

    def spawn(*args: object, script: str = "quiz_worker.py") -> subprocess.Popen:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        proc = subprocess.Popen(
            [sys.executable, str(HERE / script), *map(str, args)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        started.append(proc)
        return proc

    yield spawn
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        for pipe in (proc.stdout, proc.stderr):
            if pipe:
                pipe.close()
