"""Regenerate the reviewed expectations from what edgelint reports now:

    python tests/update_snapshots.py

It rewrites each rule fixture's `tests/fixtures/rules/<CODE>/<case>.expected` (diagnostics with
their messages and fix titles; header comments kept), `tests/corpus_findings/<target>.txt` and
`tests/fixtures/loader/trees.json` (the digest of every node the loader builds, per file).
Then read `git diff tests/fixtures tests/corpus_findings` line by line before committing: the
snapshots are reviewed expectations, not a recording of whatever the code does.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from edgelint.platform.targets import TARGETS
from test_corpus import CORPUS_FILES, FINDINGS_DIR
from test_corpus import found as corpus_found
from test_loader_trees import RECORD, record_text
from test_rules import RULE_FIXTURES, expected_text, load_case


def main() -> None:
    changed = 0
    for path in RULE_FIXTURES:
        case = load_case(path)
        target = path.with_suffix(".expected")
        text = expected_text(case)
        if target.read_text() != text:
            target.write_text(text)
            changed += 1
    print(f"rule fixtures: {changed} of {len(RULE_FIXTURES)} expected files rewritten")
    for target_name in sorted(TARGETS):
        lines: list[str] = []
        for path in CORPUS_FILES:
            lines.append(path.name)
            lines.extend(f"    {finding}" for finding in corpus_found(path, target_name))
        (FINDINGS_DIR / f"{target_name}.txt").write_text("\n".join(lines) + "\n")
        print(f"wrote {FINDINGS_DIR / f'{target_name}.txt'}")
    trees = record_text()
    print(f"{RECORD.name}: {'unchanged' if RECORD.read_text() == trees else 'rewritten'}")
    RECORD.write_text(trees)


if __name__ == "__main__":
    main()
