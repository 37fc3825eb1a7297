"""Who `edgelint snapshot` logs in as, and where: the environment, else the iofogctl or potctl
configuration the user already has. Never a command-line argument, which `ps` shows.

iofogctl 3.x and potctl keep one file per namespace in `~/.iofog/v3/namespaces/<ns>.yaml`,
the default namespace in `~/.iofog/v3/config.yaml` (`spec.defaultNamespace`), with the
Controller's endpoint in the namespace's control plane and the user as `iofogUser` with a
base64 password (eclipse-iofog/iofogctl `internal/config/config.go`, `internal/resource/
types.go` `GetRawPassword`; Datasance/potctl writes the same files as `potctl/v3`). Nothing is
ever written there; no value read from it is ever printed.
"""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from edgelint.snapshot.collect import Credentials

EMAIL = "EDGELINT_CONTROLLER_EMAIL"
PASSWORD = "EDGELINT_CONTROLLER_PASSWORD"
TOKEN = "EDGELINT_CONTROLLER_TOKEN"
CONFIG_VERSIONS = ("iofogctl/v3", "potctl/v3")
MAX_CONFIG_BYTES = 1024 * 1024


class CredentialsError(Exception):
    """No way to log in, or a configuration that cannot be read: a usage error."""


def from_environment(env: Mapping[str, str]) -> Credentials | None:
    token = env.get(TOKEN, "").strip()
    if token:
        return Credentials(origin=f"${TOKEN}", token=token)
    email, password = env.get(EMAIL, "").strip(), env.get(PASSWORD, "")
    if email and password:
        return Credentials(origin=f"${EMAIL} and ${PASSWORD}", email=email, password=password)
    if email or password:
        missing = PASSWORD if email else EMAIL
        raise CredentialsError(
            f"${missing} is not set (it goes with ${EMAIL if email else PASSWORD})"
        )
    return None


def cli_directory(env: Mapping[str, str]) -> Path:
    """`~/.iofog/v3`, as both CLIs find it (from $HOME; neither has an override)."""
    home = env.get("HOME") or os.path.expanduser("~")
    return Path(home) / ".iofog" / "v3"


def from_cli_config(directory: Path, namespace: str | None) -> tuple[str | None, Credentials]:
    """The namespace's Controller endpoint (None when it has none) and its user."""
    chosen = namespace or _default_namespace(directory)
    path = directory / "namespaces" / f"{chosen}.yaml"
    spec = _spec(path, "Namespace")
    planes = [spec.get(k) for k in ("k8sControlPlane", "remoteControlPlane", "localControlPlane")]
    plane = next((p for p in planes if isinstance(p, dict)), None)
    if plane is None:
        raise CredentialsError(
            f"{path}: namespace {chosen!r} has no control plane (iofogctl connect or deploy one, "
            f"or set ${EMAIL} and ${PASSWORD} and pass --url)"
        )
    user = plane.get("iofogUser")
    email = user.get("email") if isinstance(user, dict) else None
    password = user.get("password") if isinstance(user, dict) else None
    if not isinstance(email, str) or not isinstance(password, str) or not email or not password:
        raise CredentialsError(
            f"{path}: the control plane has no iofogUser with email and password"
        )
    credentials = Credentials(
        origin=f"{path} (namespace {chosen})", email=email, password=_raw_password(password)
    )
    return _endpoint(plane), credentials


def _default_namespace(directory: Path) -> str:
    path = directory / "config.yaml"
    if not path.exists():
        return "default"
    value = _spec(path, None).get("defaultNamespace")
    return value if isinstance(value, str) and value else "default"


def _spec(path: Path, kind: str | None) -> dict[str, Any]:
    from edgelint.load.loader import load_data
    from edgelint.run.inputs import read_text

    if not path.exists():
        raise CredentialsError(
            f"{path} does not exist: set ${EMAIL} and ${PASSWORD} (or ${TOKEN}), or name an "
            "iofogctl/potctl namespace that exists (--namespace)"
        )
    try:
        data = load_data(read_text(str(path), MAX_CONFIG_BYTES), str(path))
    except (OSError, ValueError) as exc:
        raise CredentialsError(
            f"{path}: cannot be read as iofogctl's configuration ({exc})"
        ) from None
    if not isinstance(data, dict) or data.get("apiVersion") not in CONFIG_VERSIONS:
        raise CredentialsError(
            f"{path}: not an iofogctl or potctl configuration (apiVersion "
            f"{' or '.join(CONFIG_VERSIONS)})"
        )
    if kind is not None and data.get("kind") != kind:
        raise CredentialsError(f"{path}: expected kind {kind}")
    spec = data.get("spec")
    return spec if isinstance(spec, dict) else {}


def _endpoint(plane: dict[str, Any]) -> str | None:
    """k8s and potctl's remote `endpoint`, else the first controller's (iofogctl's
    GetEndpoint order), else a local controller's."""
    if isinstance(plane.get("endpoint"), str) and plane["endpoint"]:
        return str(plane["endpoint"])
    controllers = plane.get("controllers")
    for controller in controllers if isinstance(controllers, list) else []:
        endpoint = controller.get("endpoint") if isinstance(controller, dict) else None
        if isinstance(endpoint, str) and endpoint:
            return endpoint
    local = plane.get("controller")
    if isinstance(local, dict) and isinstance(local.get("endpoint"), str) and local["endpoint"]:
        return str(local["endpoint"])
    return None


def _raw_password(stored: str) -> str:
    """iofogctl's GetRawPassword: base64 if it decodes, else the text as it is."""
    try:
        return base64.b64decode(stored, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return stored
