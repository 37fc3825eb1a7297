"""jsonschema-rs imported without the e-mail package (platform/jsonschema_rs_import.py): the same
module, the same build time, and `email.utils` the real module for whoever imports it later.

The import happens once per process, so the cases that import it run in a fresh interpreter.
"""

from __future__ import annotations

import subprocess
import sys
from email.utils import parsedate_to_datetime as real

import pytest

from edgelint.platform.jsonschema_rs_import import parsedate_to_datetime as ours

FRESH = """
import sys
from edgelint.platform.jsonschema_rs_import import import_jsonschema_rs
module = import_jsonschema_rs()
built = module.jsonschema_rs.__build__["info-time"]
print("email.utils" in sys.modules)
import email.utils
print(email.utils.__file__ is not None and hasattr(email.utils, "formataddr"))
again = email.utils.parsedate_to_datetime(email.utils.format_datetime(built))
print(again == built and again.tzinfo == built.tzinfo and type(built).__name__ == "datetime")
print(module.Draft202012Validator({"type": "string"}).is_valid("a"))
"""


def test_a_fresh_process_imports_jsonschema_rs_without_the_email_package() -> None:
    done = subprocess.run(
        [sys.executable, "-c", FRESH], capture_output=True, text=True, check=True, timeout=60
    )
    # Not imported by jsonschema-rs; the real module when asked for; the same build time.
    assert done.stdout.split() == ["False", "True", "True", "True"], done.stderr


@pytest.mark.parametrize(
    "text",
    [
        "Thu, 12 Nov 2026 07:50:16 +0000",
        "Mon, 1 Jan 2024 00:00:00 +0000",
        "Sun, 29 Feb 2032 23:59:59 +0000",
    ],
)
def test_the_stand_in_parses_the_build_time_as_email_utils_does(text: str) -> None:
    mine, theirs = ours(text), real(text)
    assert (mine, mine.tzinfo, mine.utcoffset()) == (theirs, theirs.tzinfo, theirs.utcoffset())


@pytest.mark.parametrize(
    "text",
    [
        "Thu, 12 Nov 2026 07:50:16 -0000",  # -0000: no zone known, a naive datetime
        "Thu, 12 Nov 2026 07:50:16 -0500",
        "12 Nov 2026 07:50:16 GMT",
        "Thu, 12 Nov 26 07:50 +0100",
    ],
)
def test_any_other_date_goes_to_the_real_function(text: str) -> None:
    mine, theirs = ours(text), real(text)
    assert (mine, mine.tzinfo) == (theirs, theirs.tzinfo)


def test_what_the_real_function_refuses_is_refused() -> None:
    with pytest.raises(ValueError):
        real("not a date")
    with pytest.raises(ValueError):
        ours("not a date")
