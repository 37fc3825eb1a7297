"""CI can pin what is checked: a pull request that adds a nested `.edgelint.yaml` weakening
the checks (rules off, errors as infos, files excluded) changes nothing under `--isolated`
(no configuration file at all, as ruff's) or `--config FILE` (that one file for every path)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import FAILING, repo, run

WEAKENINGS = {
    "ignore": "ignore: [ALL]\n",
    "severity": "severity: {EL: info}\n",
    "exclude": 'exclude: ["*.yaml"]\n',
    "select": "select: [EL005]\n",
    "per-file-ignores": 'per-file-ignores: {"*": [ALL]}\n',
}


@pytest.mark.parametrize("weakening", sorted(WEAKENINGS))
def test_a_nested_configuration_cannot_weaken_a_pinned_run(tmp_path: Path, weakening: str) -> None:
    checkout = repo(tmp_path / "checkout", {"deploy/app.yaml": FAILING})
    (checkout / "pyproject.toml").write_text('[tool.edgelint]\ntarget = "iofog-3"\n')
    (checkout / "deploy" / ".edgelint.yaml").write_text(WEAKENINGS[weakening])
    weakened = run("lint", "deploy", cwd=checkout)
    assert weakened.returncode == 0, weakened.stdout  # what the pull request wanted
    for pinned in (["--isolated"], ["--config", "pyproject.toml"]):
        result = run("lint", *pinned, "deploy", cwd=checkout)
        assert result.returncode == 1, (pinned, result.stdout)
        assert b"deploy/app.yaml:12:19: error EL303" in result.stdout


def test_isolated_ignores_a_broken_or_hostile_configuration_too(tmp_path: Path) -> None:
    checkout = repo(tmp_path / "checkout")
    (checkout / ".edgelint.yaml").write_text("cluster: /dev/zero\nselct: [EL3]\n")
    assert run("lint", "app.yaml", cwd=checkout).returncode == 2
    result = run("lint", "--isolated", "app.yaml", cwd=checkout)
    assert result.returncode == 1 and b"EL303" in result.stdout
    both = run("lint", "--isolated", "--config", ".edgelint.yaml", "app.yaml", cwd=checkout)
    assert both.returncode == 2
    assert both.stderr == b"edgelint: error: --config: cannot be combined with --isolated\n"
