"""`edgelint render`: the documents as the Controller would store them, as YAML on stdout.

Application and Microservice documents get their templates' results in place of the templates
(undefined ones removed); every microservice registry becomes the ID the Controller resolves it
to. ApplicationTemplate documents stay templates (the Controller renders them per deployment)
with canonical registries. Other documents pass through as they were.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from edgelint.platform.kinds import microservices
from edgelint.platform.registries import controller_registry_id, is_valid_id

if TYPE_CHECKING:
    from edgelint.rules.context import DocumentContext
    from edgelint.run.results import FileResult


def rendered_documents(result: FileResult, *, mask: bool = True) -> tuple[list[Any], int]:
    """The documents, and how many credentials were replaced by `***` (with ``mask``)."""
    from edgelint.rules.semantics import secret_paths

    documents = []
    hidden = 0
    for ctx in result.contexts:
        data = _document(ctx)
        if data is None:
            continue
        if mask:
            for path in secret_paths(ctx):
                hidden += _hide(data, path)
        documents.append(data)
    return documents, hidden


def _hide(data: Any, path: tuple[Any, ...]) -> int:
    for part in path[:-1]:
        if not isinstance(data, dict) or part not in data:
            return 0
        data = data[part]
    if isinstance(data, dict) and path[-1] in data:
        data[path[-1]] = "***"
        return 1
    return 0


def _document(ctx: DocumentContext) -> Any:
    """A deployment (`spec.template`) prints the application it deploys: what the Controller
    holds for it, not the reference."""
    import copy

    deployment = ctx.deployed.deployment if ctx.deployed is not None else None
    if deployment is not None and deployment.application is not None:
        data = copy.deepcopy(deployment.application)
    elif ctx.kind == "ApplicationTemplate" or not ctx.kind:
        data = copy.deepcopy(ctx.document.data)
    else:
        data = copy.deepcopy(ctx.data)
    if ctx.kind:
        for _, microservice in microservices(ctx.kind, data):
            images = microservice.get("images")
            if isinstance(images, dict) and "registry" in images:
                number = controller_registry_id(images["registry"])
                if is_valid_id(number) and number > 0:
                    images["registry"] = int(number)
    return data


def to_yaml(documents: list[Any]) -> str:
    """YAML that iofogctl's yaml.v2, potctl's, the Controller's js-yaml and any YAML 1.2
    reader read as these values: a string any of them would read as something else is quoted
    (`"yes"`, `"0777"`, `"1:20"`), numbers stay numbers, a date js-yaml made stays a date."""
    from ruamel.yaml import YAML

    from edgelint.javascript import JSDate
    from edgelint.load.readers import needs_quotes, plain_date

    def string(representer: Any, value: str) -> Any:
        style = '"' if needs_quotes(value) else None
        return representer.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    def date(representer: Any, value: JSDate) -> Any:
        if value == "Invalid Date":
            return representer.represent_scalar("tag:yaml.org,2002:null", "null")
        return representer.represent_scalar("tag:yaml.org,2002:timestamp", plain_date(value))

    yaml: Any = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False  # keep the order the file had
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.representer.add_representer(str, string)  # after the settings: this builds it
    yaml.representer.add_representer(JSDate, date)
    stream = io.StringIO()
    yaml.explicit_start = True
    yaml.dump_all(documents, stream)
    return stream.getvalue()


def used_stand_ins(result: FileResult) -> bool:
    """Whether a lookup ran against stand-ins: the output would hold invented values."""
    import re

    lookup = re.compile(r"\|\s*find(Agent|Application|EdgeResource|MicroserviceAgent)\b")
    for ctx in result.contexts:
        if ctx.render is None or not ctx.settings.cluster.stand_ins:
            continue
        if ctx.kind == "ApplicationTemplate":
            continue
        if any(lookup.search(r.template) for r in ctx.render.renders):
            return True
    return False


def missing_templates(result: FileResult) -> list[str]:
    """Templates that deployments of the file name and edgelint cannot see."""
    return [
        ctx.deployed.deployment.name
        for ctx in result.contexts
        if ctx.deployed is not None
        and ctx.deployed.deployment is not None
        and ctx.deployed.deployment.application is None
    ]


def lost_strings(result: FileResult, documents: list[Any]) -> list[str]:
    """Strings of the output that the target's CLI will turn into dates or numbers however they
    are quoted (yaml.v2 writes them back unquoted): said on stderr, not hidden."""
    from edgelint.load.readers import lost_string
    from edgelint.platform.targets import get_target

    if not result.contexts:
        return []
    settings = result.contexts[0].settings
    target = get_target(result.detected_target) if result.detected_target else settings.target
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(key)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str) and lost_string(value, target.reader) and value not in found:
            found.append(value)

    walk(documents)
    return found
