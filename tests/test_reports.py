"""The SARIF, GitHub, JUnit and HTML reporters, checked on real lint results.

Each format is read back the way its consumer reads it (a JSON schema validator, the Actions
runner's unescaping, an XML parser, an HTML parser) rather than compared with a snapshot: what
matters is that the consumer gets every diagnostic back intact.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import CORPUS, FIXTURES, REPO, settings
from edgelint.config.selection import Layer, Selection
from edgelint.diagnostics import Applicability, Diagnostic, Edit, Severity
from edgelint.fix.splice import apply_edits, fix_source
from edgelint.load.source import Position, SourceFile
from edgelint.report import github, html, junit, sarif
from edgelint.rules import all_rules
from edgelint.run.lint import FileResult, lint_bytes

SARIF_DIR = FIXTURES / "sarif"
SARIF_SCHEMA = SARIF_DIR / "sarif-schema-2.1.0.json"
OASIS_ID = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
CRLF_BOM = FIXTURES / "rules" / "EL301" / "crlf-bom.yaml"
UNDECODABLE = sorted((FIXTURES / "rules" / "EL006").glob("*.yaml"))
CLEAN = FIXTURES / "rules" / "EL301" / "crlf-bom.fixed.yaml"
NOT_IOFOG = (b"a: 1\n", "EL005")  # an info: the file is skipped

# An Application whose unknown key and registry value are markup: EL202 and EL305 quote them.
SCRIPT_YAML = b"""apiVersion: iofog.org/v3
kind: Application
metadata:
  name: demo
spec:
  microservices:
    - name: web
      agent:
        name: agent-1
      "<script>alert(1)</script>": 1
      images:
        x86: "nginx:1.25"
        registry: "<script>alert(2)</script>"
"""


def lint_file(path: Path) -> FileResult:
    return lint_bytes(path.relative_to(REPO).as_posix(), path.read_bytes(), settings())


@cache
def _corpus() -> tuple[FileResult, ...]:
    paths = sorted([*CORPUS.glob("*.yaml"), *CORPUS.glob("*.yml")])
    assert len(paths) > 20, "the corpus is missing"
    linted = [lint_file(p) for p in [*paths, CRLF_BOM, CLEAN, *UNDECODABLE]]
    return (*linted, lint_bytes("notes.yaml", NOT_IOFOG[0], settings()))


def corpus() -> list[FileResult]:
    """The corpus, a file with fixes, a clean one, undecodable ones (no source), an info."""
    return list(_corpus())


def diagnostics(files: list[FileResult]) -> list[Diagnostic]:
    return [d for f in files for d in f.diagnostics]


def hand_made(
    message: str, *, path: str = "app.yaml", severity: Severity = Severity.ERROR
) -> FileResult:
    """A diagnostic edgelint does not produce today, on a real SourceFile."""
    source = SourceFile.from_bytes(path, b"a: 1\nb: 2\n")
    diagnostic = Diagnostic(
        "EL201",
        severity,
        message,
        path,
        Position(2, 1),
        Position(2, 2),
        start_offset=5,
        end_offset=6,
    )
    return FileResult(path, source, [diagnostic])


# --- SARIF -----------------------------------------------------------------------------------


@cache
def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return schema


def sarif_validator() -> jsonschema.protocols.Validator:
    """The vendored OASIS file declares draft-04: validated as such, formats not asserted."""
    schema = _schema()
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def schema_errors(document: Any) -> list[str]:
    return [
        f"{list(e.absolute_path)}: {e.message}" for e in sarif_validator().iter_errors(document)
    ]


def test_vendored_schema_is_the_recorded_oasis_file() -> None:
    digest = hashlib.sha256(SARIF_SCHEMA.read_bytes()).hexdigest()
    readme = (SARIF_DIR / "README.md").read_text(encoding="utf-8")
    assert f"sha256 of the file | `{digest}`" in readme
    assert _schema()["id"] == OASIS_ID
    assert _schema()["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"


def test_sarif_for_the_whole_corpus_validates_against_the_oasis_schema() -> None:
    files = corpus()
    document = json.loads(sarif.format_results(files, fixed=3))
    assert schema_errors(document) == []
    assert document["version"] == "2.1.0"
    (run,) = document["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "edgelint"
    found = diagnostics(files)
    assert len(run["results"]) == len(found) > 100
    assert {r["id"] for r in driver["rules"]} == {d.code for d in found}
    assert run["properties"] == {"fixed": 3}


def test_schema_validation_can_fail() -> None:
    document = json.loads(sarif.format_results(corpus()))
    document["runs"][0]["results"][0]["level"] = "info"  # SARIF calls it "note"
    del document["runs"][0]["tool"]["driver"]["name"]
    errors = schema_errors(document)
    assert len(errors) == 2, errors


def test_sarif_results_carry_each_diagnostic() -> None:
    files = corpus()
    run = json.loads(sarif.format_results(files))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    catalog = all_rules()
    rules_md = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for result, diagnostic in zip(run["results"], diagnostics(files), strict=True):
        assert result["ruleId"] == diagnostic.code
        assert rules[result["ruleIndex"]]["id"] == diagnostic.code
        assert result["level"] == levels[diagnostic.severity.value]
        assert result["message"]["text"] == diagnostic.message
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"] == {"uri": diagnostic.path, "uriBaseId": "%SRCROOT%"}
        region = physical["region"]
        assert (region["startLine"], region["startColumn"]) == (
            diagnostic.start.line,
            diagnostic.start.column,
        )
        assert (region["endLine"], region["endColumn"]) == (
            diagnostic.end.line,
            diagnostic.end.column,
        )
        assert ("fixes" in result) == (diagnostic.fix is not None)
    for descriptor in rules:
        rule = catalog[descriptor["id"]]
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["help"]["markdown"] == rule.explanation
        anchor = descriptor["helpUri"].rpartition("/docs/rules.md#")[2]
        assert f"\n## {anchor.upper()}\n" in rules_md
        assert descriptor["defaultConfiguration"]["level"] == levels[rule.severity.value]


def test_sarif_for_an_undecodable_file_still_points_at_the_byte() -> None:
    result = lint_file(FIXTURES / "rules" / "EL006" / "latin-1.yaml")
    assert result.source is None
    document = json.loads(sarif.format_results([result]))
    assert schema_errors(document) == []
    (sarif_result,) = document["runs"][0]["results"]
    region = sarif_result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (4, 12)
    assert "snippet" not in region


def test_sarif_snippet_is_the_spanned_text() -> None:
    result = lint_file(CRLF_BOM)
    (sarif_result,) = json.loads(sarif.format_results([result]))["runs"][0]["results"]
    assert sarif_result["locations"][0]["physicalLocation"]["region"]["snippet"] == {
        "text": "remote"
    }


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("deploy/app.yaml", {"uri": "deploy/app.yaml", "uriBaseId": "%SRCROOT%"}),
        ("my apps/a:b.yaml", {"uri": "my%20apps/a%3Ab.yaml", "uriBaseId": "%SRCROOT%"}),
        ("/srv/deploy/app.yaml", {"uri": "file:///srv/deploy/app.yaml"}),
    ],
)
def test_sarif_artifact_uris(path: str, expected: dict[str, str]) -> None:
    if path.startswith("/") and sys.platform == "win32":
        pytest.skip("a POSIX absolute path")
    assert sarif.artifact_location(path) == expected
    document = json.loads(sarif.format_results([hand_made("m", path=path)]))
    assert schema_errors(document) == []


def sarif_edits(source: SourceFile, result: dict[str, Any]) -> list[Edit]:
    edits = []
    for fix in result["fixes"]:
        for change in fix["artifactChanges"]:
            for replacement in change["replacements"]:
                region = replacement["deletedRegion"]
                start = source.offset(Position(region["startLine"], region["startColumn"]))
                end = source.offset(Position(region["endLine"], region["endColumn"]))
                edits.append(Edit(start, end, replacement["insertedContent"]["text"]))
    return edits


@pytest.mark.parametrize(
    "path",
    sorted(
        p.with_name(p.name.replace(".fixed.yaml", ".yaml"))
        for p in FIXTURES.glob("rules/*/*.fixed.yaml")
    ),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_sarif_safe_fixes_give_what_edgelint_fix_writes(path: Path) -> None:
    result = lint_file(path)
    assert result.source is not None
    run = json.loads(sarif.format_results([result]))["runs"][0]
    safe = [r for r in run["results"] if r.get("properties", {}).get("applicability") == "safe"]
    edits = [e for r in safe for e in sarif_edits(result.source, r)]
    assert apply_edits(result.source.text, edits) == fix_source(result.source, settings()).text


def test_sarif_fix_replacement_on_a_crlf_bom_file() -> None:
    result = lint_file(CRLF_BOM)
    assert result.source is not None
    (sarif_result,) = json.loads(sarif.format_results([result]))["runs"][0]["results"]
    assert sarif_result["properties"]["applicability"] == "safe"
    (fix,) = sarif_result["fixes"]
    assert fix["description"]["text"] == "replace `remote` with `1`"
    replaced = apply_edits(result.source.text, sarif_edits(result.source, sarif_result))
    assert replaced != result.source.text
    assert replaced == (CRLF_BOM.with_name("crlf-bom.fixed.yaml").read_bytes().decode("utf-8-sig"))


def test_sarif_marks_unsafe_fixes() -> None:
    files = corpus()
    results = json.loads(sarif.format_results(files))["runs"][0]["results"]
    unsafe = [
        d for d in diagnostics(files) if d.fix and d.fix.applicability is Applicability.UNSAFE
    ]
    assert unsafe, "the corpus has unsafe fixes"
    marked = [r for r in results if r.get("properties", {}).get("applicability") == "unsafe"]
    assert len(marked) == len(unsafe)
    assert all(r["properties"]["safeFix"] is False for r in marked)


# --- GitHub workflow commands ------------------------------------------------------------------

COMMAND = re.compile(r"^::(?P<kind>error|warning|notice) (?P<props>[^:]*)::(?P<data>.*)$")


def unescape(text: str) -> str:
    """What the Actions runner does with a value (the inverse of actions/toolkit's escaping)."""
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    match = COMMAND.match(line)
    assert match is not None, line
    props = dict(item.split("=", 1) for item in match["props"].split(","))
    return match["kind"], {k: unescape(v) for k, v in props.items()}, unescape(match["data"])


def test_github_lines_parse_back_to_the_diagnostics() -> None:
    files = corpus()
    lines = github.format_results(files).split("\n")
    found = diagnostics(files)
    assert len(lines) == len(found)
    names = {code: rule.name for code, rule in all_rules().items()}
    kinds = {"error": "error", "warning": "warning", "info": "notice"}
    for line, diagnostic in zip(lines, found, strict=True):
        kind, props, message = parse_command(line)
        assert kind == kinds[diagnostic.severity.value]
        assert message == diagnostic.message
        assert props == {
            "file": diagnostic.path,
            "line": str(diagnostic.start.line),
            "col": str(diagnostic.start.column),
            "endLine": str(diagnostic.end.line),
            "endColumn": str(diagnostic.end.column),
            "title": f"{diagnostic.code} {names[diagnostic.code]}",
        }


def test_github_escaping_round_trips() -> None:
    """The runner gets back what edgelint printed: `%`, `,` and `:` through its escapes, line
    breaks (and every other control) shown as pictures, so that none can end the command."""
    message = "50% of `a,b`: done\r\nnext line\nlast %0A stays literal"
    result = hand_made(message, path="dir,1/a:b%.yaml", severity=Severity.INFO)
    (line,) = github.format_results([result]).split("\n")
    kind, props, data = parse_command(line)
    assert kind == "notice"
    assert data == "50% of `a,b`: done␍␊next line␊last %0A stays literal"
    assert props["file"] == "dir,1/a:b%.yaml"
    assert props["title"] == "EL201 schema-violation"


def test_github_prints_nothing_for_clean_files() -> None:
    clean = lint_file(CLEAN)
    assert clean.diagnostics == []
    assert github.format_results([clean]) == ""


def test_github_info_is_a_notice() -> None:
    shown = Selection(layers=(Layer(extend_select=("EL005",)),))  # EL005 is opt-in
    info = lint_bytes("notes.yaml", NOT_IOFOG[0], settings().with_selection(shown))
    (line,) = github.format_results([info]).split("\n")
    assert line.startswith("::notice file=notes.yaml,line=1,col=1,")
    assert f"title={NOT_IOFOG[1]} " in line


# --- JUnit ---------------------------------------------------------------------------------


def test_junit_counts_files_and_fails_those_with_errors() -> None:
    files = corpus()
    root = ET.fromstring(junit.format_results(files))
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    failing = [f for f in files if any(d.severity is Severity.ERROR for d in f.diagnostics)]
    warned = [f for f in files if f.diagnostics and all(f is not g for g in failing)]
    assert failing and warned and any(not f.diagnostics for f in files)
    assert suite.get("tests") == str(len(files))
    assert suite.get("failures") == str(len(failing)) == root.get("failures")
    assert suite.get("errors") == "0"
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [f.path for f in files]
    # A classname without the file's dots (CI views split it at the last one), the file, times.
    assert {c.get("classname") for c in cases} == {"edgelint"}
    assert [c.get("file") for c in cases] == [f.path for f in files]
    assert all(float(c.get("time") or "x") >= 0 for c in cases)
    assert float(suite.get("time") or "x") == pytest.approx(sum(f.seconds for f in files), abs=0.01)
    for case, result in zip(cases, files, strict=True):
        failure = case.find("failure")
        out = case.find("system-out")
        errors = sum(1 for d in result.diagnostics if d.severity is Severity.ERROR)
        if errors:
            assert failure is not None and out is None
            assert failure.get("message") == (f"{errors} errors" if errors > 1 else "1 error")
            assert failure.get("type") == "edgelint"
            listed = (failure.text or "").split("\n")
        elif result.diagnostics:
            assert failure is None and out is not None
            listed = (out.text or "").split("\n")
        else:
            assert failure is None and out is None
            continue
        assert len(listed) == len(result.diagnostics)
        for text, d in zip(listed, result.diagnostics, strict=True):
            head = f"{d.start.line}:{d.start.column}: {d.severity.value} {d.code} "
            assert text == head + junit.xml_text(d.message)


def test_junit_shows_controls_and_drops_what_xml_cannot_carry() -> None:
    result = hand_made("bad \x1b[31mcolour\x1b[0m and \x00nul & <tag> \x0c \ufffe")
    text = junit.format_results([result], fixed=1)
    root = ET.fromstring(text)
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.text == "2:1: error EL201 bad ␛[31mcolour␛[0m and ␀nul & <tag> ␌ "
    assert root.find("testsuite/properties/property[@name='fixed']") is not None


# --- HTML ----------------------------------------------------------------------------------

VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "area", "base", "source"}


class StrictParser(HTMLParser):
    """Fails on what a browser would silently repair: unclosed or misnested elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.tags: list[str] = []
        self.marked: list[str] = []
        self.codes: list[str] = []
        self.messages: list[str] = []
        self._collect: list[str] | None = None  # the list the current element's text goes to

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in VOID:
            self.stack.append(tag)
        classes = dict(attrs).get("class") or ""
        if tag == "mark":
            self._collect = self.marked
        elif tag == "span" and classes in ("code", "message"):
            self._collect = self.codes if classes == "code" else self.messages
        else:
            return
        self._collect.append("")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:]} at {self.getpos()}")
            return
        self.stack.pop()
        if tag in ("mark", "span"):
            self._collect = None

    def handle_data(self, data: str) -> None:
        if self._collect is not None:
            self._collect[-1] += data


def parse_html(text: str) -> StrictParser:
    parser = StrictParser()
    parser.feed(text)
    parser.close()
    assert parser.problems == []
    assert parser.stack == []
    return parser


def test_html_report_is_well_formed_and_lists_every_diagnostic() -> None:
    files = corpus()
    page = html.format_results(files, fixed=2)
    parsed = parse_html(page)
    assert "script" not in parsed.tags
    assert not re.search(r"<(link|img)\b|src=|@import", page), "the page must be self-contained"
    assert parsed.codes == [d.code for d in diagnostics(files)]
    # Inline code is shown as code: the words are the message's, without its backticks.
    assert parsed.messages == [d.message.replace("`", "") for d in diagnostics(files)]
    found = diagnostics(files)
    # An index of the files with their counts, linking to each file's section.
    reported = [f for f in files if f.diagnostics]
    for number, result in enumerate(reported, start=1):
        assert f'<a href="#file-{number}">{html_lib.escape(result.path)}</a>' in page
        assert f'<section class="file" id="file-{number}">' in page
    # Filters by severity and code without a script: radio buttons and CSS rules.
    codes = sorted({d.code for d in found})
    for code in codes:
        assert f'id="code-{code}"' in page
        assert f"#code-{code}:checked ~ main .diagnostic:not(.code-{code})" in page
        assert f'<dt id="rule-{code}">{code} ' in page  # each code links to its rule's docs
    assert 'href="#rule-EL301"' in page and 'id="severity-error"' in page
    counts = {s: sum(1 for d in found if d.severity is s) for s in Severity}
    assert f"<th>Errors</th><td>{counts[Severity.ERROR]}</td>" in page
    assert f"<th>Warnings</th><td>{counts[Severity.WARNING]}</td>" in page
    assert "<th>Fixed</th><td>2</td>" in page


def test_html_escapes_markup_from_the_file_and_the_message() -> None:
    result = lint_bytes("script.yaml", SCRIPT_YAML, settings())
    codes = {d.code for d in result.diagnostics}
    assert {"EL202", "EL305"} <= codes
    assert any("<script>" in d.message for d in result.diagnostics)
    page = html.format_results([result])
    parsed = parse_html(page)
    assert "script" not in parsed.tags
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # the source line is shown, escaped, with the span highlighted
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert '"<script>alert(2)</script>"' in parsed.marked


def test_html_highlights_the_span_and_shows_context() -> None:
    result = lint_file(CRLF_BOM)
    page = html.format_results([result])
    parsed = parse_html(page)
    assert parsed.marked == ["remote"]
    assert '<td class="number">10</td>' in page  # a line of context before
    assert '<td class="number">12</td>' not in page  # after the final CRLF: no line there
    assert "safe fix: replace <code>remote</code> with <code>1</code>" in page


def test_html_snippet_of_a_span_over_several_lines() -> None:
    source = SourceFile.from_bytes("a.yaml", b"zero\none: [1,\n  2]\nthree\nfour\n")
    start, end = source.text.index("["), source.text.index("]") + 1
    diagnostic = Diagnostic(
        "EL201",
        Severity.ERROR,
        "m",
        "a.yaml",
        source.position(start),
        source.position(end),
        start,
        end,
    )
    rows = html.snippet(diagnostic, source)
    assert [r.number for r in rows] == [1, 2, 3, 4]
    assert (rows[1].before, rows[1].marked, rows[1].after) == ("one: ", "[1,", "")
    assert (rows[2].before, rows[2].marked, rows[2].after) == ("", "  2]", "")
    assert rows[0].marked == rows[3].marked == ""


def test_html_for_an_undecodable_file_has_no_snippet() -> None:
    results = [lint_file(p) for p in UNDECODABLE]
    page = html.format_results(results)
    parse_html(page)
    assert "<mark" not in page
    assert page.count('<span class="code">EL006</span>') == len(UNDECODABLE)


def test_the_template_ships_inside_the_package() -> None:
    from importlib.resources import files

    template = files("edgelint.report") / "templates" / html.TEMPLATE
    assert template.is_file()


def test_reporters_do_not_import_jinja2_until_html_is_rendered() -> None:
    code = (
        "import sys\n"
        "import edgelint.report.sarif, edgelint.report.github, edgelint.report.junit\n"
        "import edgelint.report.html\n"
        "assert 'jinja2' not in sys.modules, 'imported at module level'\n"
        "assert 'xml.etree.ElementTree' not in sys.modules\n"
        "from edgelint.report.html import format_results\n"
        "format_results([])\n"
        "assert 'jinja2' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_html_marks_an_empty_span_between_two_characters() -> None:
    source = SourceFile.from_bytes("a.yaml", b"key: [1, 2\n")
    where = source.position(len("key: [1, 2"))
    diagnostic = Diagnostic("EL001", Severity.ERROR, "unclosed", "a.yaml", where, where)
    (row,) = html.snippet(diagnostic, source)
    assert (row.before, row.marked, row.after, row.point) == ("key: [1, 2", "", "", True)
    page = html.format_results([FileResult("a.yaml", source, [diagnostic])])
    assert 'key: [1, 2<mark class="point"></mark></td>' in page
