"""Regenerate tests/corpus_findings/<target>.txt from what edgelint reports now:

    python tests/update_snapshots.py

Then read `git diff tests/corpus_findings` line by line against the files before committing:
the snapshots are reviewed expectations, not a recording of whatever the code does.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from edgelint.targets import TARGETS
from test_corpus import CORPUS_FILES, FINDINGS_DIR, found


def main() -> None:
    for target in sorted(TARGETS):
        lines: list[str] = []
        for path in CORPUS_FILES:
            lines.append(path.name)
            lines.extend(f"    {finding}" for finding in found(path, target))
        (FINDINGS_DIR / f"{target}.txt").write_text("\n".join(lines) + "\n")
        print(f"wrote {FINDINGS_DIR / f'{target}.txt'}")


if __name__ == "__main__":
    main()
