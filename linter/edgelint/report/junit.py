"""JUnit XML: the one report format every CI test view reads (GitLab, Jenkins, GitHub actions).

Each checked file is a test case (class `edgelint`, named and `file`d by its path, timed), so
the CI view counts files, not findings: a file fails when
it has errors (what the Controller rejects or mangles) and passes with warnings, which are kept
in ``system-out`` so they are visible without failing the pipeline.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from edgelint.diagnostics import Diagnostic, Severity
from edgelint.report.escape import visible
from edgelint.report.text import plural
from edgelint.report.view import Collected, Reporter, View

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from edgelint.run.results import FileResult

# XML 1.0 allows tab, LF, CR and everything from U+0020 except surrogates, U+FFFE and U+FFFF.
_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def format_results(files: list[FileResult], *, fixed: int | None = None) -> str:
    import xml.etree.ElementTree as ET

    failures = sum(1 for f in files if _errors(f.diagnostics))
    total = f"{sum(f.seconds for f in files):.3f}"
    counts = {"tests": str(len(files)), "failures": str(failures), "errors": "0", "time": total}
    root = ET.Element("testsuites", {"name": "edgelint", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "edgelint", **counts, "skipped": "0"})
    if fixed is not None:
        properties = ET.SubElement(suite, "properties")
        ET.SubElement(properties, "property", {"name": "fixed", "value": str(fixed)})
    for result in files:
        _testcase(suite, result)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def _testcase(suite: Element, result: FileResult) -> None:
    import xml.etree.ElementTree as ET

    path = xml_text(result.path)
    # Jenkins and GitLab split a classname at its last dot (`examples/app` and `yaml`): the
    # class is the tool, the test the file, and `file` says where it is.
    case = ET.SubElement(
        suite,
        "testcase",
        {"classname": "edgelint", "name": path, "file": path, "time": f"{result.seconds:.3f}"},
    )
    if not result.diagnostics:
        return
    listing = "\n".join(line(d) for d in result.diagnostics)
    errors = _errors(result.diagnostics)
    if errors:
        message = plural(errors, "error")
        failure = ET.SubElement(case, "failure", {"message": message, "type": "edgelint"})
        failure.text = listing
    else:
        ET.SubElement(case, "system-out").text = listing


def line(diagnostic: Diagnostic) -> str:
    where = f"{diagnostic.start.line}:{diagnostic.start.column}"
    text = f"{where}: {diagnostic.severity.value} {diagnostic.code} {diagnostic.message}"
    return xml_text(text)


def xml_text(text: str) -> str:
    """Controls shown (report/escape.py), and what XML 1.0 cannot carry at all, even escaped,
    dropped: a parser would reject the report."""
    return _FORBIDDEN.sub("", visible(text))


def _errors(diagnostics: list[Diagnostic]) -> int:
    return sum(1 for d in diagnostics if d.severity is Severity.ERROR)


def reporter(view: View) -> Reporter:
    """The junit report (REPORTERS' entry point): one document, made at the end."""
    return Collected(format_results, view)
