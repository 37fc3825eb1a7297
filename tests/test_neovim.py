"""A real editor end to end: headless Neovim (Debian's `neovim`, its built-in LSP client), with
the README's Neovim 0.7 set-up as its init file, opens a YAML file, receives edgelint's
diagnostics, hovers, asks for the code actions at a finding and applies the quick fix with its
own edit code: the bytes it writes are the bytes `edgelint fix` writes. `.ci/run` installs
Neovim; without it the test says so and is skipped."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import edgelint_command, run_cli

pytest.importorskip("pygls")
SCRIPT = Path(__file__).parent / "editors" / "neovim.lua"

APP = """\
apiVersion: iofog.org/v3
kind: Application
metadata:
  name: heart-rate
spec:
  microservices:
    - name: monitor   # é, 😀: columns are UTF-16 code units for Neovim
      agent: {name: edge-1}
      images: {x86: "edgeworx/healthcare-heart-rate:x86-v1", registry: remote}
      container:
        env:
          - {key: MODE, value: "😀 é {{ 'a' | upcasee }}"}
"""


def _readme_setup() -> str:
    """The README's Lua block for Neovim 0.7 and later, as a user copies it."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    found = re.search(r"^```lua\n(-- init\.lua: edgelint .*?)^```", readme, re.M | re.S)
    assert found is not None, "the README has no Neovim 0.7 set-up"
    return found.group(1)


def _neovim() -> str:
    found = shutil.which("nvim")
    if found is None:
        pytest.skip("Neovim is not installed (apt-get install neovim; .ci/run installs it)")
    return found


def test_neovim_shows_the_findings_and_applies_the_fix(tmp_path: Path) -> None:
    nvim = _neovim()
    path = tmp_path / "app.yaml"
    path.write_text(APP, encoding="utf-8")
    out = tmp_path / "seen.json"
    init = tmp_path / "init.lua"
    init.write_text(_readme_setup() + "vim.cmd('filetype on')\n", encoding="utf-8")
    env = {
        **os.environ,
        # The README's `cmd = { 'edgelint', 'server' }`: the edgelint these tests installed.
        "PATH": f"{Path(edgelint_command()).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "EDGELINT_NVIM_OUT": str(out),
        "EDGELINT_NVIM_FILE": str(path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),  # none of the user's Neovim set-up
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    result = subprocess.run(
        [nvim, "--headless", "-u", str(init), "-n", "-i", "NONE", "-c", f"luafile {SCRIPT}"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert out.exists(), result.stderr.decode(errors="replace")
    seen = json.loads(out.read_text(encoding="utf-8"))
    assert seen["errors"] == [], seen["errors"]
    assert seen["clients"] == ["edgelint"]
    by_code = {d["code"]: d for d in seen["diagnostics"]}
    alias = by_code["EL301"]
    line = APP.splitlines()[8]
    assert (alias["line"], alias["col"]) == (8, line.index("remote"))
    assert alias["end_col"] == line.index("remote") + len("remote")
    assert alias["severity"] == 2  # vim.diagnostic.severity.WARN
    assert alias["source"] == "edgelint"
    assert alias["message"].startswith("registry alias `remote` means registry 1")
    # Neovim turns the server's UTF-16 columns into byte columns: after `😀 é` they part.
    unknown = by_code["EL402"]
    before = APP.splitlines()[11].split("upcasee")[0]
    assert (unknown["line"], unknown["col"]) == (11, len(before.encode("utf-8")))
    assert seen["hover"].startswith("# EL301 registry-alias")
    titles = [a["title"] for a in seen["actions"]]
    assert titles[:2] == ["EL301: replace `remote` with `1`", "EL301: suppress on this line"]
    assert "edgelint: fix all safe fixes" in titles
    expected = tmp_path / "expected.yaml"
    expected.write_text(APP, encoding="utf-8")
    assert run_cli("fix", expected, cwd=tmp_path).returncode in (0, 1)
    assert path.read_bytes() == expected.read_bytes()
    assert path.read_bytes() != APP.encode()
