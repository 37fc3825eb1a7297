"""edgelint's JavaScript (edgelint/javascript.py) against node's own: Number(), String(),
Number::toString, ToBoolean and the white space trim() strips, over the values YAML produces
and the numbers whose notation Python writes differently (1e21, 1e-7, 2**53 and beyond)."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from typing import Any

import pytest

from edgelint import javascript

VALUES: list[Any] = [
    None, True, False, 0, -0.0, 1, -1, 3.0, 3.5, 0.1 + 0.2, 1e21, 1e-7, 1e-6, 123456789.125,
    2**53, 2**53 + 1, 2**64, 1.5e300, -2.5e-9, 100.0, 1e20, 123e18, 5e-324,
    "", " ", "3", " 3 ", "\t3\n", "0x1F", "-0x10", "0o17", "0b101", "1e3", ".5", "5.", "+7",
    "Infinity", "-Infinity", "infinity", "1_000", "12abc", "\u00a03\u2028", "\ufeff4", "yes",
    [], [5], ["6"], [1, 2], [None, 1], [[1, 2], 3], {}, {"a": 1},
]  # fmt: skip
NUMBERS = [v for v in VALUES if javascript.is_number(v)]


def _node(expression: str, values: list[Any]) -> list[Any]:
    """`expression` (of `v`) for each value, evaluated by node; numbers come back as text so
    that NaN, Infinity and -0 survive JSON."""
    script = (
        "const vs = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "const show = r => typeof r === 'number' ? {n: Object.is(r, -0) ? '-0' : String(r)} : r;"
        f"console.log(JSON.stringify(vs.map(v => show({expression}))));"
    )
    done = subprocess.run(
        ["node", "-e", script], input=json.dumps(values), capture_output=True, text=True,
        check=True, timeout=60,
    )  # fmt: skip
    return list(json.loads(done.stdout))


def _as_python(shown: Any) -> Any:
    if isinstance(shown, dict) and "n" in shown:
        return float(shown["n"].replace("Infinity", "inf"))
    return shown


needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


@needs_node
def test_number_is_javascripts_number() -> None:
    for value, want in zip(VALUES, _node("Number(v)", VALUES), strict=True):
        got, expected = javascript.number(value), _as_python(want)
        assert (math.isnan(got) and math.isnan(expected)) or got == expected, value


@needs_node
def test_string_is_javascripts_string() -> None:
    for value, want in zip(VALUES, _node("String(v)", VALUES), strict=True):
        assert javascript.string(value) == want, value


@needs_node
def test_number_to_string_is_javascripts_notation() -> None:
    """`str()` disagrees here: str(1e21) is '1e+21' (agreeing), but str(1e-7) is '1e-07',
    str(2.0**64) is '1.8446744073709552e+19' where JavaScript writes all 20 digits."""
    for value, want in zip(NUMBERS, _node("String(v)", NUMBERS), strict=True):
        assert javascript.number_to_string(value) == want, value
    assert javascript.number_to_string(1e-7) == "1e-7"
    assert javascript.number_to_string(2.0**64) == "18446744073709552000"


@needs_node
def test_to_boolean_is_javascripts() -> None:
    for value, want in zip(VALUES, _node("Boolean(v)", VALUES), strict=True):
        assert javascript.to_boolean(value) is want, value


@needs_node
def test_whitespace_is_what_trim_strips() -> None:
    every = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF)
    stripped = _node("v.split('').filter(c => c.trim() === '').join('')", [every])[0]
    assert set(javascript.WHITESPACE) == set(stripped)


PROPERTY_CASES: list[tuple[Any, str]] = [
    ({"a": 1}, "a"), ({"a": 1}, "b"), ({"length": 7}, "length"), ({"0": "x"}, "0"),
    ([10, 20], "0"), ([10, 20], "1"), ([10, 20], "2"), ([10, 20], "01"), ([10, 20], "-1"),
    ([10, 20], "length"), ([], "0"), ([10, 20], "1.0"), ([10], " 0"),
    ("abc", "0"), ("abc", "2"), ("abc", "3"), ("abc", "length"), ("abc", "00"),
    ("a😀b", "length"), ("a😀b", "1"), ("a😀b", "3"), ("é", "0"), ("", "0"), ("", "length"),
    ("abc", "١"),  # an Arabic-Indic digit: isdigit() in Python, no index in JavaScript
    (None, "a"), (3, "a"), (True, "length"),
]  # fmt: skip


@needs_node
def test_property_access_is_javascripts() -> None:
    """`value[key]` as the Controller's liquidjs reads it for plain data: keys, canonical
    indexes, UTF-16 code units of strings (half an emoji is a lone surrogate), length."""
    missing = object()
    script = (
        "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "const show = r => r === undefined ? {undefined: true} : typeof r === 'string' ?"
        " {s: [...Array(r.length).keys()].map(i => r.charCodeAt(i))} : r;"
        "console.log(JSON.stringify(cases.map(([v, k]) => v === null || typeof v !== 'object'"
        " && typeof v !== 'string' ? {undefined: true} : show(v[k]))));"
    )
    done = subprocess.run(
        ["node", "-e", script], input=json.dumps(PROPERTY_CASES), capture_output=True,
        text=True, check=True, timeout=60,
    )  # fmt: skip
    for (value, key), want in zip(PROPERTY_CASES, json.loads(done.stdout), strict=True):
        got = javascript.property_of(value, key, missing)
        if isinstance(want, dict) and want.get("undefined"):
            assert got is missing, (value, key)
        elif isinstance(want, dict) and "s" in want:
            assert isinstance(got, str), (value, key)
            units = got.encode("utf-16-le", "surrogatepass")
            assert [
                int.from_bytes(units[i : i + 2], "little") for i in range(0, len(units), 2)
            ] == (want["s"]), (value, key)
        else:
            assert got == want, (value, key)


@needs_node
def test_utf16_slices_are_javascripts() -> None:
    texts = ["", "abc", "a😀b", "😀😀", "é\u0301x"]
    spans = [(0, 1), (1, 2), (0, 3), (2, 10), (3, 3)]
    cases = [(t, a, b) for t in texts for a, b in spans]
    script = (
        "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(cases.map(([t, a, b]) => [t.length, "
        "[...Array(t.slice(a, b).length).keys()].map(i => t.slice(a, b).charCodeAt(i))])));"
    )
    done = subprocess.run(
        ["node", "-e", script], input=json.dumps(cases), capture_output=True, text=True,
        check=True, timeout=60,
    )  # fmt: skip
    for (text, start, end), (length, units) in zip(cases, json.loads(done.stdout), strict=True):
        assert javascript.utf16_length(text) == length, text
        sliced = javascript.utf16_slice(text, start, end).encode("utf-16-le", "surrogatepass")
        assert [int.from_bytes(sliced[i : i + 2], "little") for i in range(0, len(sliced), 2)] == (
            units
        ), (text, start, end)
