"""The README's commands, run as a user copies them: every `sh` block's command lines, in a
folder holding the files they name (`app.yaml`, `deploy/`, the README's own `cluster.yaml`),
with the output the README shows where it shows one.

Not run here, and why: the two set-up commands (`pip install ...`) are what `.ci/run` runs
(checked below to be the same); `edgectl` is not public, so `registries.json` is a recorded
Controller answer; `iofogctl deploy` needs a cluster, so of `edgelint render ... | iofogctl
deploy -f -` the edgelint part runs and its output is checked to be YAML. The pre-commit
snippet is run by the real pre-commit in tests/test_precommit.py."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import FIXTURES, REPO, edgelint_command

README = (REPO / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
README_CONTROLLER = "http://controller.example:51121"  # the snapshot example's Controller
SETUP = ("pip install . && edgelint lint examples/", "pip install -e '.[test]' && pytest")
# A clean potctl file: the README shows the summary of one.
POTCTL_APP = b"""\
apiVersion: datasance.com/v3
kind: Application
metadata:
  name: llama-edge
spec:
  microservices:
    - name: api-server
      agent:
        name: edge-1
      images:
        registry: 1
        x86: wasmedge/llamaedge-api-server:latest
"""


@dataclass(frozen=True)
class Command:
    line: int  # in README.md
    text: str
    shown: tuple[str, ...]  # the output the README prints after it, as `# ...` lines


def _commands() -> list[Command]:
    found = []
    for block in BLOCK.finditer(README):
        if block.group(1) != "sh":
            continue
        first = README[: block.start()].count("\n") + 2
        lines = block.group(2).splitlines()
        for number, line in enumerate(lines):
            if not line.strip() or line.startswith("#"):
                continue
            shown = []
            for after in lines[number + 1 :]:
                if not after.startswith("#"):
                    break
                shown.append(after.removeprefix("#").strip())
            command = re.sub(r"\s+#\s.*$", "", line).strip()
            found.append(Command(first + number, command, tuple(shown)))
    return found


COMMANDS = _commands()


def _cluster_snippet() -> str:
    """The README's `cluster.yaml` block, as a user would save it."""
    for block in BLOCK.finditer(README):
        if block.group(1) == "yaml" and block.group(2).startswith("# cluster.yaml"):
            return block.group(2)
    raise AssertionError("the README has no cluster.yaml snippet")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The files the commands name, as a user's checkout would hold them."""
    # The quick start's application, on an agent of the README's cluster snapshot.
    app = (REPO / "examples" / "heart-rate.yaml").read_text(encoding="utf-8")
    (tmp_path / "app.yaml").write_text(app.replace("local-agent", "edge-1"), encoding="utf-8")
    shutil.copytree(REPO / "examples", tmp_path / "deploy")
    (tmp_path / "cluster.yaml").write_text(_cluster_snippet(), encoding="utf-8")
    shutil.copy(FIXTURES / "registries" / "api-response.json", tmp_path / "registries.json")
    (tmp_path / "potctl-app.yaml").write_bytes(POTCTL_APP)
    return tmp_path


def _runnable(command: Command) -> str | None:
    """The command as the test runs it, or None for those left to .ci/run or a real cluster.
    `edgelint snapshot` reads the recorded Controller (controller_replay) at the README's URL."""
    if command.text in SETUP or command.text.startswith(("edgectl ", "export ")):
        return None
    return command.text.replace("| iofogctl deploy -f -", "").strip()


def _shell(text: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    bin_dir = str(Path(edgelint_command()).parent)
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR")}
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", text],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_readme_has_commands_to_run() -> None:
    assert len([c for c in COMMANDS if _runnable(c)]) >= 14
    assert {c.text for c in COMMANDS} >= set(SETUP)


def test_the_setup_commands_are_what_ci_runs() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install --quiet . && edgelint lint examples/" in ci
    assert "pip install --quiet -e '.[test]'" in ci and "\npytest\n" in ci


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: f"README:{c.line}")
def test_readme_command_runs_as_shown(command: Command, folder: Path) -> None:
    runnable = _runnable(command)
    if runnable is None:
        pytest.skip("run by .ci/run, or needs edgectl (not public)")
    if runnable.startswith("edgelint snapshot"):
        from controller_replay import EMAIL, PASSWORD, Replay, serving

        with serving(Replay.recorded()) as url:
            given = runnable.replace(README_CONTROLLER, url)
            login = f"EDGELINT_CONTROLLER_EMAIL={EMAIL} EDGELINT_CONTROLLER_PASSWORD={PASSWORD} "
            result = _shell(login + given, folder)
        result.stdout = result.stdout.replace(url, README_CONTROLLER)
    else:
        result = _shell(runnable, folder)
    output = result.stdout + result.stderr
    assert result.returncode in (0, 1), output
    assert "Traceback" not in output and "internal error" not in output, output
    if command.shown:
        shown = " ".join(command.shown)
        assert shown in " ".join(output.split()), output
    if "render" in runnable:
        assert result.returncode == 0, output
        documents = list(YAML(typ="safe").load_all(result.stdout))
        assert documents and all(isinstance(d, dict) and "kind" in d for d in documents)
    if "> " in runnable:
        written = folder / runnable.rsplit("> ", 1)[1].strip()
        assert written.stat().st_size > 0


def _snippet_rev() -> str:
    revs = set(re.findall(r"^\s+rev: (\S+)$", README, re.M))
    revs |= set(re.findall(r"uses: edgelint/edgelint@(\S+)$", README, re.M))
    assert len(revs) == 1, revs
    return revs.pop()


def test_the_snippets_name_this_version() -> None:
    """`rev: v0.2.0` (pre-commit) and `@v0.2.0` (the Action) name the release this tree is, and
    this tree holds what they load: a snippet left behind at a bump would install another
    release's hooks."""
    version = re.search(
        r'__version__ = "([^"]+)"', (REPO / "linter" / "edgelint" / "__init__.py").read_text()
    )
    assert version is not None and f"v{version.group(1)}" == _snippet_rev()
    for name in (".pre-commit-hooks.yaml", "action.yml", "pyproject.toml"):
        assert (REPO / name).is_file(), name


def test_the_release_the_snippets_name_is_tagged() -> None:
    """Where the clone carries tags, the snippets' rev is one of them, on main's history, holding
    the hooks and the action. A clone of main alone (as CI makes) has no tags to look at."""
    rev = _snippet_rev()
    git = shutil.which("git")
    if git is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout: no tags to look at")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [git, *args], cwd=REPO, capture_output=True, text=True, timeout=60, check=False
        )

    if run("rev-parse", "--is-shallow-repository").stdout.strip() == "true":
        pytest.skip("a shallow clone: its tags are not all fetched")
    if not run("tag", "--list").stdout.strip():
        pytest.skip("this clone carries no tags (a clone of main alone)")
    assert run("rev-parse", "--verify", "--quiet", f"refs/tags/{rev}").returncode == 0, (
        f"the README names {rev}, which is not a tag"
    )
    assert run("merge-base", "--is-ancestor", f"{rev}^{{commit}}", "HEAD").returncode == 0
    listed = run("ls-tree", "--name-only", f"{rev}^{{commit}}").stdout.split()
    assert {".pre-commit-hooks.yaml", "action.yml", "pyproject.toml"} <= set(listed)
    version = re.search(
        r'__version__ = "([^"]+)"', run("show", f"{rev}:linter/edgelint/__init__.py").stdout
    )
    assert version is not None and f"v{version.group(1)}" == rev
