"""The integrations users copy into their repositories, run the way those repositories run them.

- `.pre-commit-hooks.yaml`, with the real pre-commit: it builds a virtualenv, pip-installs this
  repository into it and runs each hook on files of a throwaway git repository. A hook that
  cannot install, that is filtered away from the files it is meant for, or whose exit code
  pre-commit reads differently from what we expect, fails here and nowhere else.
- `action.yml`, the composite GitHub Action: its metadata (and, when check-jsonschema is
  installed, the published schema for it) and its two bash steps, run outside GitHub with the
  environment the runner would give them.

Everything that needs the network (pip) is in few subprocesses: each pre-commit `try-repo`
builds its own environment (it uses a temporary store, PRE_COMMIT_HOME does not cache it), so
the test makes three of them.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from conftest import ALIAS, FAILING, FIXTURES, REPO

ACTION = REPO / "action.yml"
CLEAN = FIXTURES / "rules" / "valid" / "iofog-3.yaml"  # zero findings under the default target

# A Helm chart template: not YAML until Helm renders it (EL001 if linted). The hooks exclude it.
HELM_TEMPLATE = b"""\
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
"""

SUBPROCESS_TIMEOUT = 900  # a hung pip must not hang the suite; this is no timing assertion


# --- environment -------------------------------------------------------------------------------


def _require(tool: str, available: bool) -> None:
    """Skip without the tool, except on CI, where a skip would hide that the hooks went untested.

    pre-commit comes with the `test` extra and git with every checkout, so on CI missing either
    is a broken setup, not a reason to pass.
    """
    if available:
        return
    if os.environ.get("CI", "").lower() in ("1", "true"):
        pytest.fail(f"{tool} is not available on CI: install the `test` extra")
    pytest.skip(f"{tool} is not available")


def _leaks_in(name: str) -> bool:
    """Variables that would make a run depend on who runs it, or on the git hook it runs in."""
    if name.startswith("GIT_"):
        return not name.startswith(("GIT_SSL_", "GIT_SSH", "GIT_PROXY"))
    return name.startswith("PRE_COMMIT") or name in {
        "SKIP",  # pre-commit skips hooks named here
        "GITHUB_ACTIONS",  # edgelint would switch to `--format github`
        "NO_COLOR",
        "FORCE_COLOR",
        "PYTHONPATH",
        "PYTHONHOME",
        "VIRTUAL_ENV",
    }


@pytest.fixture(scope="module")
def isolated_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment pre-commit and git run in: no user's home, git config or caches.

    PIP_* variables and the system pip configuration stay: they are how this machine reaches
    the package index. XDG_CACHE_HOME is shared by the module's runs so pip's wheel cache is.
    """
    _require("git", shutil.which("git") is not None)
    _require("pre-commit", importlib.util.find_spec("pre_commit") is not None)
    home = tmp_path_factory.mktemp("home")
    env = {k: v for k, v in os.environ.items() if not _leaks_in(k)}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        PRE_COMMIT_HOME=str(home / ".cache" / "pre-commit"),
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
    )
    return env


def _git(*args: str, cwd: Path, env: dict[str, str] | None = None) -> bytes:
    result = subprocess.run(
        ["git", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        timeout=SUBPROCESS_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, f"git {shlex.join(args)}: {result.stderr.decode()}"
    return result.stdout


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, isolated_env: dict[str, str]) -> Path:
    """This working tree, as it would be committed, as a one-commit repository.

    `pre-commit try-repo` on a checkout with uncommitted changes commits them in a shadow clone,
    but only changes to tracked files (`git add -u`): a new module that a changed file imports
    is missing there and the hook dies with an ImportError. So the test takes every file git
    would commit (tracked and untracked, less .gitignore'd) into a repository of its own, the
    way pre-commit sees a published `rev`.
    """
    if _git_or_none("rev-parse", "--is-inside-work-tree") is None:
        pytest.skip(f"{REPO} is not a git checkout (an unpacked sdist?): nothing to try-repo")
    listed = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO)
    snapshot = tmp_path_factory.mktemp("hook-repo")
    for name in filter(None, os.fsdecode(listed).split("\0")):
        source, target = REPO / name, snapshot / name
        if not source.is_symlink() and not source.exists():
            continue  # deleted in the working tree, not yet in a commit
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            target.symlink_to(os.readlink(source))
        else:
            shutil.copy2(source, target)
    _init_repo(snapshot, isolated_env)
    return snapshot


def _git_or_none(*args: str) -> bytes | None:
    """git in REPO with the caller's own configuration (REPO is theirs, e.g. safe.directory)."""
    try:
        result = subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, timeout=60, check=False
        )
    except OSError:
        return None
    return result.stdout if result.returncode == 0 else None


def _init_repo(path: Path, env: dict[str, str]) -> None:
    """A repository with everything in `path` committed, its identity configured locally."""
    _git("init", "-q", cwd=path, env=env)
    _git("config", "user.name", "edgelint tests", cwd=path, env=env)
    _git("config", "user.email", "tests@edgelint.invalid", cwd=path, env=env)
    _git("config", "commit.gpgsign", "false", cwd=path, env=env)
    _git("add", "-A", cwd=path, env=env)
    _git("commit", "-q", "-m", "files", cwd=path, env=env)


@pytest.fixture
def project(tmp_path: Path, isolated_env: dict[str, str]) -> Path:
    """A user's repository: a clean file, a failing one, one with an alias, a Helm chart."""
    root = tmp_path / "project"
    (root / "chart" / "templates").mkdir(parents=True)
    shutil.copyfile(CLEAN, root / "clean.yaml")
    (root / "failing.yaml").write_bytes(FAILING)
    (root / "alias.yml").write_bytes(ALIAS)  # .yml: `types: [yaml]` must take both spellings
    (root / "chart" / "templates" / "configmap.yaml").write_bytes(HELM_TEMPLATE)
    _init_repo(root, isolated_env)
    return root


def try_repo(
    hook_repo: Path, project: Path, env: dict[str, str], *args: str
) -> subprocess.CompletedProcess[str]:
    """`pre-commit try-repo HOOK_REPO [HOOK] --files ...` in the project; output interleaved."""
    return pre_commit(project, env, "try-repo", "--color", "never", str(hook_repo), *args)


def pre_commit(project: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """The real pre-commit, in the project; output interleaved."""
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
        check=False,
    )


def _status(output: str, hook_name: str) -> str | None:
    """`Passed`, `Failed` or `Skipped` from pre-commit's `name.....Status` line for a hook."""
    found = re.search(rf"^{re.escape(hook_name)}\.+(\(.*\))?(Passed|Failed|Skipped)$", output, re.M)
    return found.group(2) if found else None


# --- pre-commit -------------------------------------------------------------------------------


@pytest.mark.slow
def test_lint_hook_fails_on_errors_and_leaves_helm_templates_alone(
    hook_repo: Path, project: Path, isolated_env: dict[str, str]
) -> None:
    files = ["clean.yaml", "failing.yaml", "alias.yml", "chart/templates/configmap.yaml"]
    before = {name: (project / name).read_bytes() for name in files}

    result = try_repo(hook_repo, project, isolated_env, "edgelint", "--files", *files)
    out = result.stdout

    assert result.returncode == 1, out
    assert _status(out, "edgelint") == "Failed", out
    assert "- hook id: edgelint\n- exit code: 1\n" in out, out
    assert re.search(r"failing\.yaml:12:19: error EL303\b", out), out
    # A warning is reported and does not fail the hook; `.yml` files reach it.
    assert re.search(r"alias\.yml:12:19: warning EL301\b", out), out
    assert "clean.yaml" not in out, out
    # `exclude: (^|/)templates/`: the Helm template never reached edgelint.
    assert "configmap.yaml" not in out, out
    assert "EL001" not in out, out
    assert {name: (project / name).read_bytes() for name in files} == before, "lint wrote"


@pytest.mark.slow
def test_fix_hook_rewrites_aliases_then_both_hooks_pass(
    hook_repo: Path, project: Path, isolated_env: dict[str, str]
) -> None:
    clean = (project / "clean.yaml").read_bytes()
    files = ["clean.yaml", "alias.yml"]

    fixing = try_repo(hook_repo, project, isolated_env, "edgelint-fix", "--files", *files)

    # pre-commit fails a hook that changed files, though `edgelint fix` itself exited 0.
    assert fixing.returncode == 1, fixing.stdout
    assert _status(fixing.stdout, "edgelint fix") == "Failed", fixing.stdout
    assert "- hook id: edgelint-fix\n- files were modified by this hook" in fixing.stdout
    assert "- exit code:" not in fixing.stdout, fixing.stdout
    assert (project / "alias.yml").read_bytes() == ALIAS.replace(
        b"registry: remote", b"registry: 1"
    )
    assert (project / "clean.yaml").read_bytes() == clean

    # Both hooks (no hook id: every hook of the manifest) on the fixed and the clean file.
    again = try_repo(hook_repo, project, isolated_env, "--files", *files)

    assert again.returncode == 0, again.stdout
    assert _status(again.stdout, "edgelint") == "Passed", again.stdout
    assert _status(again.stdout, "edgelint fix") == "Passed", again.stdout
    assert (project / "clean.yaml").read_bytes() == clean


@pytest.mark.slow
def test_file_names_that_look_like_options_are_linted_not_obeyed(
    hook_repo: Path, tmp_path: Path, isolated_env: dict[str, str]
) -> None:
    """An attack from tests/security: pre-commit puts file names after the hook's entry, so a
    committed `--output=app.yaml` would overwrite app.yaml with the report, and
    `--config=evil.yaml` would load a configuration that ignores every rule. The hooks end
    their options with `--`: both are files, linted like any other."""
    root = tmp_path / "hostile"
    root.mkdir()
    (root / "app.yaml").write_bytes(FAILING)
    (root / "--output=app.yaml").write_bytes(ALIAS)
    (root / "--config=evil.yaml").write_bytes(b"ignore: [ALL]\n")
    _init_repo(root, isolated_env)
    files = ["--output=app.yaml", "--config=evil.yaml", "app.yaml"]
    before = {name: (root / name).read_bytes() for name in files}

    # --all-files: pre-commit's own command line would take `--files --output=...` as options.
    lint = try_repo(hook_repo, root, isolated_env, "edgelint", "--all-files")
    assert lint.returncode == 1, lint.stdout
    assert re.search(r"^app\.yaml:12:19: error EL303\b", lint.stdout, re.M), lint.stdout
    assert re.search(r"^--output=app\.yaml:12:19: warning EL301\b", lint.stdout, re.M)
    assert {name: (root / name).read_bytes() for name in files} == before

    fix = try_repo(hook_repo, root, isolated_env, "edgelint-fix", "--all-files")
    assert (root / "--output=app.yaml").read_bytes() == ALIAS.replace(
        b"registry: remote", b"registry: 1"
    ), fix.stdout
    assert (root / "app.yaml").read_bytes() == FAILING
    assert (root / "--config=evil.yaml").read_bytes() == b"ignore: [ALL]\n"


@pytest.mark.slow
def test_the_readmes_configuration_runs_at_the_rev_it_names(
    project: Path, isolated_env: dict[str, str]
) -> None:
    """The README's `.pre-commit-config.yaml`, copied as it is but for the repository's address
    (this repository's own history): pre-commit clones it at the commit `rev:` pins, installs
    that release and runs both hooks."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    snippet = re.search(r"^```yaml\n(repos:\n.*?)^```", readme, re.M | re.S)
    assert snippet is not None, "the README has no pre-commit configuration"
    config = snippet.group(1)
    rev = re.search(r"^    rev: (\S+)", config, re.M)
    assert rev is not None
    if _git_or_none("cat-file", "-e", f"{rev.group(1)}^{{commit}}") is None:
        pytest.skip(f"{rev.group(1)} is not in this clone (shallow, or not a git checkout)")
    config = config.replace("https://github.com/edgelint/edgelint", str(REPO))
    assert str(REPO) in config
    (project / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    files = ["clean.yaml", "failing.yaml"]
    result = pre_commit(project, isolated_env, "run", "--color", "never", "--files", *files)
    assert result.returncode == 1, result.stdout
    assert _status(result.stdout, "edgelint") == "Failed", result.stdout
    assert _status(result.stdout, "edgelint fix") == "Failed", result.stdout  # errors remain
    assert re.search(r"^failing\.yaml:\d+:\d+: error EL303\b", result.stdout, re.M), result.stdout


# --- action.yml ---------------------------------------------------------------------------------


def _action() -> dict[str, Any]:
    loaded = YAML(typ="safe").load(ACTION.read_bytes())
    assert isinstance(loaded, dict), "action.yml is not a mapping"
    return loaded


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


def test_action_metadata_is_a_composite_action_whose_inputs_are_declared_and_used() -> None:
    action = _action()
    assert isinstance(action.get("name"), str) and action["name"]
    assert isinstance(action.get("description"), str) and action["description"]
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    declared = set(action["inputs"])

    expressions = [
        e for text in _strings(action["runs"]) for e in re.findall(r"\$\{\{(.*?)\}\}", text, re.S)
    ]
    used = {m for e in expressions for m in re.findall(r"\binputs\.([A-Za-z0-9_-]+)", e)}
    assert used <= declared, f"undeclared inputs: {sorted(used - declared)}"
    assert declared <= used, f"inputs never used: {sorted(declared - used)}"
    assert {"paths", "args", "version", "python-version"} <= declared
    assert action["inputs"]["paths"]["default"] == "."
    assert action["inputs"]["python-version"]["default"] == "3.12"

    earlier_ids: set[str] = set()
    for step in steps:
        for text in _strings(step):
            for ref in re.findall(r"\bsteps\.([A-Za-z0-9_-]+)\.outputs\b", text):
                assert ref in earlier_ids, f"step output of `{ref}` used before that step"
        if "run" in step:
            # Composite run steps need a shell; inputs reach scripts through env only.
            assert step.get("shell") == "bash", step
            assert "${{" not in step["run"], f"expression inside a script: {step['run']}"
        if "id" in step:
            earlier_ids.add(step["id"])
    assert any(str(s.get("uses", "")).startswith("actions/setup-python@v5") for s in steps)


def test_action_matches_the_published_schema() -> None:
    """SchemaStore's `github-action` schema, as check-jsonschema vendors it (no network)."""
    if importlib.util.find_spec("check_jsonschema") is None:
        pytest.skip("check-jsonschema is not installed (it carries the schema)")
    import json
    from importlib.resources import files

    from jsonschema import Draft7Validator

    vendored = files("check_jsonschema.builtin_schemas.vendor") / "github-actions.json"
    schema = json.loads(vendored.read_text(encoding="utf-8"))
    errors = sorted(Draft7Validator(schema).iter_errors(_action()), key=lambda e: e.json_path)
    assert not errors, "\n".join(f"{e.json_path}: {e.message}" for e in errors)


def _step(step_id: str) -> dict[str, Any]:
    steps = [s for s in _action()["runs"]["steps"] if s.get("id") == step_id]
    assert len(steps) == 1, f"one step with id {step_id!r}"
    return steps[0]


def _run_step(
    step: dict[str, Any], cwd: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """The step's script as the runner runs `shell: bash` (bash -e, with the step's env)."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not available")
    return subprocess.run(
        [bash, "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=cwd,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
        check=False,
    )


@pytest.fixture(scope="module")
def action_python(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Run the action's install step on this checkout (`version` empty): the Python it made."""
    runner_temp = tmp_path_factory.mktemp("runner-temp")
    output = runner_temp / "github-output"
    output.touch()
    result = _run_step(
        _step("install"),
        cwd=runner_temp,
        env={
            "RUNNER_TEMP": str(runner_temp),
            "GITHUB_OUTPUT": str(output),
            "EDGELINT_BASE_PYTHON": sys.executable,
            "EDGELINT_VERSION": "",
            "EDGELINT_ACTION_PATH": str(REPO),
        },
    )
    assert result.returncode == 0, result.stdout
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
    assert Path(outputs["python"]).is_file(), outputs
    assert Path(outputs["python"]).parent.parent == runner_temp / "edgelint-venv"
    return outputs["python"]


@pytest.mark.slow
def test_action_lint_step_splits_inputs_like_a_shell_and_runs_none_of_them(
    action_python: str, tmp_path: Path
) -> None:
    (tmp_path / "dir with space").mkdir()
    shutil.copyfile(CLEAN, tmp_path / "dir with space" / "app.yaml")
    (tmp_path / "failing.yaml").write_bytes(FAILING)
    step = _step("lint")
    env = {"EDGELINT_PYTHON": action_python, "GITHUB_ACTIONS": "true"}

    linted = _run_step(
        step,
        cwd=tmp_path,
        env={
            **env,
            "EDGELINT_ARGS": "--target iofog-3",
            "EDGELINT_PATHS": "'dir with space/app.yaml'\nfailing.yaml",
        },
    )

    assert linted.returncode == 1, linted.stdout  # EL303 is an error
    assert (
        "+ edgelint lint --format github --target iofog-3 -- 'dir with space/app.yaml' failing.yaml"
        in linted.stdout
    )
    assert "EL303" in linted.stdout, linted.stdout
    assert "failing.yaml" in linted.stdout, linted.stdout
    assert "cannot read" not in linted.stdout, linted.stdout

    hostile = _run_step(
        step,
        cwd=tmp_path,
        env={
            **env,
            "EDGELINT_ARGS": "$(touch by-args)",
            "EDGELINT_PATHS": "`touch by-backticks` ; touch by-semicolon",
        },
    )

    assert sorted(p.name for p in tmp_path.glob("by-*")) == [], hostile.stdout
    assert hostile.returncode == 2, hostile.stdout  # the words are missing files: an I/O error
