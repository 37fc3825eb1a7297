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


_PINS = (
    re.compile(r"^\s+rev: (\S+)  # frozen: (v\S+)$", re.M),
    re.compile(r"uses: edgelint/edgelint@(\S+)  # (v\S+)$", re.M),
    re.compile(r"git\+https://github\.com/edgelint/edgelint@(\S+?)\"()", re.M),
)


def _snippet_pin() -> tuple[str, str]:
    """The commit every snippet pins and the release it says that commit is."""
    commits = {found for pin in _PINS[:2] for found in pin.findall(README)}
    assert len(commits) == 1, commits
    commit, release = commits.pop()
    assert {found[0] for found in _PINS[2].findall(README)} == {commit}
    assert re.fullmatch(r"[0-9a-f]{40}", commit), f"{commit} is not a full commit id"
    return commit, release


def _version(text: str) -> str:
    found = re.search(r'__version__ = "([^"]+)"', text)
    assert found is not None
    return found.group(1)


def test_the_snippets_name_this_version() -> None:
    """The pre-commit, Action and pip snippets pin one commit, said to be release v0.2.0, the
    release this tree is, and this tree holds what they load: a snippet left behind at a bump
    would install another release's hooks."""
    _, release = _snippet_pin()
    assert release == f"v{_version((REPO / 'linter' / 'edgelint' / '__init__.py').read_text())}"
    for name in (".pre-commit-hooks.yaml", "action.yml", "pyproject.toml"):
        assert (REPO / name).is_file(), name


def test_the_commit_the_snippets_pin_is_that_release_on_main() -> None:
    """The pinned commit is on main's history (so every full clone has it), holds the hooks and
    the action, and is the release it is said to be; where the clone carries the release's tag,
    the tag names that commit."""
    commit, release = _snippet_pin()
    git = shutil.which("git")
    if git is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout: no history to look at")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [git, *args], cwd=REPO, capture_output=True, text=True, timeout=60, check=False
        )

    if run("rev-parse", "--is-shallow-repository").stdout.strip() == "true":
        pytest.skip("a shallow clone: its history is cut")
    assert run("cat-file", "-e", f"{commit}^{{commit}}").returncode == 0, (
        f"the README pins {commit}, which is not a commit here"
    )
    assert run("merge-base", "--is-ancestor", commit, "HEAD").returncode == 0
    listed = run("ls-tree", "--name-only", commit).stdout.split()
    assert {".pre-commit-hooks.yaml", "action.yml", "pyproject.toml"} <= set(listed)
    shown = run("show", f"{commit}:linter/edgelint/__init__.py").stdout
    assert f"v{_version(shown)}" == release
    tagged = run("rev-parse", "--verify", "--quiet", f"refs/tags/{release}^{{commit}}")
    if tagged.returncode == 0:
        assert tagged.stdout.strip() == commit, f"tag {release} names another commit"
