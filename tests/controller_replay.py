"""A local HTTP server on 127.0.0.1 that answers with a real Controller's recorded answers.

tests/fixtures/controller-api/controller-3.0.4.json holds what the oracle (a real eclipse
Controller 3.0.4, ../shared/oracle) answered, recorded by record.py beside it. The server
replays each answer for the request that got it, deciding only what the Controller decided:
which login is right, which Authorization header is the token, raw or `Bearer`. Failures the
recording cannot hold (a hang, a cut-off body, a page that is not JSON) are served by name.
"""

from __future__ import annotations

import contextlib
import json
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

RECORDED = Path(__file__).parent / "fixtures" / "controller-api" / "controller-3.0.4.json"
EMAIL, PASSWORD = "oracle@edgelint.example", "oracle-pass-123"
TOKEN = "5167577b4c6e0a2439618249554a3741173cf3f7142d4cad26e97b4c017f4e68"


@dataclass
class Replay:
    """What the server answers with; tests change `broken` or the answers to make failures."""

    answers: dict[str, dict[str, Any]]
    # path -> "hang", "cut", "html", "huge", "garbage", or another recorded answer's name
    broken: dict[str, str] = field(default_factory=dict)
    token_expired: bool = False
    # Datasance's Keycloak middleware: `Bearer <token>` only, its own 401 (Datasance/Controller
    # v3.7.3 src/middlewares; no real 3.7 answers are recorded: these follow its source).
    bearer: bool = False
    seen: list[tuple[str, str, str | None]] = field(default_factory=list)  # method, path, auth

    @classmethod
    def recorded(cls) -> Replay:
        exchanges = json.loads(RECORDED.read_text(encoding="utf-8"))["exchanges"]
        return cls({e["name"]: e for e in exchanges})

    @classmethod
    def datasance(cls) -> Replay:
        """The recorded answers, as a Datasance Controller 3.7.3 would give them: its version,
        a Keycloak login with a refresh token, Bearer tokens (from its source, not recorded)."""
        replay = cls.recorded()
        replay.bearer = True
        status = replay.body("status")
        status["versions"] = {"controller": "3.7.3", "ecnViewer": "3.7.0"}
        replay.set_body("status", status)
        replay.set_body("login", {"accessToken": "<token>", "refreshToken": "refresh"})
        unauthorized = {"error": "Unauthorized: No authentication information found"}
        replay.answers["datasance-unauthorized"] = {
            "name": "datasance-unauthorized",
            "response": {"status": 401, "content_type": "application/json", "body": ""},
        }
        replay.set_body("datasance-unauthorized", unauthorized)
        return replay

    def body(self, name: str) -> Any:
        return json.loads(self.answers[name]["response"]["body"])

    def set_body(self, name: str, value: Any) -> None:
        self.answers[name]["response"]["body"] = json.dumps(value)


ROUTES = {
    "/api/v3/registries": "registries",
    "/api/v3/iofog-list": "agents",
    "/api/v3/application": "applications",
    "/api/v3/applicationTemplates": "application-templates",
    "/api/v3/edgeResources": "edge-resources",
    "/api/v3/edgeResource/smart-door/0.0.1": "edge-resource",
}


class _Handler(BaseHTTPRequestHandler):
    replay: Replay  # set per server by serving()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._answer("GET")

    def do_POST(self) -> None:
        self._answer("POST")

    def _answer(self, method: str) -> None:
        path = self.path
        auth = self.headers.get("Authorization")
        self.replay.seen.append((method, path, auth))
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self._broken(self.replay.broken.get(path)):
            return
        if path == "/api/v3/status":
            self._send(self.replay.answers["status"])
        elif path == "/api/v3/user/login" and method == "POST":
            self._send(self.replay.answers[self._login(body)])
        elif path.split("?")[0] in ROUTES or path in ROUTES:
            self._send(self.replay.answers[self._authorized(auth, ROUTES[path.split("?")[0]])])
        else:
            self._send(self.replay.answers["not-a-route"])

    def _broken(self, trouble: str | None) -> bool:
        """Answer as the failure named for this path does; False when none is."""
        if trouble == "hang":
            time.sleep(5)
        elif trouble == "html":
            self._send(self.replay.answers["not-a-route"])
        elif trouble == "huge":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            chunk = b" " * (1 << 20)
            with contextlib.suppress(OSError):  # the client hangs up once it has enough
                for _ in range(80):
                    self.wfile.write(chunk)
        elif trouble == "garbage":
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.end_headers()
            self.wfile.write(b"\x00\xffnot json at all")
        elif trouble is not None and trouble in self.replay.answers:
            self._send(self.replay.answers[trouble])  # another recorded answer, here
        elif trouble == "cut":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b'{"registries": [{"id": 1,')
            self.wfile.flush()
        return trouble is not None

    def _login(self, body: bytes) -> str:
        given = json.loads(body or b"{}")
        if "password" not in given:
            return "login-no-password"
        if given.get("email") != EMAIL or given["password"] != PASSWORD:
            return "login-wrong-password"
        return "login"

    def _authorized(self, auth: str | None, name: str) -> str:
        """checkAuthToken of eclipse Controller 3.0.4, as recorded: the raw token only."""
        if self.replay.bearer:
            return name if auth == f"Bearer {TOKEN}" else "datasance-unauthorized"
        if auth is None:
            return "registries-no-authorization"
        if auth.startswith("Bearer "):
            return "registries-bearer"
        if auth != TOKEN:
            return "registries-unknown-token"
        if self.replay.token_expired:
            return "registries-expired-token"
        return name

    def _send(self, exchange: dict[str, Any]) -> None:
        response = exchange["response"]
        text = response["body"].replace("<token>", TOKEN)
        data = text.encode()
        self.send_response(response["status"])
        self.send_header("Content-Type", response["content_type"] or "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@contextmanager
def serving(replay: Replay, tls: ssl.SSLContext | None = None) -> Iterator[str]:
    """The server's URL (http://127.0.0.1:PORT, or https:// with a TLS context) while the
    block runs."""
    handler = type("Handler", (_Handler,), {"replay": replay})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        scheme = "https" if tls is not None else "http"
        yield f"{scheme}://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
