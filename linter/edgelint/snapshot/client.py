"""The Controller's REST API, spoken as iofogctl and potctl speak it, with every failure a
sentence.

An endpoint without a scheme or port gets iofogctl's defaults (`http`, 51121) and an empty path
gets `/api/v3` (`GetControllerEndpoint` and `GetBaseURL`, eclipse-iofog/iofogctl
`pkg/util/url.go`). The eclipse Controller 3.0 takes the token as the whole `Authorization`
header (`checkAuthToken`, eclipse-iofog/Controller `src/decorators/authorization-decorator.js`;
iofog-go-sdk `pkg/client/client.go` sends it so), the Datasance Controller as
`Bearer <token>` (its Keycloak middleware); neither takes the other's. A call without the header
is a 500 on the eclipse Controller, never sent here.

Connection failures are retried with backoff (the request never reached the Controller); a
GET is also retried once on a dropped or timed-out answer, and on a 502/503/504. Answers are
bounded in size and must be JSON: an HTML page (a proxy's, a UI's) or garbage is reported, not
parsed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit, urlunsplit

if TYPE_CHECKING:
    import urllib3

DEFAULT_PORT = 51121  # iofogctl's, when an endpoint has none
MAX_ANSWER_BYTES = 64 * 1024 * 1024


class ControllerError(Exception):
    """What went wrong talking to the Controller, in a sentence: exit 2, nothing written."""


@dataclass(frozen=True)
class Connection:
    """How to reach one Controller: its API base and the TLS settings the user chose."""

    url: str  # as given, for messages
    base: str  # scheme://host:port/api/v3
    cacert: str | None = None
    insecure: bool = False
    timeout: float = 30.0
    retries: int = 3


def api_base(url: str) -> str:
    """The API's base URL for an endpoint as users write it (`10.0.0.5`, `host:51121`,
    `https://controller.example/api/v3`), as iofogctl completes it."""
    given = url.strip()
    if "://" not in given:
        given = "http://" + given
    parts = urlsplit(given)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ControllerError(
            f"{url!r} is not a Controller URL (http://HOST:51121 or https://HOST)"
        )
    netloc = parts.netloc
    if parts.port is None and parts.scheme == "http":
        netloc = f"{netloc}:{DEFAULT_PORT}"
    path = parts.path.rstrip("/") or "/api/v3"
    return urlunsplit((parts.scheme, netloc, path, "", ""))


class Controller:
    """One Controller, one connection pool; `token` is set by `login` or given."""

    def __init__(self, connection: Connection, *, bearer: bool = False) -> None:
        import urllib3

        self.connection = connection
        self.bearer = bearer
        self.token: str | None = None
        retry = urllib3.Retry(
            total=connection.retries,
            connect=connection.retries,
            read=1,  # GET only (urllib3 retries reads of idempotent methods); a hung one once
            status=connection.retries,
            status_forcelist=(502, 503, 504),
            redirect=3,
            other=0,
            backoff_factor=0.5,
            raise_on_status=False,
            raise_on_redirect=False,
        )
        timeout = urllib3.Timeout(connect=connection.timeout, read=connection.timeout)
        if connection.insecure:
            urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
            self.pool: urllib3.PoolManager = urllib3.PoolManager(
                retries=retry, timeout=timeout, cert_reqs="CERT_NONE"
            )
        else:
            self.pool = urllib3.PoolManager(
                retries=retry,
                timeout=timeout,
                cert_reqs="CERT_REQUIRED",
                ca_certs=connection.cacert,
            )

    def status(self) -> dict[str, Any]:
        """`GET /status`: no login needed; it tells the version before anything else is read."""
        answer = self._call("GET", "/status", auth=False)
        if not isinstance(answer, dict) or not isinstance(answer.get("versions"), dict):
            raise ControllerError(
                f"{self.connection.url} answered /api/v3/status without `versions`: it does not "
                "look like an ioFog Controller"
            )
        return answer

    def login(self, email: str, password: str, origin: str) -> str:
        """Log in; ``origin`` says where the e-mail and password came from, for a refusal."""
        answer = self._call("POST", "/user/login", body={"email": email, "password": password},
                            auth=False, login_of=(email, origin))  # fmt: skip
        token = answer.get("accessToken") if isinstance(answer, dict) else None
        if not isinstance(token, str) or not token:
            raise ControllerError(
                f"{self.connection.url} accepted the login of {email} but sent no access token"
            )
        if isinstance(answer, dict) and "refreshToken" in answer:
            self.bearer = True  # a Keycloak login (Datasance): its token goes as Bearer
        self.token = token
        return token

    def get(self, path: str, *parts: str) -> Any:
        """`GET path/part/...`, each part quoted (names come from the Controller's own data)."""
        tail = "".join("/" + quote(p, safe="") for p in parts)
        return self._call("GET", path + tail)

    def _call(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        auth: bool = True,
        login_of: tuple[str, str] | None = None,
    ) -> Any:
        import urllib3

        headers = {"Accept": "application/json"}
        if auth:
            if self.token is None:
                raise ControllerError("not logged in")  # a bug: every caller logs in first
            headers["Authorization"] = f"Bearer {self.token}" if self.bearer else self.token
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        where = self.connection.base + path
        try:
            response = self.pool.request(
                method, where, body=data, headers=headers, preload_content=False
            )
        except urllib3.exceptions.MaxRetryError as exc:
            raise ControllerError(self._unreachable(exc.reason)) from None
        except urllib3.exceptions.HTTPError as exc:
            raise ControllerError(self._unreachable(exc)) from None
        try:
            raw = _bounded(response, where)
        finally:
            response.release_conn()
        return self._answer(response.status, response.headers.get("Content-Type", ""), raw,
                            path, login_of)  # fmt: skip

    def _answer(
        self, status: int, kind: str, raw: bytes, path: str, login_of: tuple[str, str] | None
    ) -> Any:
        shown = f"{self.connection.base}{path}"
        try:
            answer = json.loads(raw.decode("utf-8")) if raw else None
        except (UnicodeDecodeError, ValueError):
            what = "an HTML page" if b"<html" in raw[:512].lower() else f"{len(raw)} bytes"
            raise ControllerError(
                f"{shown} answered HTTP {status} with {what} ({kind or 'no Content-Type'}), not "
                f"the Controller's JSON: is {self.connection.url} the Controller's API (by "
                f"default on port {DEFAULT_PORT})?"
            ) from None
        if 200 <= status < 300:
            return answer
        message = _message(answer)
        if login_of is not None and status in (400, 401):
            email, origin = login_of
            raise ControllerError(
                f"the Controller refused the login of {email}: {message} (the e-mail and "
                f"password of {origin})"
            )
        if status == 401:
            raise ControllerError(
                f"the Controller refused the access token: {message}; log in again (unset "
                "EDGELINT_CONTROLLER_TOKEN and set EDGELINT_CONTROLLER_EMAIL and "
                "EDGELINT_CONTROLLER_PASSWORD), or set a fresh token"
            )
        raise ControllerError(f"{shown} answered HTTP {status}: {message}")

    def _unreachable(self, reason: object) -> str:
        import urllib3

        url = self.connection.url
        if isinstance(reason, urllib3.exceptions.SSLError):
            return (
                f"TLS with {url} failed ({_short(reason)}): pass --cacert FILE with the CA that "
                "signed the Controller's certificate, or --insecure to skip the check"
            )
        # NameResolutionError is a NewConnectionError, which is a ConnectTimeoutError: in order.
        if isinstance(reason, urllib3.exceptions.NameResolutionError):
            host = urlsplit(self.connection.base).hostname
            return f"cannot find the host {host} of {url}: no such name"
        if isinstance(reason, urllib3.exceptions.NewConnectionError):
            why = str(reason).rsplit("new connection: ", 1)[-1]
            why = re.sub(r"^\[Errno -?\d+\] ", "", why).lower()
            return (
                f"cannot connect to {self.connection.base.rsplit('/api/', 1)[0]} ({_short(why)})"
                f" after {self.connection.retries + 1} tries: is the Controller running there?"
            )
        if isinstance(reason, (urllib3.exceptions.ConnectTimeoutError,
                               urllib3.exceptions.ReadTimeoutError)):  # fmt: skip
            return f"no answer from {url} within {self.connection.timeout:g} s (--timeout)"
        if isinstance(reason, urllib3.exceptions.ProtocolError):
            return f"{url} closed the connection mid-answer ({_short(reason)})"
        return f"cannot talk to {url}: {_short(reason)}"


def _bounded(response: urllib3.BaseHTTPResponse, where: str) -> bytes:
    """The body, refused past MAX_ANSWER_BYTES: a snapshot is not worth any amount of memory."""
    import urllib3

    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.stream(1 << 16):
            size += len(chunk)
            if size > MAX_ANSWER_BYTES:
                raise ControllerError(
                    f"{where} answered more than {MAX_ANSWER_BYTES >> 20} MB: refused"
                )
            chunks.append(chunk)
    except urllib3.exceptions.HTTPError as exc:
        raise ControllerError(
            f"{where}: the answer was cut off ({_short(exc)}); nothing was written"
        ) from None
    return b"".join(chunks)


def _message(answer: Any) -> str:
    """The Controller's own words: `message` (eclipse), `error` (Datasance's middleware)."""
    if isinstance(answer, dict):
        for key in ("message", "error"):
            if isinstance(answer.get(key), str):
                return _short(answer[key])
    return "no message"


def _short(value: object) -> str:
    from edgelint.report.escape import visible

    text = str(value).splitlines()[0] if str(value) else type(value).__name__
    return visible(text if len(text) <= 200 else text[:200] + "…")
