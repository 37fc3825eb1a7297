"""Rules about the file as YAML text: the loader finds them; this module documents them."""

from __future__ import annotations

from edgelint.diagnostics import Severity
from edgelint.rules.base import Rule

EL001 = Rule(
    code="EL001",
    name="yaml-syntax-error",
    severity=Severity.ERROR,
    summary="The file is not valid YAML.",
    docs="""
    ## What it finds
    Text that a YAML parser cannot read: bad indentation, an unclosed quote or bracket, a tab
    used for indentation, an unquoted Liquid tag (`name: {% assign ... %}`), a literal `...` line
    copied from documentation where something was elided.

    ## Why it matters
    iofogctl, potctl and edgectl parse the whole file before they send anything: a syntax error
    anywhere fails the deploy of every document in the file (`GetExecutorsFromYAML` in
    eclipse-iofog/iofogctl `internal/execute/utils.go`). edgelint reports the exact
    position the parser stopped at; documents before the error are still checked, nothing in the
    file is fixed.

    ## Example
    ```yaml
    agent:
      name: {% assign agent = "" | findAgent | first %}{{ agent.name }}   # EL001: quote it
    ```

    ## Fix
    No automatic fix: edgelint cannot guess what the text was meant to say. Correct it at the
    reported line and column (quote the template, indent with spaces, close the quote or
    bracket); `edgelint fix` does not change the file.
    """,
)

EL002 = Rule(
    code="EL002",
    name="duplicate-key",
    severity=Severity.ERROR,
    summary="A mapping has the same key twice.",
    docs="""
    ## What it finds
    A key written twice in one mapping, for example two `registry:` lines under `images:`.

    ## Why it matters
    The CLIs decode with `yaml.v2` in strict mode (`dec.SetStrict(true)`), which refuses
    duplicate keys, and YAML libraries disagree on which value wins when they do not refuse
    (ruamel keeps the first, PyYAML and js-yaml the last) — eclipse-iofog/iofogctl
    `internal/execute/utils.go`, `GetExecutorsFromYAML`. The diagnostic points at the second key
    and names the line of the first.

    ## Example
    ```yaml
    images:
      registry: remote
      registry: 3        # EL002 (first at line 2)
    ```

    ## Fix
    No automatic fix: only you know which of the two values was meant. Delete the other key;
    `edgelint fix` does not change either.
    """,
)

EL004 = Rule(
    code="EL004",
    name="input-limit",
    severity=Severity.ERROR,
    summary="The input exceeds a safety limit (alias expansion, nesting depth, size).",
    docs="""
    ## What it finds
    YAML built to exhaust whoever reads it: aliases that expand a few hundred bytes into millions
    of nodes ("billion laughs"), or nesting hundreds of levels deep. Real ioFog files are about
    ten levels deep and use aliases sparingly.

    ## Why it matters
    Parsers keep an alias as a shared reference, but everything after them walks the value once
    per reference: the Controller renders Liquid in every string of the parsed object, depth
    first (`rvaluesVarSubstition` in eclipse-iofog/Controller `src/helpers/template-helper.js`),
    and JSON Schema validation visits every node. A few hundred bytes become minutes of CPU and
    gigabytes of memory. edgelint stops reading the document where a limit is crossed and says
    so, instead of hanging or crashing. Limits: 100 levels of nesting, 100,000 nodes reached
    through aliases.

    ## Example
    ```yaml
    spec:
      a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
      a1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]
      a2: &a2 [*a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1]
      a3: &a3 [*a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2]
      a4: &a4 [*a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3]   # EL004: over 100,000 nodes
    ```

    ## Fix
    No automatic fix: edgelint does not rewrite a document it stopped reading. Write the
    repeated values out, or use fewer aliases and less nesting; `edgelint fix` does not change it.
    """,
)

EL006 = Rule(
    code="EL006",
    name="not-utf8-text",
    severity=Severity.ERROR,
    summary="The file is binary or not UTF-8 text.",
    docs="""
    ## What it finds
    Files with NUL bytes (binaries, UTF-16 files) or bytes that are not valid UTF-8 (a file saved
    as Latin-1 or Windows-1252), located at the first offending byte.

    ## Why it matters
    iofogctl and potctl decode with go-yaml (eclipse-iofog/iofogctl
    `internal/execute/utils.go`), which refuses invalid UTF-8 ("invalid leading UTF-8 octet"),
    and the Controller parses the text it is sent as UTF-8 (`req.file.buffer.toString()` in
    eclipse-iofog/Controller `src/controllers/application-controller.js`), so an `é` saved as
    Latin-1 fails the deploy or arrives as a replacement character. edgelint reads UTF-8 only
    and never guesses an encoding, because a fix written back in the wrong encoding would damage
    the file. (go-yaml also reads UTF-16 with a byte-order mark; edgelint asks for UTF-8 there
    too.)

    ## Example
    A file saved as UTF-16 (as some Windows editors do) cannot be shown as YAML: it starts with a
    byte-order mark and has a NUL byte after every ASCII character. `xxd app.yaml` shows
    ```text
    00000000: fffe 6100 7000 6900 5600 6500 7200 7300  ..a.p.i.V.e.r.s.
    ```
    and edgelint reports `1:1 EL006 the file is UTF-16; edgelint reads UTF-8 only`. A
    `name: café` saved as Latin-1 is reported at the `é`: byte 0xe9 is not UTF-8.

    ## Fix
    No automatic fix: edgelint never guesses an encoding. Save the file as UTF-8 (in the editor,
    or `iconv -f UTF-16 -t UTF-8 app.yaml > app-utf8.yaml`); `edgelint fix` does not change it.
    """,
)

BLOCKING = frozenset({"EL001", "EL004", "EL006"})
RULES = (EL001, EL002, EL004, EL006)
