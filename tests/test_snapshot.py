"""`edgelint snapshot` against a real Controller's recorded answers (tests/controller_replay.py),
then `edgelint lint` against the files it wrote; and every way the Controller or the network can
fail, each a sentence and exit 2 with nothing written."""

from __future__ import annotations

import base64
import json
import socket
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import run_cli
from controller_replay import EMAIL, PASSWORD, TOKEN, Replay, serving
from edgelint.snapshot.client import ControllerError, api_base

DEPLOYMENT = Path(__file__).parent / "fixtures" / "controller-api" / "deploy-from-template.yaml"
LOGIN = {"EDGELINT_CONTROLLER_EMAIL": EMAIL, "EDGELINT_CONTROLLER_PASSWORD": PASSWORD}


def _snapshot(
    tmp_path: Path, url: str | None, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    given = ["--url", url] if url else []
    return run_cli("snapshot", *given, *args, cwd=tmp_path, env={"HOME": str(home), **(env or {})})


def test_the_snapshot_is_what_the_controller_holds_and_lint_checks_against_it(
    tmp_path: Path,
) -> None:
    replay = Replay.recorded()
    with serving(replay) as url:
        done = _snapshot(tmp_path, url, "--registries", "registries.json", "--cluster",
                         "cluster.json", env=LOGIN)  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode() == (
        f"Snapshot of Controller 3.0.4 at {url}:".replace(f"{url}:", f"{url}/api/v3")
        + " (3 registries, 2 agents, 1 application, 1 application template, 1 edge resource) "
        "written to registries.json, cluster.json.\n"
    )
    # Logged in once, then every list with the raw token (eclipse Controller 3.0: no Bearer).
    assert [(m, p) for m, p, _ in replay.seen[:2]] == [("GET", "/api/v3/status"),
                                                       ("POST", "/api/v3/user/login")]  # fmt: skip
    assert {auth for _, path, auth in replay.seen[2:]} == {TOKEN}
    registries = json.loads((tmp_path / "registries.json").read_text())
    assert registries["snapshot"]["version"] == "3.0.4"
    assert registries["snapshot"]["controller"] == f"{url}/api/v3"
    assert [r["url"] for r in registries["registries"]] == [
        "registry.hub.docker.com", "from_cache", "gcr.io",
    ]  # fmt: skip
    cluster = json.loads((tmp_path / "cluster.json").read_text())
    assert [a["name"] for a in cluster["agents"]] == ["edge-1", "edge-2"]
    assert cluster["edgeResources"][0]["interface"]["endpoints"][0]["url"] == "/health"
    for written in ("registries.json", "cluster.json"):
        text = (tmp_path / written).read_text()
        assert PASSWORD not in text and TOKEN not in text and '"password"' not in text
    # The deployment the real Controller refused ("Microservice m does not have a valid image
    # for its Agent type", recorded beside the answers): lint says so, from the snapshot.
    said = replay.body("deploy-from-template")["message"]
    lint = run_cli("lint", "--registries", "registries.json", "--cluster", "cluster.json",
                   DEPLOYMENT, cwd=tmp_path, env={"NO_COLOR": "1"})  # fmt: skip
    assert lint.returncode == 1
    assert "error EL307" in lint.stdout.decode()
    assert f'the Controller answers "{said}"' in lint.stdout.decode()
    notes = lint.stderr.decode()
    assert f"cluster.json is a snapshot of Controller 3.0.4 at {url}/api/v3, taken " in notes


def test_a_token_from_the_environment_skips_the_login(tmp_path: Path) -> None:
    replay = Replay.recorded()
    with serving(replay) as url:
        done = _snapshot(tmp_path, url, "--registries", "r.json",
                         env={"EDGELINT_CONTROLLER_TOKEN": TOKEN})  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    assert all(path != "/api/v3/user/login" for _, path, _ in replay.seen)
    # A registry snapshot alone reads the registries and nothing of the cluster.
    assert [path for _, path, _ in replay.seen] == ["/api/v3/status", "/api/v3/registries"]
    assert done.stdout.decode().endswith(" (3 registries) written to r.json.\n")
    assert not (tmp_path / "cluster.json").exists()


@pytest.mark.parametrize(
    ("env", "expired", "said"),
    [
        ({**LOGIN, "EDGELINT_CONTROLLER_PASSWORD": "wrong-pass-123"}, False,
         f"the Controller refused the login of {EMAIL}: Invalid credentials (the e-mail and "
         "password of $EDGELINT_CONTROLLER_EMAIL and $EDGELINT_CONTROLLER_PASSWORD)"),
        ({"EDGELINT_CONTROLLER_TOKEN": TOKEN}, True,
         "the Controller refused the access token: token expired; log in again"),
        ({"EDGELINT_CONTROLLER_TOKEN": "0" * 64}, False,
         "the Controller refused the access token: authorization failed"),
    ],
    ids=["wrong password", "expired token", "unknown token"],
)  # fmt: skip
def test_a_refused_login_writes_nothing(
    tmp_path: Path, env: dict[str, str], expired: bool, said: str
) -> None:
    (tmp_path / "registries.json").write_text("[]\n")  # last week's snapshot: kept as it is
    replay = Replay.recorded()
    replay.token_expired = expired
    with serving(replay) as url:
        done = _snapshot(tmp_path, url, "--registries", "registries.json", "--cluster",
                         "cluster.json", env=env)  # fmt: skip
    assert done.returncode == 2
    err = done.stderr.decode()
    assert err.startswith(f"edgelint: error: {said}"), err
    assert err.rstrip().endswith("nothing was written")
    assert PASSWORD not in err and TOKEN not in err and "wrong-pass" not in err
    assert (tmp_path / "registries.json").read_text() == "[]\n"
    assert not (tmp_path / "cluster.json").exists()
    assert done.stdout == b""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(
    ("broken", "said"),
    [
        ({"/api/v3/status": "html"},
         "/api/v3/status answered HTTP 404 with an HTML page (text/html; charset=utf-8), not the "
         "Controller's JSON: is {url} the Controller's API (by default on port 51121)?"),
        ({"/api/v3/registries": "cut"}, "/api/v3/registries: the answer was cut off"),
        pytest.param({"/api/v3/status": "hang"}, "no answer from {url} within 1 s (--timeout)",
                     marks=pytest.mark.slow),  # two timeouts of a second, by design
        ({"/api/v3/edgeResources": "garbage"},
         "/api/v3/edgeResources answered HTTP 200 with 17 bytes (application/octet-stream), not "
         "the Controller's JSON"),
        ({"/api/v3/iofog-list": "router"},
         "/api/v3/iofog-list answered without a `fogs` list of objects"),
    ],
    ids=["an HTML page", "a cut-off answer", "no answer", "garbage", "another answer"],
)  # fmt: skip
def test_a_controller_that_fails_is_a_sentence(
    tmp_path: Path, broken: dict[str, str], said: str
) -> None:
    replay = Replay.recorded()
    replay.broken = broken
    with serving(replay) as url:
        done = _snapshot(tmp_path, url, "--timeout", "1", "--registries", "r.json", "--cluster",
                         "c.json", env=LOGIN)  # fmt: skip
    assert done.returncode == 2
    err = done.stderr.decode()
    assert said.format(url=url) in err, err
    assert "Traceback" not in err
    assert not (tmp_path / "r.json").exists() and not (tmp_path / "c.json").exists()


@pytest.mark.slow  # waits by design: retries, timeouts, megabytes, TLS
def test_nothing_listening_is_said_after_the_retries(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    done = _snapshot(tmp_path, url, "--registries", "r.json", env=LOGIN)
    assert done.returncode == 2
    assert f"cannot connect to {url} (connection refused)" in done.stderr.decode()
    assert "after 4 tries: is the Controller running there?" in done.stderr.decode()


def test_no_credentials_anywhere_is_a_usage_error(tmp_path: Path) -> None:
    done = _snapshot(tmp_path, "http://127.0.0.1:1", "--registries", "r.json")
    assert done.returncode == 2
    err = done.stderr.decode()
    assert "namespaces/default.yaml does not exist: set $EDGELINT_CONTROLLER_EMAIL and " in err
    assert "$EDGELINT_CONTROLLER_PASSWORD (or $EDGELINT_CONTROLLER_TOKEN)" in err


def test_a_password_is_never_an_option(tmp_path: Path) -> None:
    done = _snapshot(tmp_path, "http://127.0.0.1:1", "--password", PASSWORD)
    assert done.returncode == 2
    assert "No such option: --password" in done.stderr.decode()


def test_the_files_default_to_the_configuration(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.edgelint]\nregistries = "snap/registries.json"\ncluster = "snap/cluster.json"\n'
    )
    (tmp_path / "snap").mkdir()
    with serving(Replay.recorded()) as url:
        done = _snapshot(tmp_path, url, env=LOGIN)
    assert done.returncode == 0, done.stderr.decode()
    assert (tmp_path / "snap" / "registries.json").is_file()
    assert (tmp_path / "snap" / "cluster.json").is_file()
    nowhere = _snapshot(tmp_path, "http://127.0.0.1:1", "--isolated", env=LOGIN)
    assert nowhere.returncode == 2
    assert "where should the snapshot go? pass --registries FILE" in nowhere.stderr.decode()


def _namespace(home: Path, name: str, body: str, api: str = "iofogctl/v3") -> None:
    directory = home / ".iofog" / "v3" / "namespaces"
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{name}.yaml").write_text(
        f'apiVersion: {api}\nkind: Namespace\nmetadata:\n  name: {name}\n  namespace: ""\n'
        f"spec:\n  name: {name}\n{body}"
    )


def test_the_iofogctl_namespace_gives_the_controller_and_the_user(tmp_path: Path) -> None:
    """What `iofogctl connect` wrote (eclipse-iofog/iofogctl internal/config): the endpoint
    and the user, the password base64-encoded."""
    home = tmp_path / "home"
    encoded = base64.b64encode(PASSWORD.encode()).decode()
    with serving(Replay.recorded()) as url:
        _namespace(home, "ecn", (
            "  remoteControlPlane:\n    iofogUser:\n      email: " + EMAIL + "\n"
            f"      password: {encoded}\n    controllers:\n    - controllerconfig: {{}}\n"
            f"      name: remote\n      host: 127.0.0.1\n      endpoint: {url}\n"
        ))  # fmt: skip
        done = _snapshot(tmp_path, None, "-n", "ecn", "--registries", "r.json")
    assert done.returncode == 0, done.stderr.decode()
    assert f"at {url}/api/v3" in done.stdout.decode()


def test_potctls_default_namespace_is_read_too(tmp_path: Path) -> None:
    home = tmp_path / "home"
    config = home / ".iofog" / "v3" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("apiVersion: potctl/v3\nkind: potctlConfig\nspec:\n  defaultNamespace: pot\n")
    with serving(Replay.recorded()) as url:
        _namespace(home, "pot", (
            "  remoteControlPlane:\n    iofogUser:\n      email: " + EMAIL + "\n"
            f"      password: {PASSWORD}\n      accessToken: ignored\n    endpoint: {url}\n"
            "    auth:\n      controllerSecret: do-not-print-me\n"
        ), api="potctl/v3")  # fmt: skip
        done = _snapshot(tmp_path, None, "--registries", "r.json")
    assert done.returncode == 0, done.stderr.decode()  # a password that is no base64: as written
    assert b"do-not-print-me" not in done.stdout + done.stderr


@pytest.mark.parametrize(
    ("given", "base"),
    [
        ("foo-bar", "http://foo-bar:51121/api/v3"),
        ("1.2.3.4", "http://1.2.3.4:51121/api/v3"),
        ("foo-bar:1234", "http://foo-bar:1234/api/v3"),
        ("http://foo-bar", "http://foo-bar:51121/api/v3"),
        ("https://foo-bar", "https://foo-bar/api/v3"),
        ("http://caas.edgeworx.io/api/v3", "http://caas.edgeworx.io:51121/api/v3"),
        ("https://caas.edgeworx.io/api/v3", "https://caas.edgeworx.io/api/v3"),
        ("http://h:51121/", "http://h:51121/api/v3"),
    ],
)
def test_endpoints_are_completed_as_iofogctl_completes_them(given: str, base: str) -> None:
    """iofogctl's own cases (pkg/util/get_controller_endpoint_test.go, connect's fmt_test.go);
    the last differs on purpose: iofogctl drops /api/v3 after a trailing slash."""
    assert api_base(given) == base


def test_a_url_that_is_none_is_refused() -> None:
    with pytest.raises(ControllerError, match="is not a Controller URL"):
        api_base("ftp://x")


def test_lint_warns_when_the_snapshots_controller_is_not_the_targets(tmp_path: Path) -> None:
    header = {"controller": "https://pot.example/api/v3", "version": "3.7.3", "taken": "then"}
    (tmp_path / "r.json").write_text(json.dumps({"snapshot": header, "registries": []}))
    lint = run_cli("lint", "--registries", "r.json", DEPLOYMENT, cwd=tmp_path)
    assert lint.stderr.decode().splitlines()[:2] == [
        "edgelint: note: r.json is a snapshot of Controller 3.7.3 at https://pot.example/api/v3, "
        "taken then",
        "edgelint: warning: r.json: it is of Controller 3.7.3, and target iofog-3 deploys to "
        "Controller 3.0: lookups and registries may differ from what the files meet",
    ]
    fitting = run_cli("lint", "--target", "datasance", "--registries", "r.json", DEPLOYMENT,
                      cwd=tmp_path)  # fmt: skip
    assert "warning: r.json" not in fitting.stderr.decode()


@pytest.mark.parametrize("option", ["--registries", "--cluster"])
def test_a_broken_header_is_a_usage_error(tmp_path: Path, option: str) -> None:
    key = "registries" if option == "--registries" else "agents"
    (tmp_path / "s.json").write_text(json.dumps({"snapshot": {"version": 3}, key: []}))
    lint = run_cli("lint", option, "s.json", DEPLOYMENT, cwd=tmp_path)
    assert lint.returncode == 2
    assert "`snapshot` needs the strings controller, version and taken" in lint.stderr.decode()


def test_a_controller_error_is_its_own_words(tmp_path: Path) -> None:
    """The recorded 500 (the eclipse Controller's answer to a call without a token)."""
    replay = Replay.recorded()
    replay.broken = {"/api/v3/application": "registries-no-authorization"}
    with serving(replay) as url:
        done = _snapshot(tmp_path, url, "--cluster", "c.json", env=LOGIN)
    assert done.returncode == 2
    assert done.stderr.decode() == (
        f"edgelint: error: {url}/api/v3/application answered HTTP 500: WHERE parameter "
        '"token" has invalid "undefined" value; nothing was written\n'
    )


@pytest.mark.slow  # waits by design: retries, timeouts, megabytes, TLS
def test_an_answer_past_the_bound_is_refused(tmp_path: Path) -> None:
    replay = Replay.recorded()
    replay.broken = {"/api/v3/registries": "huge"}
    with serving(replay) as url:
        done = _snapshot(tmp_path, url, "--registries", "r.json", env=LOGIN)
    assert done.returncode == 2
    assert "/api/v3/registries answered more than 64 MB: refused" in done.stderr.decode()
    assert not (tmp_path / "r.json").exists()


def test_a_datasance_controller_gets_bearer_tokens(tmp_path: Path) -> None:
    """Datasance Controller 3.7 takes `Authorization: Bearer <token>` only (its Keycloak
    middleware); its version, from /status, says so before the login."""
    replay = Replay.datasance()
    with serving(replay) as url:
        done = _snapshot(tmp_path, url, "--registries", "r.json", env=LOGIN)
    assert done.returncode == 0, done.stderr.decode()
    assert {auth for _, path, auth in replay.seen[2:]} == {f"Bearer {TOKEN}"}
    assert json.loads((tmp_path / "r.json").read_text())["snapshot"]["version"] == "3.7.3"
    replay = Replay.datasance()
    with serving(replay) as url:
        refused = _snapshot(tmp_path, url, "--registries", "r.json",
                            env={"EDGELINT_CONTROLLER_TOKEN": "stale"})  # fmt: skip
    assert refused.returncode == 2
    assert "refused the access token: Unauthorized: No authentication information found" in (
        refused.stderr.decode()
    )


@pytest.fixture(scope="module")
def authority() -> Any:
    trustme = pytest.importorskip("trustme")
    return trustme.CA()


@pytest.mark.slow  # waits by design: retries, timeouts, megabytes, TLS
def test_tls_is_verified_against_the_ca_given(tmp_path: Path, authority: Any) -> None:
    import ssl

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    ca = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(ca))
    with serving(Replay.recorded(), tls=context) as url:
        unknown = _snapshot(tmp_path, url, "--registries", "r.json", env=LOGIN)
        trusted = _snapshot(tmp_path, url, "--cacert", str(ca), "--registries", "r.json",
                            env=LOGIN)  # fmt: skip
        unchecked = _snapshot(tmp_path, url, "--insecure", "--cluster", "c.json", env=LOGIN)
    assert unknown.returncode == 2
    err = unknown.stderr.decode()
    assert f"TLS with {url} failed (" in err and "certificate verify failed" in err
    assert "pass --cacert FILE with the CA that signed the Controller's certificate" in err
    assert trusted.returncode == 0, trusted.stderr.decode()
    assert unchecked.returncode == 0, unchecked.stderr.decode()
    assert b"Warning" not in unchecked.stderr  # urllib3's InsecureRequestWarning is not shown


@pytest.mark.slow  # waits by design: retries, timeouts, megabytes, TLS
def test_a_snapshot_over_lints_size_limit_says_how_to_read_it(tmp_path: Path) -> None:
    """A big cluster's snapshot is over the 5 MB lint reads by default: snapshot says which
    --max-file-size reads it, and lint then does."""
    replay = Replay.recorded()
    agents = replay.body("agents")["fogs"]
    many = [{**agent, "name": f"edge-{n}"} for n in range(2700) for agent in agents[:1]]
    replay.set_body("agents", {"fogs": many})
    with serving(replay) as url:
        done = _snapshot(tmp_path, url, "--cluster", "c.json", env=LOGIN)
    assert done.returncode == 0, done.stderr.decode()
    said = done.stderr.decode()
    assert "edgelint: warning: c.json is " in said and "lint with --max-file-size 6MiB" in said
    refused = run_cli("lint", "--cluster", "c.json", DEPLOYMENT, cwd=tmp_path)
    assert refused.returncode == 2
    read = run_cli("lint", "--max-file-size", "6MiB", "--cluster", "c.json", DEPLOYMENT,
                   cwd=tmp_path)  # fmt: skip
    assert read.returncode == 0, read.stderr.decode()  # edge-2 is an x86 copy here: clean


def test_a_refused_namespace_login_names_the_namespace_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    wrong = base64.b64encode(b"not-the-password").decode()
    with serving(Replay.recorded()) as url:
        _namespace(home, "default", (
            f"  localControlPlane:\n    iofogUser:\n      email: {EMAIL}\n"
            f"      password: {wrong}\n    controller:\n      name: local\n      endpoint: {url}\n"
        ))  # fmt: skip
        done = _snapshot(tmp_path, None, "--registries", "r.json")
    assert done.returncode == 2
    namespace = home / ".iofog" / "v3" / "namespaces" / "default.yaml"
    assert done.stderr.decode() == (
        f"edgelint: error: the Controller refused the login of {EMAIL}: Invalid credentials (the "
        f"e-mail and password of {namespace} (namespace default)); nothing was written\n"
    )
    assert "not-the-password" not in done.stderr.decode() and wrong not in done.stderr.decode()


def test_a_host_that_does_not_exist_is_named() -> None:
    """The resolver's own failure (`.invalid` never resolves, RFC 2606), through urllib3."""
    from edgelint.snapshot.client import Connection, Controller

    url = "http://controller.invalid:51121"
    controller = Controller(Connection(url, api_base(url), timeout=5, retries=0))
    with pytest.raises(ControllerError) as raised:
        controller.status()
    assert str(raised.value) == f"cannot find the host controller.invalid of {url}: no such name"


def test_one_file_that_cannot_be_written_writes_neither(tmp_path: Path) -> None:
    (tmp_path / "registries.json").write_text("[]\n")
    with serving(Replay.recorded()) as url:
        done = _snapshot(tmp_path, url, "--registries", "registries.json", "--cluster",
                         "no/such/dir/cluster.json", env=LOGIN)  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.decode() == (
        "edgelint: error: no/such/dir/cluster.json: cannot write the snapshot: No such file or "
        "directory; nothing was written\n"
    )
    assert (tmp_path / "registries.json").read_text() == "[]\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "registries.json"]
