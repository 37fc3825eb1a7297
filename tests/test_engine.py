"""Text without Liquid markup never enters python-liquid, and comes out as python-liquid (and
liquidjs, whose single content token it is) would give it: the same value, no failure."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPUS, FIXTURES
from edgelint.render.cluster import ClusterSnapshot
from edgelint.render.engine import MAX_TEMPLATE_LENGTH, Engine
from edgelint.render.lookups import Lookups


def _engine() -> Engine:
    lookups = Lookups(ClusterSnapshot(origin="test", agents=[], applications=[], edge_resources=[]))
    lookups.begin_document()
    return Engine(lookups.filters())


def _plain_lines() -> list[str]:
    lines = {
        line
        for root in (CORPUS, FIXTURES)
        for path in root.rglob("*.yaml")
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
    }
    return sorted(line for line in lines if "{{" not in line and "{%" not in line)


def test_every_plain_line_of_the_corpus_and_fixtures_renders_as_it_is_either_way() -> None:
    engine = _engine()
    lines = [*_plain_lines(), "", " ", "}}", "%}", "{ {", "%{", "-}}", "a { b } c"]
    for line in lines:
        fast = engine.render(line, {})
        assert fast.value == line and fast.failure is None
        assert engine._render(line, {}, None) == fast, line  # python-liquid's answer


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("{}%-ab \n\t'\"|.é😀"), max_size=40))
def test_text_without_markup_is_its_own_render(text: str) -> None:
    if "{{" in text or "{%" in text:
        return
    engine = _engine()
    assert engine.render(text, {}) == engine._render(text, {}, None)


def test_over_the_length_limit_plain_text_still_fails_as_too_long() -> None:
    long = "x" * (MAX_TEMPLATE_LENGTH + 1)
    rendered = _engine().render(long, {})
    assert rendered.failure is not None and rendered.failure.kind == "limit"
