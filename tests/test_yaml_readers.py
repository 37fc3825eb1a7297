"""edgelint's model of the deploy path's YAML readers against the real ones, value for value.

The real readers: gopkg.in/yaml.v2 2.4.0 (Debian's golang-gopkg-yaml.v2-dev, built with
Debian's golang-go into tests/conformance/yamlv2, which decodes, re-marshals and uploads as
iofogctl does) and js-yaml 3.14.1 / 4.1.1 from npm (tests/conformance/jsyaml.js). For every
generated scalar (tests/conformance/yaml_readers.py) as a plain, quoted and key value, and for
every corpus file: what yaml.v2 decodes, what the Controller's js-yaml then reads from the text
the CLI uploads, and what js-yaml reads from a direct upload must be what edgelint's loader
holds under each target. Then `edgelint render`'s output must come through both readers as the
values rendered. .ci/run installs Go; elsewhere the test says why it skips.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import CORPUS, REPO, npm_harness, run_cli
from edgelint.load.loader import load
from edgelint.load.readers import (
    CONTROLLER_3_0,
    CONTROLLER_3_7,
    IOFOGCTL_3,
    POTCTL,
    JSDate,
    Reader,
    needs_quotes,
)
from edgelint.load.resolvers import yamlv2_plain
from edgelint.load.source import SourceFile
from edgelint.render.jsvalues import number_to_string

CONFORMANCE = REPO / "tests" / "conformance"
sys.path.insert(0, str(CONFORMANCE))  # tests/conformance/yaml_readers.py, beside the harness
import yaml_readers  # noqa: E402

CHAINS: list[tuple[Reader, str, bool]] = [
    (IOFOGCTL_3, "js-yaml-3", True),
    (POTCTL, "js-yaml-4", True),
    (CONTROLLER_3_0, "js-yaml-3", False),
    (CONTROLLER_3_7, "js-yaml-4", False),
]


@pytest.fixture(scope="session")
def decoder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    npm_harness("js-yaml 3.14.1 and 4.1.1")
    binary = yaml_readers.build_decoder(tmp_path_factory.mktemp("yamlv2"))
    if binary is None:
        pytest.skip(
            "Go and gopkg.in/yaml.v2 are not installed (apt-get install golang-go "
            "golang-gopkg-yaml.v2-dev; .ci/run does)"
        )
    return binary


def go_typed(value: Any) -> Any:
    """edgelint's yaml.v2 model, in the decoder's typed JSON."""
    if value is None:
        return {"null": True}
    if isinstance(value, bool):
        return {"bool": value}
    if isinstance(value, int):
        return {"int": str(value)}
    if isinstance(value, float):
        return {"float": "nan" if math.isnan(value) else value}
    if isinstance(value, str):
        return {"str": value}
    if isinstance(value, list):
        return {"seq": [go_typed(x) for x in value]}
    pairs = [[go_typed(k), go_typed(v)] for k, v in value.items()]
    return {"map": sorted(pairs, key=lambda p: json.dumps(p[0]))}


def go_normal(typed: Any) -> Any:
    if "float" in typed:
        text = typed["float"]
        value = {"inf": math.inf, "-inf": -math.inf}.get(text)
        return {"float": "nan" if text == "nan" else value if value is not None else float(text)}
    if "seq" in typed:
        return {"seq": [go_normal(x) for x in typed["seq"]]}
    if "map" in typed:
        pairs = [[go_normal(k), go_normal(v)] for k, v in typed["map"]]
        return {"map": sorted(pairs, key=lambda p: json.dumps(p[0]))}
    return typed


def js_typed(value: Any) -> Any:
    """What the Controller holds, in jsyaml.js's typed JSON."""
    if value is None:
        return {"null": True}
    if isinstance(value, bool):
        return {"bool": value}
    if isinstance(value, JSDate):
        return {"date": str(value)}
    if isinstance(value, (int, float)):
        if isinstance(value, float) and math.isnan(value):
            return {"num": "nan"}
        if math.isinf(value):
            return {"num": "inf" if value > 0 else "-inf"}
        return {"num": number_to_string(value)}
    if isinstance(value, str):
        return {"str": value}
    if isinstance(value, list):
        return {"seq": [js_typed(x) for x in value]}
    return {"map": sorted([[{"str": k}, js_typed(v)] for k, v in value.items()], key=str)}


def js_normal(typed: Any) -> Any:
    if "seq" in typed:
        return {"seq": [js_normal(x) for x in typed["seq"]]}
    if "map" in typed:
        return {"map": sorted([[k, js_normal(v)] for k, v in typed["map"]], key=str)}
    return typed


def model_v2(text: str) -> Any:
    """yaml.v2's decoding as edgelint models it: the loader's nodes, each scalar resolved by
    readers.yamlv2_plain (quoted ones are strings)."""
    loaded = load(SourceFile(path="x.yaml", raw=b"", text=text))
    (document,) = loaded.documents

    def value(node: Any) -> Any:
        node = node.target
        if hasattr(node, "items"):
            return [value(item) for item in node.items]
        if hasattr(node, "pairs"):
            return {value(k): value(v) for k, v in node.pairs}
        return yamlv2_plain(node.value) if node.plain else node.value

    return value(document.root)


def model_final(text: str, reader: Reader) -> Any:
    loaded = load(SourceFile(path="x.yaml", raw=b"", text=text), reader)
    assert not loaded.diagnostics, loaded.diagnostics
    (document,) = loaded.documents
    return document.data


def compare(texts: list[str], decoder: Path) -> list[str]:
    """Every disagreement between edgelint's models and the real readers, as lines."""
    wrong: list[str] = []
    uploads = [yaml_readers.yamlv2(decoder, text) for text in texts]
    asks: list[tuple[str, str]] = []
    for text, upload in zip(texts, uploads, strict=True):
        assert "error" not in upload, (text, upload)
        real, ours = go_normal(upload["decoded"]), go_normal(go_typed(model_v2(text)))
        if json.dumps(real, sort_keys=True) != json.dumps(ours, sort_keys=True):
            wrong.append(f"yaml.v2 {text!r}: real {real}, edgelint {ours}")
        for _, js, through_cli in CHAINS:
            asks.append((js, upload["sent"] if through_cli else text))
    answers = iter(yaml_readers.jsyaml(asks))
    for text in texts:
        for reader, _, _ in CHAINS:
            answer = next(answers)
            assert "error" not in answer, (text, reader.name, answer)
            real = js_normal(answer["value"])
            ours = js_normal(js_typed(model_final(text, reader)))
            if json.dumps(real, sort_keys=True) != json.dumps(ours, sort_keys=True):
                wrong.append(f"{reader.name} {text!r}: real {real}, edgelint {ours}")
    return wrong


@pytest.mark.slow
def test_generated_scalars_read_as_the_real_readers_read_them(decoder: Path) -> None:
    texts = yaml_readers.documents()
    assert len(texts) > 500
    assert compare(texts, decoder) == []


def spec_documents() -> list[str]:
    """The Application, Microservice and ApplicationTemplate documents of the corpus: the
    kinds whose spec the CLIs pass on as YAML 1.1 data."""
    found = []
    for path in sorted(CORPUS.glob("*.yaml")):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        loaded = load(SourceFile(path=str(path), raw=b"", text=text))
        if loaded.failed or any(d.code == "EL002" for d in loaded.diagnostics):
            continue
        for document in loaded.documents:
            data = document.data
            if isinstance(data, dict) and data.get("kind") in (
                "Application",
                "Microservice",
                "ApplicationTemplate",
            ):
                found.append(text[document.start : document.end].removeprefix("---\n"))
    return found


@pytest.mark.slow
def test_corpus_specs_read_as_the_real_readers_read_them(decoder: Path) -> None:
    texts = spec_documents()
    assert len(texts) >= 20
    # The whole documents: the header fields are Go strings to the CLI, the spec YAML 1.1.
    wrong = []
    for text in texts:
        upload = yaml_readers.yamlv2(decoder, text)
        assert "error" not in upload, upload
        for reader, js, _ in CHAINS[:2]:
            (answer,) = yaml_readers.jsyaml([(js, upload["sent"])])
            real = js_normal(answer["value"])
            ours = js_normal(js_typed(model_final(text, reader)))
            if json.dumps(real, sort_keys=True) != json.dumps(ours, sort_keys=True):
                wrong.append(f"{reader.name}: {text[:60]!r}…")
    assert wrong == []


def _env(typed: Any) -> Any:
    """The env list of the first microservice, out of a typed js-yaml reading."""

    def field(mapping: Any, name: str) -> Any:
        return next(v for k, v in mapping["map"] if k["str"] == name)

    microservice = field(field(typed, "spec"), "microservices")["seq"][0]
    return field(field(microservice, "container"), "env")


@pytest.mark.parametrize(
    ("target", "reader"), [("iofog-3", IOFOGCTL_3), ("controller-3.0", CONTROLLER_3_0)]
)
@pytest.mark.slow
def test_render_output_reads_as_rendered_through_both_readers(
    decoder: Path, tmp_path: Path, target: str, reader: Reader
) -> None:
    """Every string some reader would take for another type, quoted in an application: what
    `render` prints must give the values the Controller holds (edgelint's model, checked above)
    to yaml.v2 then js-yaml (iofogctl), and to js-yaml alone (a direct upload)."""
    values = [s for s in yaml_readers.SCALARS if s and needs_quotes(s) and "'" not in s]
    env = "".join(
        f"          - key: K{i}\n            value: '{v}'\n" for i, v in enumerate(values)
    )
    text = (
        "apiVersion: iofog.org/v3\nkind: Application\nmetadata:\n  name: quoting\nspec:\n"
        "  microservices:\n    - name: m\n      agent:\n        name: edge-1\n"
        "      images:\n        x86: nginx\n        registry: 1\n      container:\n"
        "        env:\n" + env
    )
    source = tmp_path / "app.yaml"
    source.write_text(text, encoding="utf-8")
    done = run_cli("render", str(source), "--target", target)
    assert done.returncode == 0, done.stderr
    rendered = done.stdout.decode()
    if reader.cli is not None:
        upload = yaml_readers.yamlv2(decoder, rendered)
        (answer,) = yaml_readers.jsyaml([("js-yaml-3", upload["sent"])])
    else:
        (answer,) = yaml_readers.jsyaml([("js-yaml-3", rendered)])
    held = js_typed(model_final(text, reader))
    assert js_normal(_env(answer["value"])) == js_normal(_env(held))


@pytest.mark.slow
def test_the_recorded_upload_is_what_yaml_v2_makes_of_the_fixture(decoder: Path) -> None:
    """tests/fixtures/rules/EL003/iofogctl.sent.yml, which the real Controller was given
    (test_oracle.py replays its answer), is exactly what iofogctl's yaml.v2 uploads."""
    fixtures = REPO / "tests" / "fixtures" / "rules" / "EL003"
    (upload,) = yaml_readers.yamlv2_file(decoder, (fixtures / "iofogctl.yaml").read_text())
    assert upload["sent"] == (fixtures / "iofogctl.sent.yml").read_text()
