"""python-liquid's lean import (render/liquid_import.py): what a render never runs is not run,
what is used later is the real thing, and a lint gives the same findings either way.

Each case runs in a fresh interpreter: the lean import happens once per process, on the first
`import liquid`, and this test process imported python-liquid long ago.
"""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import FIXTURES
from edgelint.render import liquid_import

# Every fixture of the template rules: a lint that renders (in this process: `--jobs 1`).
TEMPLATED = sorted(str(path) for path in (FIXTURES / "rules").glob("EL4*/*.yaml"))
VALID = ["iofog-3.yaml", "datasance.yaml"]  # no findings under the default target

LINT = """
import json, sys
from edgelint.cli import main
sys.argv = ["edgelint", "lint", "--no-cache", "--jobs", "1", "--format", "json", *{paths!r}]
try:
    main()
except SystemExit as exc:
    code = exc.code
from edgelint.render import liquid_import
WATCHED = ("inspect", "email.utils", "html", "html.parser")
state = {{}}
for name, module in sorted(sys.modules.items()):
    top = name.partition(".")[0]
    if top in liquid_import.DEFERRED or name in liquid_import.SKIPPED or name in WATCHED:
        state[name] = type(module).__name__
sys.stderr.write("\\n" + json.dumps({{"code": code, "modules": state}}))
"""


def _run(program: str) -> tuple[str, str]:
    done = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={"NO_COLOR": "1"},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout, done.stderr


def _lint(prelude: str = "") -> tuple[dict[str, object], dict[str, object]]:
    stdout, stderr = _run(prelude + LINT.format(paths=TEMPLATED))
    said = json.loads(stderr.rpartition("\n")[2])
    return json.loads(stdout), said


def test_a_lint_that_renders_runs_none_of_what_a_render_never_uses() -> None:
    report, said = _lint()
    assert report["summary"]["files"] == len(TEMPLATED)  # type: ignore[index]
    modules = said["modules"]
    assert isinstance(modules, dict)
    # Imported by python-liquid, never run.
    assert modules["asyncio"] == "Deferred"
    assert modules["importlib_resources"] == "Deferred"
    # Only python-liquid's skipped modules import these (its message catalogs, its extra
    # filters, Shopify's filters): not imported at all.
    skipped = ("babel", "pytz", "dateutil", "html")
    assert not [name for name in modules if name.partition(".")[0] in skipped]
    assert not [name for name in modules if name in liquid_import.SKIPPED]


def test_the_findings_are_those_of_an_ordinary_import() -> None:
    lean, lean_said = _lint()
    # python-liquid imported before edgelint: the ordinary import, everything run.
    ordinary, ordinary_said = _lint("import liquid\n")
    assert ordinary_said["modules"]["asyncio"] == "module"  # type: ignore[index]
    assert lean_said["code"] == ordinary_said["code"] == 1
    assert lean["diagnostics"] == ordinary["diagnostics"]
    assert len(lean["diagnostics"]) > 50  # type: ignore[arg-type]


USE_LATER = """
from edgelint.render.engine import Engine
from edgelint.render.filters import STANDARD_FILTERS
assert Engine({}).render("{{ 'a' | upcase }}", {}).value == "A"
import sys
# dataclasses' import of inspect is deferred too (edgelint/__init__.py): used, it is the module.
assert type(sys.modules["inspect"]).__name__ == "Deferred"
import inspect
assert str(inspect.signature(lambda a, b=1: None)) == "(a, b=1)"
assert type(sys.modules["inspect"]).__name__ == "module"
import liquid
from liquid import Environment
# A name python-liquid imports from a skipped module is the real object when it is read.
from liquid import MessageTuple, Translations, extract_from_template
import liquid.messages
assert MessageTuple is liquid.messages.MessageTuple
assert extract_from_template is liquid.messages.extract_from_template
assert type(sys.modules["liquid.messages"]).__name__ == "module"
# The skipped extra tags and filters, babel's among them, work when an environment asks.
assert Environment(extra=True).from_string("{{ 3.5 | currency }}").render() == "$3.50"
import liquid.extra
assert type(sys.modules["liquid.extra"]).__name__ == "module"
# A deferred package runs before any submodule of it can: this imports a submodule first.
assert type(sys.modules["asyncio"]).__name__ == "Deferred"
import asyncio.events
import asyncio
assert asyncio.run(asyncio.sleep(0, "slept")) == "slept"
import dateutil.parser
assert dateutil.parser.parse("2020-01-02").year == 2020
# Shopify's filters, skipped: the real functions when an environment of python-liquid's own
# renders with them, or when they are read.
assert Environment().from_string("{{ '<b>x</b>' | strip_html | upcase }}").render() == "X"
import liquid.builtin
import liquid.builtin.filters.string
assert liquid.builtin.upcase("a") == liquid.builtin.filters.string.upcase("a") == "A"
assert liquid.builtin.strip_html.with_environment is True
print("real")
"""


def test_a_clean_commit_runs_no_inspect() -> None:
    """A commit of valid files: dataclasses' inspect stays deferred (an invalid document's
    details import jsonschema, which uses it)."""
    paths = [str(FIXTURES / "rules" / "valid" / name) for name in VALID]
    stdout, stderr = _run(LINT.format(paths=paths))
    said = json.loads(stderr.rpartition("\n")[2])
    assert json.loads(stdout)["summary"]["files"] == len(VALID)
    assert said["code"] == 0
    assert said["modules"]["inspect"] == "Deferred"
    # jsonschema-rs checked both files without importing the e-mail package for its build time
    # (platform/jsonschema_rs_import.py).
    assert "email.utils" not in said["modules"]


def test_what_was_deferred_is_the_real_thing_when_used() -> None:
    stdout, _ = _run(USE_LATER)
    assert stdout.strip() == "real"


def test_an_interpreter_that_imported_python_liquid_first_is_left_alone() -> None:
    import liquid  # noqa: F401

    from edgelint.render import liquid_import

    liquid_import.install()
    assert not [finder for finder in sys.meta_path if type(finder).__name__ == "_LeanLiquid"]


def test_the_property_pattern_matches_what_python_liquids_matches_at_every_code_point() -> None:
    """PROPERTY_COMPLEMENT stands in for python-liquid's RE_PROPERTY: the same verdict for each
    code point as a name's first character and as a later one."""
    import re

    from edgelint.render.liquid_import import PROPERTY, PROPERTY_COMPLEMENT

    # re.UNICODE is what a str pattern means anyway; as a flag it keys its own cache entry, so
    # this compiles python-liquid's spelling for real, whatever the cache holds for it.
    theirs = re.compile(PROPERTY, re.UNICODE)
    ours = re.compile(PROPERTY_COMPLEMENT)
    assert theirs.pattern == PROPERTY and ours.pattern == PROPERTY_COMPLEMENT
    disagree = [
        hex(point)
        for point in range(sys.maxunicode + 1)
        for text in (chr(point), "a" + chr(point))
        if bool(theirs.fullmatch(text)) != bool(ours.fullmatch(text))
    ]
    assert disagree == []
    said = {name: bool(ours.fullmatch(name)) for name in ("a", "_x-1", "ü", "1a", "-a", "a.b", "")}
    assert said == {"a": True, "_x-1": True, "ü": True, "1a": False, "-a": False, "a.b": False,
                    "": False}  # fmt: skip


SEEDED = """
import re
from edgelint.render.engine import Engine
from edgelint.render.liquid_import import PROPERTY_COMPLEMENT
assert Engine({}).render("{{ self.a.b }}", {"self": {"a": {"b": 3}}}).value == 3
import liquid.context, liquid.static_analysis
from liquid.builtin.expressions import path
patterns = {m.RE_PROPERTY.pattern for m in (liquid.context, liquid.static_analysis, path)}
print(patterns == {PROPERTY_COMPLEMENT})
"""


def test_python_liquid_gets_the_cheap_property_pattern() -> None:
    """The seeding took: each of python-liquid's three compilations of its pattern got ours (a
    python-liquid that spells it differently compiles its own, and this says so)."""
    stdout, _ = _run(SEEDED)
    assert stdout.strip() == "True"
