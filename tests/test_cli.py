"""The command line as users run it: the installed `edgelint` script, its output and exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import CONTROLLER_REGISTRIES, FIXTURES, REPO, run_cli, run_main
from edgelint import __version__

HEART_RATE = REPO / "examples" / "heart-rate.yaml"


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.decode().strip() == f"edgelint {__version__}"


def test_examples_pass_with_warnings_only() -> None:
    result = run_cli("lint", REPO / "examples", env={"NO_COLOR": "1"})
    assert result.returncode == 0, result.stdout.decode()
    out = result.stdout.decode()
    assert "heart-rate.yaml:20:17: warning EL301" in out
    # The Kubernetes Deployment beside the application is counted, not listed (EL005 is
    # opt-in: --show-skipped lists it).
    assert "EL005" not in out
    assert "Found 0 errors, 5 warnings, 1 info in 2 files checked." in out
    assert "1 non-ioFog document skipped (`--show-skipped` lists them)." in out
    shown = run_cli("lint", "--show-skipped", REPO / "examples", env={"NO_COLOR": "1"})
    assert "edge-stack.yaml:43:13: info EL005" in shown.stdout.decode()
    assert "non-ioFog document skipped" not in shown.stdout.decode()


def test_text_format_is_location_severity_code_message_then_caret() -> None:
    case = FIXTURES / "rules" / "EL303" / "not-in-default.yaml"
    result = run_cli("lint", case, env={"NO_COLOR": "1"})
    assert result.returncode == 1
    lines = result.stdout.decode().splitlines()
    assert lines[0].startswith(f"{case}:14:19: error EL303 registry 3 is not in the registry")
    assert lines[1:4] == [
        "    |",
        " 14 |         registry: 3 # Use the private registry ID here",
        "    |                   ^",
    ]
    assert lines[-1] == "Found 1 error, 0 warnings in 1 file checked."


def test_json_format_follows_the_contract() -> None:
    result = run_cli("lint", HEART_RATE, "--format", "json", env={"FORCE_COLOR": "1"})
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["version"] == 1
    assert report["tool"] == {"name": "edgelint", "version": __version__}
    assert report["summary"] == {
        "files": 1,
        "errors": 0,
        "warnings": 3,
        "infos": 0,
        "skipped_documents": 0,
    }
    assert [d["code"] for d in report["diagnostics"]] == ["EL203", "EL301", "EL301"]
    first = report["diagnostics"][1]
    assert first == {
        "path": str(HEART_RATE),
        "line": 20,
        "column": 17,
        "end_line": 20,
        "end_column": 23,
        "severity": "warning",
        "code": "EL301",
        "message": (
            "registry alias `remote` means registry 1 (registry.hub.docker.com); write the ID"
        ),
        "document": 1,
        "pointer": "/spec/microservices/0/images/registry",
        "fix": {
            "applicability": "safe",
            "message": "replace `remote` with `1`",
            "edits": [{"content": "1", "line": 20, "column": 17, "end_line": 20, "end_column": 23}],
        },
    }


def test_colour_on_request_and_an_explicit_flag_beats_the_environment() -> None:
    """no-color.org: NO_COLOR turns colour off by default, and command-line flags win."""
    case = FIXTURES / "rules" / "EL301" / "block-with-comment.yaml"
    assert b"\x1b[" not in run_cli("lint", case).stdout  # not a terminal
    assert b"\x1b[1;33mwarning" in run_cli("lint", case, "--color", "always").stdout
    forced = run_cli("lint", case, "--color", "always", env={"NO_COLOR": "1"})
    assert b"\x1b[1;33mwarning" in forced.stdout
    assert b"\x1b[" not in run_cli("lint", case, env={"NO_COLOR": "1", "FORCE_COLOR": "1"}).stdout
    assert b"\x1b[1;33mwarning" in run_cli("lint", case, env={"FORCE_COLOR": "1"}).stdout
    never = run_cli("lint", case, "--color", "never", env={"FORCE_COLOR": "1"})
    assert b"\x1b[" not in never.stdout


@pytest.mark.parametrize(("term", "coloured"), [("xterm-256color", True), ("dumb", False)])
def test_a_terminal_gets_colour_unless_it_is_dumb(term: str, coloured: bool) -> None:
    import os
    import pty
    import subprocess

    from conftest import edgelint_command

    case = FIXTURES / "rules" / "EL301" / "block-with-comment.yaml"
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update({"TERM": term, "EDGELINT_NO_CACHE": "1"})
    with subprocess.Popen(
        [edgelint_command(), "lint", str(case)], stdout=follower, stderr=follower, env=env
    ) as process:
        os.close(follower)
        output = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        process.wait(timeout=60)
    os.close(leader)
    assert b"warning" in output
    assert (b"\x1b[1;33mwarning" in output) is coloured


def test_stdin() -> None:
    case = FIXTURES / "rules" / "EL301" / "flow-and-multidoc.yaml"
    result = run_cli("lint", "-", "--stdin-filename", "app.yaml", input=case.read_bytes())
    assert result.returncode == 0
    assert b"app.yaml:8:64: warning EL301" in result.stdout
    plain = run_cli("lint", "-", input=case.read_bytes())
    assert b"<stdin>:8:64: warning EL301" in plain.stdout


def test_directories_are_searched_for_yaml(tmp_path: Path) -> None:
    nested = tmp_path / "deploy" / "edge"
    nested.mkdir(parents=True)
    case = FIXTURES / "rules" / "EL303" / "not-in-default.yaml"
    (nested / "app.yml").write_bytes(case.read_bytes())
    (nested / "notes.txt").write_text("registry: remote\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "ignored.yaml").write_text("a: [\n")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    result = run_cli("lint", tmp_path, "--format", "json")
    assert result.returncode == 1
    paths = {d["path"] for d in json.loads(result.stdout)["diagnostics"]}
    assert paths == {str(nested / "app.yml")}


def test_bad_inputs_get_located_diagnostics_and_exit_1() -> None:
    for code in ("EL001", "EL002", "EL004", "EL006"):
        for case in sorted((FIXTURES / "rules" / code).glob("*.yaml")):
            result = run_cli("lint", case, "--format", "json")
            assert result.returncode == 1, case
            diagnostics = json.loads(result.stdout)["diagnostics"]
            assert any(d["code"] == code and d["line"] >= 1 for d in diagnostics), case
            assert b"Traceback" not in result.stderr


def test_usage_errors_exit_2() -> None:
    missing = run_cli("lint", "no/such/file.yaml")
    assert missing.returncode == 2
    assert b"no/such/file.yaml: no such file or directory" in missing.stderr
    assert run_cli("explain", "EL999").returncode == 2


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["lint", "--format", "xml"],
            "Invalid value for '--format': 'xml' is not one of 'text', 'json', 'json-lines', "
            "'sarif', 'github', 'junit', 'html'.",
        ),
        (
            ["lint", "--color", "purple"],
            "Invalid value for '--color': 'purple' is not one of 'auto', 'always', 'never'.",
        ),
        (
            ["lint", "--jobs", "abc"],
            "Invalid value for '--jobs' / '-j': 'abc' is not a valid integer.",
        ),
        (["lint", "--jobs", "0"], "Invalid value for '--jobs' / '-j': 0 is not in the range x>=1."),
        (
            ["lint", "--jobs", "-1"],
            "Invalid value for '--jobs' / '-j': -1 is not in the range x>=1.",
        ),
        (
            ["rules", "--format", "nope"],
            "Invalid value for '--format': 'nope' is not one of 'text', 'json', 'markdown'.",
        ),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_bad_option_values_are_usage_errors_in_clicks_words(args: list[str], said: str) -> None:
    """They were internal errors with a crash log; now click's usage error, exit 2."""
    paths = [str(HEART_RATE)] if args[0] == "lint" else []
    result = run_cli(*args, *paths)
    assert result.returncode == 2
    err = result.stderr.decode()
    assert f"Error: {said}" in err
    assert "internal error" not in err and "crash" not in err
    assert result.stdout == b""


_OWN_CHECKS = [
    (["--select", "XX"], "`--select`: 'XX' is not a rule code or prefix"),
    (["--extend-select", "EL9"], "`--extend-select`: 'EL9' is not a rule code or prefix"),
    (["--ignore", "EL3,nope"], "`--ignore`: 'nope' is not a rule code or prefix"),
    (["--max-file-size", "abc"], "--max-file-size: 'abc' is not a size such as 5MB"),
    (["--target", "k8s"], "--target: unknown target 'k8s'; targets: iofog-3, edgeworx-cloud"),
    (["--isolated", "--config", "x.toml"], "--config: cannot be combined with --isolated"),
]


@pytest.mark.parametrize(
    ("command", "args", "said"),
    [
        (command, args, said)
        for command in ("lint", "fix", "render")
        for args, said in _OWN_CHECKS
        # render has no rule selection or size limit of its own
        if command != "render" or args[0] in ("--target", "--isolated")
    ],
    ids=lambda v: (
        " ".join(v) if isinstance(v, list) else v if v in ("lint", "fix", "render") else ""
    ),
)
def test_edgelints_own_option_checks_are_usage_errors(
    command: str, args: list[str], said: str, tmp_path: Path
) -> None:
    """Values typer cannot judge (rule codes, sizes, targets) are checked once, as the options
    are parsed (config/options.py), the same way for every command that takes them, before any
    file is read or written."""
    copy = tmp_path / "app.yaml"
    copy.write_bytes(HEART_RATE.read_bytes())
    result = run_cli(command, *args, copy, cwd=tmp_path)
    assert result.returncode == 2
    assert f"edgelint: error: {said}" in result.stderr.decode()
    assert result.stdout == b""
    assert copy.read_bytes() == HEART_RATE.read_bytes()


POTCTL_APP = REPO / "tests" / "corpus" / "Datasance__LlamaEdge-Demo__README.md__fence1.yaml"


def test_target_chooses_the_platform(tmp_path: Path) -> None:
    # Nothing names a target: the file's datasance.com/v3 chooses potctl's, said once.
    chosen = run_cli("lint", "--isolated", POTCTL_APP, env={"NO_COLOR": "1"})
    assert chosen.returncode == 0, chosen.stdout.decode()
    assert b"EL102" not in chosen.stdout
    assert chosen.stdout.count(b"checked as target datasance") == 1
    assert b"1 file checked as target datasance: every document says `datasance.com/v3`" in (
        chosen.stdout
    )
    as_json = run_cli("lint", "--isolated", "--format", "json", POTCTL_APP)
    summary = json.loads(as_json.stdout)["summary"]
    assert summary["targets_from_api_version"] == {str(POTCTL_APP): "datasance"}
    # Named, the target is held to: iofog-3 refuses the apiVersion, and says what fits.
    default = run_cli("lint", "--target", "iofog-3", POTCTL_APP, env={"NO_COLOR": "1"})
    assert default.returncode == 1
    assert b"error EL102" in default.stdout
    assert b"the file fits target datasance (--target datasance)" in default.stdout
    assert b"checked as target" not in default.stdout
    # potctl's apiVersion is never rewritten into iofogctl's.
    copy = tmp_path / "potctl-app.yaml"
    copy.write_bytes(POTCTL_APP.read_bytes())
    run_cli("fix", "--unsafe-fixes", "--target", "iofog-3", copy)
    assert b"datasance.com/v3" in copy.read_bytes()
    fitting = run_cli("lint", "--target", "datasance", POTCTL_APP, env={"NO_COLOR": "1"})
    assert fitting.returncode == 0, fitting.stdout.decode()
    assert b"EL102" not in fitting.stdout
    assert b"removed in Datasance Controller 3.7.0" in fitting.stdout  # its `routes`
    unknown = run_cli("lint", "--target", "kubernetes", POTCTL_APP)
    assert unknown.returncode == 2
    assert b"--target: unknown target 'kubernetes'; targets: iofog-3, edgeworx-cloud" in (
        unknown.stderr
    )
    copy = tmp_path / "app.yaml"
    copy.write_bytes(POTCTL_APP.read_bytes())
    fixed = run_cli("fix", "--target", "datasance", copy)
    assert fixed.returncode == 0
    assert copy.read_bytes() == POTCTL_APP.read_bytes().replace(b"registry: remote", b"registry: 1")


def test_rules_and_explain() -> None:
    listing = run_cli("rules").stdout.decode()
    for code in ("EL001", "EL002", "EL004", "EL005", "EL006", "EL101", "EL201"):
        assert code in listing
    for code in ("EL301", "EL302", "EL303", "EL304", "EL305", "EL306", "EL310"):
        assert code in listing
    # Columns as wide as the longest name: every row lines up.
    assert re.search(r"^EL301  registry-alias +warning  safe ", listing, re.M)
    header = listing.splitlines()[0]
    assert all(row.index(" ", 7) <= header.index("severity") for row in listing.splitlines()[1:])
    records = json.loads(run_cli("rules", "--format", "json").stdout)
    assert {"code": "EL304", "name": "registry-unresolvable", "severity": "error"}.items() <= (
        next(r for r in records if r["code"] == "EL304").items()
    )
    explained = run_cli("explain", "el301").stdout.decode()
    assert explained.startswith("# EL301 registry-alias")
    assert "src/services/yaml-parser-service.js" in explained and "## Fix (safe)" in explained
    assert run_cli("explain", "registry-as-url").stdout.startswith(b"# EL305")


def test_fix_check_over_a_directory_counts_files(tmp_path: Path) -> None:
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_bytes(HEART_RATE.read_bytes())
    result = run_cli("fix", "--check", tmp_path, "--registries", CONTROLLER_REGISTRIES)
    assert result.returncode == 1
    assert b"Would fix 4 issues in 2 files." in result.stdout
    assert (tmp_path / "a.yaml").read_bytes() == HEART_RATE.read_bytes()


TWO_AGENTS = FIXTURES / "clusters" / "two-agents.yaml"


def test_render_prints_what_the_controller_stores(tmp_path: Path) -> None:
    app = tmp_path / "app.yaml"
    app.write_text(
        "apiVersion: iofog.org/v3\nkind: Application\nmetadata:\n  name: first-agent\nspec:\n"
        "  microservices:\n    - name: web\n      agent:\n"
        "        name: '{% assign agent = \"\" | findAgent | first %}{{ agent.name }}'\n"
        "      images:\n        x86: nginx:1.25\n        registry: remote\n"
        "      container:\n        ports:\n"
        '          - {internal: 80, external: "{{ 5000 | plus: 1 }}"}\n'
    )
    result = run_cli("render", app, "--cluster", TWO_AGENTS, env={"NO_COLOR": "1"})
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "      name: edge-1\n" in out  # the first agent of the snapshot
    assert "      registry: 1\n" in out  # the alias as the Controller resolves it
    assert "        external: 5001\n" in out  # a single output keeps its type
    assert b"warning EL301" in result.stderr  # findings still go to stderr


def test_render_refuses_what_the_controller_would_mangle(tmp_path: Path) -> None:
    app = tmp_path / "app.yaml"
    app.write_text((FIXTURES / "rules" / "EL401" / "syntax.yaml").read_text())
    result = run_cli("render", app, env={"NO_COLOR": "1"})
    assert result.returncode == 1
    assert result.stdout == b""
    assert f"{app}:15:21: error EL401".encode() in result.stderr


def test_render_needs_the_cluster_for_lookups(tmp_path: Path) -> None:
    app = tmp_path / "app.yaml"
    app.write_text(
        "apiVersion: iofog.org/v3\nkind: Application\nmetadata:\n  name: a\nspec:\n"
        "  microservices:\n    - name: web\n      agent:\n"
        '        name: \'{{ "edge-1" | findAgent | map: "name" | first }}\'\n'
        "      images: {x86: nginx}\n"
    )
    result = run_cli("render", app)
    assert result.returncode == 1
    assert result.stdout == b""
    assert b"pass --cluster FILE" in result.stderr


def test_seed_example_is_explained() -> None:
    result = run_cli(
        "lint",
        FIXTURES / "rules" / "EL406" / "seed-registry-example.yaml",
        "--format",
        "json",
    )
    (raw,) = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "EL406"]
    assert "copied from rendered documentation" in raw["message"]
    assert "never evaluated" in raw["message"]
    assert raw["fix"]["applicability"] == "unsafe"


def test_malformed_cluster_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "cluster.yaml"
    bad.write_text("agents:\n  - host: 10.0.0.1\n")
    result = run_cli("lint", HEART_RATE, "--cluster", bad)
    assert result.returncode == 2
    assert f"--cluster {bad}: `agents` #1 needs a string `name`".encode() in result.stderr


def test_files_without_templates_do_not_import_liquid_or_jinja() -> None:
    """A pre-commit hook starts on every commit: Liquid (~120 ms) only for files that need it."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "EDGELINT_NO_CACHE": "1"}  # a cached result would import nothing
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "edgelint", "lint", str(HEART_RATE)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert result.returncode == 0
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines()}
    assert "liquid" not in imported and "jinja2" not in imported
    templated = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "edgelint",
            "lint",
            str(FIXTURES / "rules" / "EL408" / "output-types.yaml"),
        ],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert "liquid" in {line.split("|")[-1].strip() for line in templated.stderr.splitlines()}


def test_github_format_is_the_default_in_github_actions() -> None:
    result = run_cli("lint", HEART_RATE, env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 0
    lines = result.stdout.decode().splitlines()
    assert lines and all(line.startswith("::warning file=") for line in lines)
    assert "title=EL301 registry-alias::" in lines[1]
    assert b"Found 0 errors, 3 warnings" in result.stderr
    explicit = run_cli("lint", HEART_RATE, "--format", "json", env={"GITHUB_ACTIONS": "true"})
    assert json.loads(explicit.stdout)["summary"]["warnings"] == 3


def test_output_writes_the_report_and_the_terminal_gets_the_summary(tmp_path: Path) -> None:
    report = tmp_path / "edgelint.sarif"
    result = run_cli(
        "lint", HEART_RATE, "--format", "sarif", "--output", report, env={"NO_COLOR": "1"}
    )
    assert result.returncode == 0
    assert result.stdout.decode().splitlines() == [
        "Found 0 errors, 3 warnings in 1 file checked.",
        "[*] 2 fixable with `edgelint fix`.",
        f"Report (sarif) written to {report}.",
    ]
    sarif = json.loads(report.read_text())
    assert sarif["version"] == "2.1.0"
    assert len(sarif["runs"][0]["results"]) == 3
    unwritable = run_cli("lint", HEART_RATE, "--output", tmp_path / "missing-dir" / "r.txt")
    assert unwritable.returncode == 2
    assert b"cannot write the report" in unwritable.stderr


def test_typer_runs_edgelint_options_without_pydantic() -> None:
    """Typer's pydantic coercion costs ~100 ms per run; edgelint's plain options skip it. If a
    typer upgrade moves the hook, this fails instead of the run silently getting slower."""
    import subprocess
    import sys

    code = (
        "import sys; from edgelint.cli import main; sys.argv = ['edgelint', 'lint', "
        f"'--format', 'json', '--select', 'EL3', '--jobs', '1', {str(HEART_RATE)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "assert 'pydantic' not in sys.modules, 'pydantic was imported'\n"
        "print('clean')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        check=False,
        env={"EDGELINT_NO_CACHE": "1"},
    )
    assert result.stdout.decode().endswith("clean\n"), result.stderr.decode()
    assert json.loads(result.stdout.decode().rsplit("clean", 1)[0])["summary"]["warnings"] == 2


def test_a_missing_path_is_a_usage_error_on_the_fast_path_too() -> None:
    assert run_cli("lint", "no/such.yaml").returncode == 2


ENTRY = "from edgelint.cli.entry import main"
THROUGH_TYPER = (
    "from edgelint.cli import coercion; from edgelint.cli.app import app as main; "
    "coercion.install()"
)


@pytest.mark.parametrize(
    "options",
    [
        [],  # `edgelint lint PATH...`, as pre-commit calls it
        ["--no-cache"],
        ["--format", "github"],
        ["--format=json", "--no-cache"],
        ["-j", "1"],
        ["-j2", "--color", "never"],
        ["--jobs=1", "--format", "sarif", "--color=always"],
        ["--format", "junit", "--format", "json"],  # the last one counts, as in click
    ],
)
def test_output_options_keep_the_fast_path_and_say_what_typer_says(options: list[str]) -> None:
    """`edgelint lint PATH...` (how pre-commit calls it), and a CI step's `--format github`,
    `--no-cache` or `--jobs 2`, do not pay typer's import; the output and exit code are those of
    typer's path for the same words."""
    argv = ["lint", *options, str(HEART_RATE)]
    fast, typed = run_main(ENTRY, argv), run_main(THROUGH_TYPER, argv)
    assert not fast.typer_used and typed.typer_used
    assert (fast.code, fast.stdout) == (typed.code, typed.stdout)


def test_version_is_answered_without_typer_and_as_typer_answers_it() -> None:
    fast, typed = run_main(ENTRY, ["--version"]), run_main(THROUGH_TYPER, ["--version"])
    assert not fast.typer_used and fast.code == 0
    assert fast.stdout == f"edgelint {__version__}\n".encode()
    assert typed.typer_used and (typed.code, typed.stdout) == (fast.code, fast.stdout)


@pytest.mark.parametrize(
    "options",
    [["--format", "nope"], ["--format=GitHub"], ["-j", "0"], ["--jobs", "+1"], ["--jobs"],
     ["--select", "EL3"], ["--format"]],
)  # fmt: skip
def test_anything_else_goes_to_typer(options: list[str]) -> None:
    assert run_main(ENTRY, ["lint", *options, "x.yaml"]).typer_used


def test_a_missing_path_among_good_ones_is_reported_after_the_others_are_checked(
    tmp_path: Path,
) -> None:
    """As ruff does: the good paths are checked, the missing one said at the end, exit 2."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "HEART.YAML").write_bytes(HEART_RATE.read_bytes())  # any case
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("registry: remote\n")
    result = run_cli("lint", "app", "nothere.yaml", "empty", cwd=tmp_path, env={"NO_COLOR": "1"})
    assert result.returncode == 2
    out, err = result.stdout.decode(), result.stderr.decode()
    assert "HEART.YAML:" in out and "in 1 file checked." in out
    assert err.splitlines() == [
        "edgelint: warning: empty: no YAML files (*.yaml, *.yml) to check",
        "edgelint: error: nothere.yaml: no such file or directory",
    ]
    fixed = run_cli("fix", "--check", "app", "nothere.yaml", cwd=tmp_path)
    assert fixed.returncode == 2
    assert b"nothere.yaml: no such file or directory" in fixed.stderr
    alone = run_cli("lint", "nothere.yaml", cwd=tmp_path)
    assert alone.returncode == 2 and alone.stdout == b""


def test_render_of_a_directory_says_it_takes_a_file(tmp_path: Path) -> None:
    result = run_cli("render", REPO / "examples")
    assert result.returncode == 2
    assert result.stdout == b""
    assert b"is a directory: render prints one file's documents" in result.stderr


def test_a_directory_walk_leaves_out_what_git_ignores(tmp_path: Path) -> None:
    """.gitignore files at every level (deeper ones win, `!` re-includes) and
    .git/info/exclude, read as git reads them; --no-respect-gitignore checks everything."""
    repo = tmp_path / "repo"
    (repo / ".git" / "info").mkdir(parents=True)
    (repo / ".git" / "info" / "exclude").write_text("scratch.yaml\n")
    (repo / ".gitignore").write_text("keep/\n")
    deploy = repo / "deploy"
    for relative in ("app.yaml", "other.yaml", "scratch.yaml", "gen/made.yaml", "keep/a.yaml"):
        (deploy / relative).parent.mkdir(parents=True, exist_ok=True)
        (deploy / relative).write_bytes(HEART_RATE.read_bytes())
    (deploy / ".gitignore").write_text("gen/\n*.yaml\n!app.yaml\n")

    def checked(*options: str) -> set[str]:
        result = run_cli("lint", "--format", "json", *options, "deploy", cwd=repo)
        return {d["path"] for d in json.loads(result.stdout)["diagnostics"]}

    assert checked() == {"deploy/app.yaml"}
    assert checked("--no-respect-gitignore") == {
        "deploy/app.yaml",
        "deploy/other.yaml",
        "deploy/scratch.yaml",
        "deploy/gen/made.yaml",
        "deploy/keep/a.yaml",
    }
    # A file named on the command line is checked, ignored or not (as ruff does).
    named = run_cli("lint", "--format", "json", "deploy/other.yaml", cwd=repo)
    assert {d["path"] for d in json.loads(named.stdout)["diagnostics"]} == {"deploy/other.yaml"}


def test_fix_says_what_it_fixed_and_counts_what_remains(tmp_path: Path) -> None:
    """Not every remaining finding (on the corpus, a thousand lines): those are lint's."""
    app = tmp_path / "app.yaml"
    app.write_bytes(HEART_RATE.read_bytes())
    result = run_cli("fix", app, env={"NO_COLOR": "1"})
    assert result.returncode == 0
    out = result.stdout.decode()
    assert f"{app}:20:17: fixed EL301 replace `remote` with `1`" in out
    assert "Remaining, by code: EL203 ×1 (`edgelint lint` shows each)." in out
    assert "warning EL203" not in out and "|" not in out  # no finding blocks, no snippets
    assert "2 fixed, 1 remaining (0 errors, 1 warning)." in out


@pytest.mark.parametrize("options", [[], ["--format", "json"]], ids=["plain lint", "through typer"])
def test_an_interrupt_ends_the_run_with_130_and_says_so(options: list[str]) -> None:
    """Ctrl-C while edgelint waits (here for stdin): exit 130 and one line, no traceback, on
    both the hook's fast path and typer's (which alone would end silently)."""
    import signal
    import subprocess
    import time

    from conftest import edgelint_command

    process = subprocess.Popen(
        [edgelint_command(), "lint", *options, "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        time.sleep(1.0)  # started and reading stdin; the signal is sent however far it got
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 130, err
    assert err == b"edgelint: interrupted\n"
    assert out == b""


CONSOLE = """
import atexit, sys
atexit.register(lambda: sys.stderr.write("torn down\\n"))
{prelude}
sys.argv = ["edgelint", "lint", "--no-cache", "--format", "json", *{paths!r}]
from edgelint.cli.entry import console
console()
"""


def _console(prelude: str, paths: list[str]) -> tuple[int, bytes, bytes]:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", CONSOLE.format(prelude=prelude, paths=paths)],
        capture_output=True,
        check=False,
        timeout=120,
    )
    return done.returncode, done.stdout, done.stderr


def test_the_command_ends_without_tearing_the_interpreter_down_and_loses_no_output() -> None:
    """The console script leaves by os._exit once the streams are flushed: an exit handler
    never runs, the code is the run's, and a report far larger than a pipe's buffer arrives
    whole."""
    paths = [str(p) for p in sorted((REPO / "tests" / "corpus").glob("*.yaml"))]
    code, stdout, stderr = _console("", paths)
    assert code == 1
    assert b"torn down" not in stderr
    assert len(stdout) > 65536
    assert len(json.loads(stdout)["diagnostics"]) > 100


@pytest.mark.parametrize(
    "prelude",
    [
        "sys.settrace(lambda *a: None)",  # a debugger or coverage
        "sys.setprofile(lambda *a: None)",  # a profiler: its report is written at exit
        "import threading, time; threading.Thread(target=time.sleep, args=(2,)).start()",
    ],
)
def test_the_interpreter_exits_as_usual_where_something_may_still_need_it(prelude: str) -> None:
    code, stdout, stderr = _console(prelude, [str(HEART_RATE)])
    assert (code, stderr.endswith(b"torn down\n")) == (0, True)
    assert json.loads(stdout)["summary"]["files"] == 1
