"""docs/rules.md is generated from the rule modules and must be current; every rule's docs have
the sections `explain` promises, and cite the platform behaviour they guard against."""

from __future__ import annotations

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
        assert "§" in text, code
        if rule.fix is not None:
            fix_section = text[text.index("## Fix") :]
            assert rule.fix.value in fix_section.lower(), (code, "fix safety not stated")


def test_generated_sections_keep_yaml_comments_in_examples() -> None:
    text = markdown()
    assert "## EL301" in text and "### What it finds" in text
    assert "\n## EL301" in text and "\n### Example" in text
    assert "\n##   " not in text  # a demoted YAML comment would look like this
