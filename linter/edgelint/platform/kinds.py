"""What ioFog resources look like: their kinds, their apiVersion groups, where microservices sit.

Sources: the kinds each CLI deploys (eclipse-iofog/iofogctl `internal/config/types.go` for 3.x,
Datasance/potctl's for 1.6, iofogctl 3.9's), and where the Controller reads microservices from
(`parseAppFile` and `parseAppTemplateFile` in eclipse-iofog/Controller
`src/services/yaml-parser-service.js`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from edgelint.load.nodes import PathPart

API_GROUPS = frozenset({"iofog.org", "datasance.com"})

# What each CLI deploys (iofogctl 3.x `internal/config/types.go`, potctl 1.6).
IOFOGCTL_3_KINDS = frozenset(
    {
        "ControlPlane",
        "KubernetesControlPlane",
        "LocalControlPlane",
        "Controller",
        "LocalController",
        "KubernetesController",
        "Agent",
        "LocalAgent",
        "AgentConfig",
        "EdgeResource",
        "Registry",
        "Volume",
        "CatalogItem",
        "Application",
        "ApplicationTemplate",
        "Microservice",
        "Route",
    }
)
# Application templates and edge resources came with iofogctl 3.0 [inference: neither kind is in
# the 2.x documentation nor in go-sdk 2.0].
IOFOGCTL_2_KINDS = IOFOGCTL_3_KINDS - {"ApplicationTemplate", "EdgeResource"}
POTCTL_KINDS = (IOFOGCTL_3_KINDS - {"Route"}) | {
    "Secret",
    "ConfigMap",
    "Service",
    "VolumeMount",
    "OfflineImage",
    "Certificate",
    "CertificateAuthority",
    "Role",
    "RoleBinding",
    "ServiceAccount",
    "NatsAccountRule",
    "NatsUserRule",
}

# Kinds that potctl and iofogctl 3.9 share with Kubernetes: ours only under an ioFog apiVersion.
SHARED_KINDS = frozenset(
    {
        "Secret",
        "ConfigMap",
        "Service",
        "Certificate",
        "CertificateAuthority",
        "Role",
        "RoleBinding",
        "ServiceAccount",
        "Model",
        "Knowledge",
        "RuntimeClass",
    }
)
# Kinds no other ecosystem uses: a document with one of these and no apiVersion is still ours
# (iofogctl 3.9 adds MicroserviceTemplate; iofogctl 1.x had Connector).
IOFOG_ONLY_KINDS = (
    IOFOGCTL_3_KINDS | POTCTL_KINDS | {"MicroserviceTemplate", "Connector"}
) - SHARED_KINDS
KINDS = IOFOG_ONLY_KINDS | SHARED_KINDS


def api_group(api_version: Any) -> str | None:
    if not isinstance(api_version, str) or "/" not in api_version:
        return None
    return api_version.split("/", 1)[0]


def microservices(kind: str, data: Any) -> Iterator[tuple[tuple[PathPart, ...], dict[str, Any]]]:
    """Each microservice mapping of a document, with its data path.

    An ApplicationTemplate's embedded application is parsed (registries resolved) at upload time,
    before any variable is known (`parseAppTemplateFile`), so its microservices count too.
    """
    if not isinstance(data, dict):
        return
    spec = data.get("spec")
    if not isinstance(spec, dict):
        return
    if kind == "Microservice":
        yield ("spec",), spec
        return
    if kind == "Application":
        base: tuple[PathPart, ...] = ("spec",)
        application: Any = spec
    elif kind == "ApplicationTemplate":
        base = ("spec", "application")
        application = spec.get("application")
    else:
        return
    if not isinstance(application, dict):
        return
    items = application.get("microservices")
    if not isinstance(items, list):
        return
    for index, item in enumerate(items):
        if isinstance(item, dict):
            yield (*base, "microservices", index), item


def application_name(data: Any) -> str | None:
    """The name an Application document creates: the Controller's parser builds
    `{name: metadata.name, ...spec}` (`parseAppFile`), so a `spec.name` wins."""
    if not isinstance(data, dict):
        return None
    spec = data.get("spec")
    metadata = data.get("metadata")
    if isinstance(spec, dict) and "name" in spec:
        name = spec["name"]
    else:
        name = metadata.get("name") if isinstance(metadata, dict) else None
    return name if isinstance(name, str) else None


def entries(container: Any, key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """The mappings of a list field (`ports`, `env`, `volumes`, `routes`), with their indexes;
    whatever is not a list of mappings is the schema's to report."""
    items = container.get(key) if isinstance(container, dict) else None
    for index, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict):
            yield index, item
