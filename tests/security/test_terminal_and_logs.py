"""Nothing a repository holds reaches a terminal or a CI log as a control sequence: file names,
values, configuration keys with ESC, BEL, CR, newlines, C1 controls or bidirectional overrides
are shown (`␛`, `␊`, `<U+202E>`) in text output, snippets and every stderr line; the `github`
format cannot be made to print a workflow command of the attacker's, and its annotations come
before anything on stderr."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from hostile import ALIAS, FAILING, repo, run

from conftest import edgelint_command

# ESC ] 0 ; title BEL retitles a terminal; ESC [ 2 J clears it; CSI (U+009B) is ESC [ in C1;
# U+202E reverses what follows; the newline starts a line the runner reads as a command.
HOSTILE_NAME = "evil\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e\r\n::stop-commands::tok\n::notice::x"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _no_raw_controls(*streams: bytes) -> None:
    for stream in streams:
        text = stream.decode("utf-8", errors="replace")
        assert RAW.search(text) is None, repr(text[:300])


def _annotation_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("::")]


def test_file_names_are_shown_not_sent(tmp_path: Path) -> None:
    checkout = repo(tmp_path / "checkout", {f"{HOSTILE_NAME}.yaml": FAILING})
    os.mkfifo(checkout / f"{HOSTILE_NAME}-fifo.yaml")  # unreadable: its name goes to stderr
    result = run("lint", ".", cwd=checkout)
    assert result.returncode == 2  # the FIFO is an I/O error
    _no_raw_controls(result.stdout, result.stderr)
    out, err = result.stdout.decode(), result.stderr.decode()
    assert "evil␛]0;pwned␇␛[2J<U+009B>31m<U+202E>␍␊::stop-commands::tok␊::notice::x.yaml:12:" in out
    assert "edgelint: error: evil␛]0;pwned" in err and "not a regular file" in err
    assert not any(line.startswith("::") for line in (out + err).splitlines())


def test_snippets_show_controls_and_keep_the_caret_under_the_span(tmp_path: Path) -> None:
    """A raw ESC makes the file invalid YAML (EL001), whose snippet shows the line; a bidi
    override is valid YAML, and the line of a finding beside it shows it as `<U+202E>`."""
    checkout = repo(
        tmp_path / "checkout",
        {
            "esc.yaml": b"apiVersion: iofog.org/v3\nkind: Application # \x1b[2J\x1b]0;x\x07\n",
            "bidi.yaml": ALIAS.replace(
                b"x86: edgeworx/healthcare-heart-rate:x86-v1\n        registry: remote",
                "{x86: 'edgeworx/heart-rate\u202e:x86', registry: remote}".encode(),
            ),
        },
    )
    result = run("lint", "esc.yaml", "bidi.yaml", cwd=checkout)
    _no_raw_controls(result.stdout, result.stderr)
    text = result.stdout.decode()
    assert "esc.yaml:2:21: error EL001 control character U+001B is not allowed in YAML" in text
    assert " 2 | kind: Application # ␛[2J␛]0;x␇\n" in text
    line = " 11 |         {x86: 'edgeworx/heart-rate<U+202E>:x86', registry: remote}"
    assert line in text
    caret_row = text.rsplit(line + "\n", 1)[1].splitlines()[0]  # EL301's snippet, the second
    assert caret_row.index("^") == line.index("remote")  # the caret is under `remote`


def test_configuration_keys_are_shown_not_sent(tmp_path: Path) -> None:
    checkout = repo(tmp_path / "checkout")
    (checkout / ".edgelint.yaml").write_text(
        '"sel\\e]0;pwned\\a\\n::stop-commands::tok\\r\\n::error::forged": [EL3]\n'
    )
    result = run("lint", "app.yaml", cwd=checkout)
    assert result.returncode == 2
    _no_raw_controls(result.stdout, result.stderr)
    (line,) = result.stderr.decode().splitlines()
    assert line.startswith("edgelint: error: ")
    assert "unknown key `sel␛]0;pwned␇␊::stop-commands::tok␍␊::error::forged`" in line


def test_the_github_format_cannot_be_made_to_print_a_command(tmp_path: Path) -> None:
    """A newline in a file name or a config key used to start a line of its own — a
    `::stop-commands::` that turns the real annotations off, a forged `::notice::`."""
    checkout = repo(tmp_path / "checkout", {f"{HOSTILE_NAME}.yaml": FAILING, "ok.yaml": ALIAS})
    os.mkfifo(checkout / f"{HOSTILE_NAME}-fifo.yaml")
    # Both streams into one pipe, as a CI log has them.
    result = subprocess.run(
        [edgelint_command(), "lint", "--format", "github", "."],
        cwd=checkout,
        env={**os.environ, "EDGELINT_NO_CACHE": "1", "GITHUB_ACTIONS": "true"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    _no_raw_controls(result.stdout)
    lines = result.stdout.decode().splitlines()
    commands = _annotation_lines(result.stdout.decode())
    assert len(commands) == 2, lines  # EL303 in the hostile file, EL301 in ok.yaml
    assert all(re.match(r"::(error|warning) file=", c) for c in commands)
    # Every annotation comes before the first line edgelint wrote to stderr.
    first_stderr = next(i for i, line in enumerate(lines) if not line.startswith("::"))
    assert all(i < first_stderr for i, line in enumerate(lines) if line.startswith("::"))


@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_machine_formats_keep_the_exact_name_as_escapes(tmp_path: Path, output_format: str) -> None:
    name = "app\x1b[31m\x9b\u202e\n.yaml"
    checkout = repo(tmp_path / "checkout", {name: FAILING})
    result = run("lint", "--format", output_format, name, cwd=checkout)
    assert result.returncode == 1
    _no_raw_controls(result.stdout, result.stderr)
    document = json.loads(result.stdout)
    if output_format == "json":
        assert document["diagnostics"][0]["path"] == name
    else:
        uri = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        assert uri["artifactLocation"]["uri"] == "app%1B%5B31m%C2%9B%E2%80%AE%0A.yaml"
