"""Where the benchmark keeps its venvs, corpora and outputs: all below bench/, all ignored."""

from __future__ import annotations

from pathlib import Path

BENCH = Path(__file__).resolve().parent
WORK = BENCH / "work"
PEERS_VENV = BENCH / ".venv-peers"
EDGELINT_VENV = BENCH / ".venv-edgelint"
