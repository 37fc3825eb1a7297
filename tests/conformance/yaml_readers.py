"""The real YAML readers of the deploy path, and the scalars they are compared on.

`yamlv2/main.go` is built against Debian's golang-gopkg-yaml.v2-dev (gopkg.in/yaml.v2 2.4.0, the
version in iofogctl's and potctl's go.mod) with Debian's golang-go, offline; `jsyaml.js` loads
js-yaml 3.14.1 and 4.1.1 from npm (package.json). scalars() is every spelling where YAML 1.1 and
1.2 part ways, and the look-alikes around each one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
GO_SOURCE = HERE / "yamlv2"
YAMLV2_PACKAGE = Path("/usr/share/gocode/src/gopkg.in/yaml.v2")

_WORDS = ["y", "yes", "n", "no", "true", "false", "on", "off", "null", "nil", "none", "t", "f"]


def _cases(word: str) -> list[str]:
    return sorted({word, word.capitalize(), word.upper(), word[:-1] + word[-1].upper()})


SCALARS: list[str] = sorted(
    {spelling for word in _WORDS for spelling in _cases(word)}
    | {"~", "", "Nope", "yes please", "ON_", "<<", "=", "abc", "0", "00", "-0", "+0"}
    | {"07", "08", "09", "0777", "-0777", "+0777", "0o17", "0O17", "0o8", "0x1F", "0X1F", "0x"}
    | {"0xg", "0x_1", "0b101", "0B101", "-0b101", "+0b1", "0b", "0b2", "1_000", "_1", "1_", "+12"}
    | {
        "-12",
        "012345678",
        "0_7",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
    }
    | {"-9223372036854775809", "18446744073709551615", "18446744073709551616", "9007199254740993"}
    | {"99999999999999999999", "1:20", "1:20:30", "190:20:30", "1:60", "-1:20", "1_:20", "0:20"}
    | {"1:2", "12:30", "80:80", "8080:80", "1:20.5", "-1:20.5", "1:20."}
    | {"1.5", "1.", ".5", "+.5", "-.5", "._5", "1e3", "1E3", "1e+3", "1.5e-3", "1e400", "1e-400"}
    | {".inf", "-.inf", "+.inf", ".Inf", ".INF", ".NAN", ".nan", ".NaN", "nan", "inf", ".", ".e3"}
    | {"1_0.5", "0.1_0", "6.8523015e+5", "685.230_15e+03", "0x1p-2", "1.0", "3.0", "0.0", "-0.0"}
    | {"1.2.3", "127.0.0.1", "10.0.0.1:8080", "8080/tcp", "1h", "0.0.0.0/0", "2001:db8::1", "1e3x"}
    | {"2001-12-14", "2001-1-2", "2001-12-14t21:59:43.10-05:00", "2001-12-14T21:59:43Z"}
    | {"2001-12-14T21:59:43", "2001-12-14 21:59:43.10 -5", "2001-12-14 21:59:43.10", "2001-02-30"}
    | {"2001-13-01", "0099-01-01", "2001-12-14  21:59:43", "2001-12-14T25:00:00Z", "2024-02-29"}
    | {"2023-02-29", "2001-12-14T21:59:43+02:00", "2001-12-14 1:2:3", "2001-12-14T21:59:43.123456Z"}
    | {"20011214", "2001-12", "1.5.0", "v1.2", "3.10", "010.5", "0.5.1", "1__0", "+", "-.5e3"}
)


def documents() -> list[str]:
    """Each scalar as a value (plain, double- and single-quoted) and as a key."""
    texts = []
    for scalar in SCALARS:
        texts.append(f"v: {scalar}\n")
        if scalar and "'" not in scalar:
            texts.append(f"v: '{scalar}'\n")
        if scalar:
            texts.append(f'v: "{scalar}"\n')
            if scalar != "<<":  # yaml.v2 merges even a quoted '<<' key
                texts.append(f"{scalar}: v\n")
    flow = [s for s in SCALARS if s and not set(s) & set(":,[]{}#")]
    texts.append("v: [" + ", ".join(flow) + "]\n")
    return texts


def build_decoder(into: Path) -> Path | None:
    """The yaml.v2 program, or None when Go or the yaml.v2 sources are not installed."""
    go = shutil.which("go")
    if go is None or not YAMLV2_PACKAGE.is_dir():
        return None
    binary = into / "yamlv2"
    env = {
        **os.environ,
        "GO111MODULE": "off",
        "GOPATH": str(YAMLV2_PACKAGE.parent.parent.parent),
        "GOCACHE": str(into / "gocache"),
        "GOFLAGS": "",
        "CGO_ENABLED": "0",
    }
    subprocess.run(
        [go, "build", "-o", str(binary), "."], cwd=GO_SOURCE, env=env, check=True, timeout=300
    )
    return binary


def yamlv2(binary: Path, text: str) -> dict[str, Any]:
    """What iofogctl decodes from one document and the text it uploads."""
    answers = yamlv2_file(binary, text, whole=False)
    assert len(answers) == 1, (text, answers)
    return answers[0]


def yamlv2_file(binary: Path, text: str, *, whole: bool = True) -> list[dict[str, Any]]:
    """Each document's decoding and upload; `whole`: as deploy files (the header a struct)."""
    done = subprocess.run(
        [str(binary), *(["file"] if whole else [])],
        input=text,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def jsyaml(items: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """js-yaml's reading of each (reader, text): "js-yaml-3" or "js-yaml-4"."""
    node = shutil.which("node")
    assert node is not None
    lines = "".join(
        json.dumps({"id": i, "text": text, "reader": reader}) + "\n"
        for i, (reader, text) in enumerate(items)
    )
    done = subprocess.run(
        [node, str(HERE / "jsyaml.js")],
        input=lines,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    answers = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    return sorted(answers, key=lambda a: int(a["id"]))
