"""docs/rules.md is generated from the rule modules and must be current; every rule's docs have
the sections `explain` promises, and cite the public source of the platform behaviour they guard
against."""

from __future__ import annotations

import re

from conftest import REPO, run_cli
from edgelint.report.ruledocs import markdown
from edgelint.rules import all_rules


def test_rules_md_is_current() -> None:
    checked_in = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert checked_in == markdown(), (
        "docs/rules.md is stale: run `edgelint rules --format markdown > docs/rules.md`"
    )


def test_cli_prints_the_same_markdown() -> None:
    result = run_cli("rules", "--format", "markdown")
    assert result.returncode == 0
    assert result.stdout.decode() == markdown()


def test_every_rule_explains_itself() -> None:
    for code, rule in all_rules().items():
        text = rule.explanation
        for section in ("## What it finds", "## Why it matters", "## Example", "## Fix"):
            assert section in text, (code, section)
        if rule.fix is not None:
            fix_section = text[text.index("## Fix") :]
            assert rule.fix.value in fix_section.lower(), (code, "fix safety not stated")


# A public source: an owner/repo with a backticked file path after it (the path may wrap to the
# next line), such as eclipse-iofog/Controller `src/helpers/template-helper.js`, or a web address.
_PUBLIC_SOURCE = re.compile(r"[A-Za-z0-9-]+/[A-Za-z0-9_.-]+\s+`[^`]+`|https://")


def test_every_rule_cites_what_users_can_read() -> None:
    """Rule docs cite what users can read: a public repository file or a web page, never the
    project's private research notes (no "§" section numbers, no "research"). This is the one
    test of rule citations."""
    for code, rule in all_rules().items():
        text = rule.explanation
        assert "§" not in text, (code, "cites a private research section")
        assert "research" not in text.lower(), (code, "cites the private research notes")
        assert _PUBLIC_SOURCE.search(text), (code, "cites no public repository file or URL")


def test_generated_sections_keep_yaml_comments_in_examples() -> None:
    text = markdown()
    assert "## EL301" in text and "### What it finds" in text
    assert "\n## EL301" in text and "\n### Example" in text
    assert "\n##   " not in text  # a demoted YAML comment would look like this


def test_nothing_users_read_cites_the_private_research_notes() -> None:
    """The shipped schemas, the docs, the README, the hooks and the Action: users have none
    of the project's private notes, so nothing they read may send them there."""
    shipped = [
        *sorted((REPO / "schemas").rglob("*.json")),
        *sorted((REPO / "docs").glob("*.md")),
        REPO / "README.md",
        REPO / "action.yml",
        REPO / ".pre-commit-hooks.yaml",
    ]
    for path in shipped:
        text = path.read_text(encoding="utf-8")
        for needle in ("§", "research", "../shared", "iofog-platform.md"):
            assert needle not in text, (path.relative_to(REPO), needle)
