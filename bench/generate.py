"""Generate a seeded corpus of realistic ioFog application files for the benchmark.

The files target edgelint's default target (iofogctl 3.x, ``apiVersion: iofog.org/v3``) and are
shaped like the real ones in ``tests/corpus`` and ``examples``: a comment header, an Application
with 1-6 microservices (agent, x86/arm images, sometimes a registry, a container with ports,
volumes, env and sometimes extraHosts), routes, and comments between the keys.

Why generated and not copied: the benchmark needs thousands of *different* files (a tool that
caches by content must not get a free ride) that are still deterministic, so that two runs, or
two machines, measure the same bytes. Each file has its own ``random.Random`` seeded with
``(seed, index)``, so the first 500 files of a 5,000-file corpus are the 500-file corpus.

Why mostly clean: the benchmark measures checking, not printing. The files pass edgelint with
no errors (a few warnings such as a ``registry: remote`` alias are intended), pass yamllint's
default configuration, and are valid against edgelint's Application schema, except that
check-jsonschema cannot render Liquid, so it reports the templated ports (``external: "{{ 8080 |
plus: 1 }}"``) as strings where an integer belongs. ``manifest.json`` records which files have
which feature.

Two variants are written for every file:

* ``full/``: the corpus as edgelint sees it; about 5% of the files hold two or three documents
  (an Application plus ``Microservice`` documents named ``app/name``).
* ``single/``: the same files, byte for byte, except that each multi-document file keeps only
  its first document (the Application). check-jsonschema cannot load multi-document files
  ("expected a single document"), so the three-way comparison runs on ``single/``; the file
  count and names are identical in both variants.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

DEFAULT_SEED = 20261128
MIN_LINES = 50
MAX_LINES = 150

# Shares of files with each feature (the brief: ~20% templates, ~10% aliases, ~5% multi-doc).
TEMPLATE_SHARE = 0.20
ALIAS_SHARE = 0.10
MULTIDOC_SHARE = 0.05

APP_ADJECTIVES = [
    "sensor", "factory", "retail", "fleet", "smart", "edge", "plant", "cold-chain", "wind",
    "solar", "health", "traffic", "camera", "building", "water", "rail", "mine", "farm",
]  # fmt: skip
APP_NOUNS = [
    "pipeline", "monitor", "analytics", "gateway", "telemetry", "dashboard", "inspection",
    "metering", "tracker", "stack", "ingest", "control", "insights", "alerts",
]  # fmt: skip

# (microservice name, image repository, tag, internal port or 0, multi-arch image)
SERVICES: list[tuple[str, str, str, int, bool]] = [
    ("collector", "iofog/sensor-collector", "1.4.2", 8080, False),
    ("mqtt-broker", "eclipse-mosquitto", "2.0.18", 1883, True),
    ("influxdb", "influxdb", "2.7.6", 8086, True),
    ("grafana", "grafana/grafana", "10.4.2", 3000, True),
    ("node-red", "nodered/node-red", "3.1.9", 1880, True),
    ("redis", "redis", "7.2-alpine", 6379, True),
    ("nats", "nats", "2.10.14", 4222, True),
    ("heart-rate-monitor", "edgeworx/healthcare-heart-rate", "v1", 0, False),
    ("heart-rate-viewer", "edgeworx/healthcare-heart-rate-ui", "v1", 80, False),
    ("rules-engine", "acme/rules-engine", "2.3.0", 9000, False),
    ("modbus-adapter", "acme/modbus-adapter", "0.9.4", 5020, False),
    ("opcua-bridge", "acme/opcua-bridge", "1.1.0", 4840, False),
    ("inference", "acme/edge-inference", "3.0.1", 8500, False),
    ("camera-ingest", "acme/camera-ingest", "1.8.0", 8554, False),
    ("log-shipper", "fluent/fluent-bit", "3.0.4", 2020, True),
    ("alerting", "acme/alert-relay", "0.4.0", 9093, False),
    ("telemetry-agent", "acme/telemetry-agent", "5.2.1", 9100, False),
    ("web-ui", "nginx", "1.27-alpine", 80, True),
    ("postgres", "postgres", "16.3-alpine", 5432, True),
    ("flowfuse", "flowfuse/node-red", "3.1.3", 1880, True),
]

AGENTS = [
    "edge-1", "edge-2", "edge-3", "gateway-01", "gateway-02", "rpi-cam-3", "local-agent",
    "line-4-plc", "store-117", "truck-22", "substation-7", "jetson-02",
]  # fmt: skip

HEADER_COMMENTS = [
    "Deployed with `iofogctl deploy -f` from CI.",
    "Owner: platform team. Ask in #edge-apps before changing ports.",
    "Images are built by the release pipeline; bump tags together.",
    "Keep microservice names stable: routes refer to them.",
    "Generated once from the site template, edited by hand since.",
    "Staging and production differ only in agent names.",
    "Registry 1 is Docker Hub, 2 is the agent's local cache.",
]
INLINE_COMMENTS = [
    "pinned",
    "see runbook",
    "do not change",
    "agent picks this up on restart",
    "TODO: move to AgentConfig",
    "host side",
    "matches the dashboard",
]
ENV_KEYS = [
    ("LOG_LEVEL", ["info", "debug", "warn"]),
    ("TZ", ["UTC", "Europe/Berlin", "America/Chicago"]),
    ("MQTT_HOST", ["mqtt-broker", "10.0.0.5", "broker.local"]),
    ("MQTT_TOPIC", ["sensors/raw", "plant/line4", "fleet/gps"]),
    ("SAMPLE_RATE", ["10", "50", "100"]),
    ("BASE_URL", ["http://localhost:8080/data", "http://10.0.0.2:5000"]),
    ("RETENTION", ["7d", "30d", "90d"]),
    ("BATCH_SIZE", ["64", "128", "256"]),
    ("ENABLE_TLS", ["false", "true"]),
    ("DEVICE_ID", ["dev-0042", "dev-1187", "plc-07"]),
]
# Liquid templates edgelint renders without a cluster snapshot: `self.*`, string filters,
# arithmetic. Every one of them outputs a string in an env value (text around it, or a string
# filter), so none is an EL408 type error.
ENV_TEMPLATES = [
    '"{{ self.name }}-{svc}"',
    '"{{ self.name | upcase }}"',
    "\"{{ self.name | replace: '-', '_' }}\"",
    "\"{{ self.name | append: '.local' }}\"",
    '"{{ self.microservices | size }} services"',
    '"v{{ 2 | plus: 1 }}"',
    '"{{ self.name | capitalize }} ({svc})"',
    "\"{{ '{svc}' | upcase | prepend: 'SVC_' }}\"",
]


@dataclass
class Features:
    """What a generated file contains; summarised in the corpus description."""

    templates: bool = False
    templated_ports: int = 0
    aliases: bool = False
    multidoc: bool = False
    documents: int = 1
    lines: int = 0
    single_lines: int = 0
    registry_aliases: int = 0


@dataclass
class GeneratedFile:
    """One file: the full text, the single-document variant, and its features."""

    name: str
    full: str
    single: str
    features: Features = field(default_factory=Features)


@dataclass
class _Service:
    name: str
    lines: list[str]
    templated_ports: int = 0
    registry_aliases: int = 0


def _comment(rng: random.Random, indent: int, words: list[str]) -> str:
    return " " * indent + "# " + rng.choice(words)


def _images(rng: random.Random, repo: str, tag: str, multiarch: bool) -> tuple[list[str], int]:
    """Image lines (at indent 0, relative) and the number of registry aliases used."""
    if multiarch:
        x86 = arm = f"{repo}:{tag}"
    else:
        x86, arm = f"{repo}:x86-{tag}", f"{repo}:arm-{tag}"
    lines = []
    if rng.random() < 0.9:
        lines.append(f"x86: {x86}")
    if rng.random() < 0.75 or not lines:
        lines.append(f"arm: {arm}")
    aliases = 0
    roll = rng.random()
    if roll < 0.35:
        lines.append("registry: 1")
    elif roll < 0.45:
        lines.append("registry: 2")
    elif roll < 0.48:
        lines.append("registry: remote")
        aliases += 1
    elif roll < 0.49:
        lines.append("registry: local")
        aliases += 1
    return lines, aliases


def _service(
    rng: random.Random,
    spec: tuple[str, str, str, int, bool],
    agent: str,
    next_port: list[int],
    app: str,
    others: list[str],
    *,
    templated_port: bool,
    template_env: bool,
    env_anchor: str | None,
    env_alias: str | None,
) -> _Service:
    """Lines of one microservice entry, relative to the `- ` of its sequence item. The draws
    happen in a fixed order, so that a seed always gives the same files."""
    name, repo, tag, internal, multiarch = spec
    out: list[str] = []
    if rng.random() < 0.25:
        out.append(_comment(rng, 0, [f"{name}: " + c for c in INLINE_COMMENTS]))
    out.append(f"name: {name}")
    out += ["agent:", f"  name: {agent}"]
    image_lines, aliases = _images(rng, repo, tag, multiarch)
    out.append("images:")
    out += ["  " + line for line in image_lines]
    out.append("container:")
    if rng.random() < 0.5 or not internal:
        # Never an empty `container:` (null, which the Controller rejects).
        out.append(f"  rootHostAccess: {'true' if rng.random() < 0.1 else 'false'}")
    templated_ports = 0
    if internal:
        ports, templated_ports = _ports(rng, internal, next_port, templated=templated_port)
        out += ports
    if rng.random() < 0.45:
        out += _volumes(rng, name)
    if env_alias is not None:
        out.append(f"  env: *{env_alias}")
    elif rng.random() < 0.8 or env_anchor is not None or template_env:
        out += _env(rng, name, env_anchor, templated=template_env)
    if rng.random() < 0.15:
        out += _extra_hosts(rng, app, agent, others)
    if rng.random() < 0.1:
        out.append(f'  commands: ["--verbose", "--port={internal or 8080}"]')
    if rng.random() < 0.35:
        out += _config(rng)
    return _Service(name, out, templated_ports, aliases)


def _ports(
    rng: random.Random, internal: int, next_port: list[int], *, templated: bool
) -> tuple[list[str], int]:
    out = ["  ports:"]
    templated_ports = 0
    n_ports = 1 if rng.random() < 0.8 else 2
    for i in range(n_ports):
        external = next_port[0]
        next_port[0] += rng.randint(1, 7)
        port_internal = internal + i
        if templated and i == 0:
            # Arithmetic keeps the integer type (a single output keeps its type).
            ext_text = f'"{{{{ {external - 1} | plus: 1 }}}}"'
            templated_ports += 1
        else:
            ext_text = str(external)
        if rng.random() < 0.2:
            out.append(f"    - {{internal: {port_internal}, external: {ext_text}}}")
        else:
            comment = "  # " + rng.choice(INLINE_COMMENTS) if rng.random() < 0.15 else ""
            out.append(f"    - internal: {port_internal}")
            out.append(f"      external: {ext_text}{comment}")
            if rng.random() < 0.15:
                out.append(f"      protocol: {rng.choice(['tcp', 'udp'])}")
    return out, templated_ports


def _volumes(rng: random.Random, name: str) -> list[str]:
    out = ["  volumes:"]
    for i in range(rng.randint(1, 3)):
        out.append(f"    - hostDestination: /var/lib/iofog/{name}/v{i}")
        out.append(f"      containerDestination: /data/v{i}")
        out.append(f"      accessMode: {rng.choice(['rw', 'rw', 'ro'])}")
        if rng.random() < 0.3:
            out.append("      type: bind")
    return out


def _env(rng: random.Random, name: str, anchor_name: str | None, *, templated: bool) -> list[str]:
    anchor = f" &{anchor_name}" if anchor_name else ""
    out = [f"  env:{anchor}"]
    for key, values in rng.sample(ENV_KEYS, rng.randint(2, 6)):
        if rng.random() < 0.12:
            out.append("    # " + rng.choice(INLINE_COMMENTS))
        out.append(f"    - key: {key}")
        value = rng.choice(values)
        if value in ("true", "false") or value.isdigit():
            value = f'"{value}"'
        out.append(f"      value: {value}")
    if templated:
        # `self` is the application the Controller parsed, the same for every
        # microservice, so a template in an anchored list renders alike wherever it is used.
        for index, tpl in enumerate(rng.sample(ENV_TEMPLATES, rng.randint(1, 2))):
            suffix = rng.randint(1, 99)
            # Distinct keys: the same key twice is EL518 (Docker keeps the later value).
            out.append(f"    - key: {name.upper().replace('-', '_')}_{suffix}{'_2' * index}")
            out.append(f"      value: {tpl.replace('{svc}', name)}")
    return out


def _extra_hosts(rng: random.Random, app: str, agent: str, others: list[str]) -> list[str]:
    out = ["  extraHosts:"]
    if others:
        peer = rng.choice(others)
        out.append(f"    - name: {peer}")
        out.append(f"      address: ${{Apps.{app}.{peer}.local}}")
    out.append("    - name: gateway")
    out.append(f"      address: ${{Agents.{agent}}}")
    if rng.random() < 0.5:
        out.append("    - name: historian")
        out.append(f"      address: 10.{rng.randint(0, 20)}.{rng.randint(0, 254)}.10")
    return out


def _config(rng: random.Random) -> list[str]:
    out = ["config:"]
    out.append(f"  test_mode: {'true' if rng.random() < 0.3 else 'false'}")
    out.append(f"  data_label: {rng.choice(['Anonymous_Person', 'line-4', 'north-wing'])}")
    if rng.random() < 0.5:
        out.append(f"  interval_ms: {rng.choice([250, 500, 1000, 5000])}")
    return out


def _item(lines: list[str], indent: int) -> list[str]:
    """Place a microservice's lines as a sequence item: `- ` before the first key line."""
    pad = " " * indent
    result: list[str] = []
    first = True
    for line in lines:
        if first and line.startswith("#"):
            result.append(f"{pad}{line}")  # a comment above the item, indented like its `-`
        elif first:
            result.append(f"{pad}- {line}")
            first = False
        else:
            result.append(f"{pad}  {line}")
    return result


def _microservice_doc(
    rng: random.Random, app: str, spec: tuple[str, str, str, int, bool], port: int
) -> list[str]:
    """A separate `kind: Microservice` document, named `<app>/<name>`."""
    name, repo, tag, internal, multiarch = spec
    image_lines, _ = _images(rng, repo, tag, multiarch)
    lines = [
        f"# {name}: deployed on its own, so it can be redeployed alone.",
        "---",
        "apiVersion: iofog.org/v3",
        "kind: Microservice",
        "metadata:",
        f"  name: {app}/{name}",
        "spec:",
        "  agent:",
        f"    name: {rng.choice(AGENTS)}",
        "  images:",
    ]
    lines += ["    " + line for line in image_lines]
    lines.append("  container:")
    if internal:
        lines += ["    ports:", f"      - internal: {internal}", f"        external: {port}"]
    lines += ["    env:", "      - key: LOG_LEVEL", "        value: info"]
    return lines


def _extra_documents(
    rng: random.Random, app: str, services: list[_Service], next_port: list[int]
) -> list[str]:
    """One or two `kind: Microservice` documents after the application."""
    extra: list[str] = []
    taken = {s.name for s in services}
    extra_pool = [s for s in SERVICES if s[0] not in taken]
    for spec in rng.sample(extra_pool, rng.randint(1, 2)):
        extra += _microservice_doc(rng, app, spec, next_port[0])
        next_port[0] += 3
    return extra


def generate_file(
    seed: int, index: int, *, templates: bool | None = None, multidoc: bool | None = None
) -> GeneratedFile:
    """Generate file number `index`; `templates`/`multidoc` force a feature on or off."""
    rng = random.Random(f"{seed}-{index}")
    feats = Features()
    feats.templates = rng.random() < TEMPLATE_SHARE if templates is None else templates
    feats.aliases = rng.random() < ALIAS_SHARE
    feats.multidoc = rng.random() < MULTIDOC_SHARE if multidoc is None else multidoc
    templated_port_file = feats.templates and rng.random() < 0.5

    app = f"{rng.choice(APP_ADJECTIVES)}-{rng.choice(APP_NOUNS)}-{index % 1000}"
    target = rng.randint(MIN_LINES + 5, MAX_LINES - 15)
    agents = rng.sample(AGENTS, rng.randint(1, 3))
    pool = rng.sample(SERVICES, 6)
    next_port = [rng.choice([5000, 8000, 9000, 10000, 30000])]

    header = [
        "# " + rng.choice(HEADER_COMMENTS),
        *(["# " + rng.choice(HEADER_COMMENTS)] if rng.random() < 0.5 else []),
    ]
    head = [
        "---",
        "apiVersion: iofog.org/v3",
        "kind: Application",
        "metadata:",
        f"  name: {app}",
        *([f"  tags: [{rng.choice(['prod', 'staging'])}, {rng.choice(agents)}]"]
          if rng.random() < 0.2 else []),
        "spec:",
        "  # Microservices run on the agents named below.",
        "  microservices:",
    ]  # fmt: skip

    alias_name = "common-env"
    # An alias file needs a second microservice to use the anchor of the first.
    min_services = 2 if feats.aliases else 1
    services: list[_Service] = []
    for n, spec in enumerate(pool):
        used = len(header) + len(head) + sum(len(s.lines) for s in services) + 8
        if n >= min_services and used >= target:
            break
        alias = feats.aliases and (n == 1 or (n > 1 and rng.random() < 0.5))
        services.append(
            _service(
                rng,
                spec,
                rng.choice(agents),
                next_port,
                app,
                # `${Apps.app.peer.local}` can name only a microservice created before this
                # one (EL507: the Controller creates them in order).
                [s.name for s in services][:3],
                templated_port=templated_port_file and not any(s.templated_ports for s in services),
                template_env=feats.templates and (n == 0 or (not alias and rng.random() < 0.4)),
                env_anchor=alias_name if feats.aliases and n == 0 else None,
                env_alias=alias_name if alias else None,
            )
        )

    extra = _extra_documents(rng, app, services, next_port) if feats.multidoc else []
    route_count = rng.randint(1, 3)
    padding = [f"  # {rng.choice(HEADER_COMMENTS)}" for _ in range(MIN_LINES)]

    def assemble() -> list[str]:
        body = [line for service in services for line in _item(service.lines, 4)]
        routes: list[str] = []
        if len(services) >= 2:
            names = [s.name for s in services]
            routes += ["  # Messages flow along these routes.", "  routes:"]
            for i in range(min(len(names) - 1, route_count)):
                src, dst = names[i], names[i + 1]
                routes += [f"    - name: {src}-to-{dst}", f"      from: {src}", f"      to: {dst}"]
        short = max(0, MIN_LINES - len(header) - len(head) - len(body) - len(routes))
        # A short file gets more commentary, the way small real files explain themselves.
        return header + head[:-2] + padding[:short] + head[-2:] + body + routes

    app_doc = assemble()
    while len(app_doc) + len(extra) > MAX_LINES and len(services) > min_services:
        services.pop()
        app_doc = assemble()
    if feats.templates and "{{" not in "\n".join(app_doc):
        raise AssertionError(f"template file without a template: {index}")

    feats.templated_ports = sum(s.templated_ports for s in services)
    feats.registry_aliases = sum(s.registry_aliases for s in services)
    feats.documents = 1 + sum(1 for line in extra if line == "---")
    single = "\n".join(app_doc) + "\n"
    full = "\n".join(app_doc + extra) + "\n"
    feats.lines = full.count("\n")
    feats.single_lines = single.count("\n")
    return GeneratedFile(f"app-{index:05d}.yaml", full, single, feats)


def write_corpus(out: Path, count: int, seed: int = DEFAULT_SEED) -> dict[str, object]:
    """Write `count` files to out/full and out/single plus out/manifest.json; return the summary.

    Reuses an existing corpus when its manifest says it was made with the same seed and count,
    because writing 5,000 files twice is wasted time on every benchmark run.
    """
    manifest_path = out / "manifest.json"
    if manifest_path.is_file():
        try:
            old = json.loads(manifest_path.read_text(encoding="utf-8"))
            if old.get("seed") == seed and old.get("count") == count:
                summary: dict[str, object] = old["summary"]
                return summary
        except (ValueError, KeyError):
            pass
    (out / "full").mkdir(parents=True, exist_ok=True)
    (out / "single").mkdir(parents=True, exist_ok=True)
    for old_file in [*(out / "full").glob("*.yaml"), *(out / "single").glob("*.yaml")]:
        old_file.unlink()
    files = []
    for index in range(1, count + 1):
        generated = generate_file(seed, index)
        (out / "full" / generated.name).write_text(generated.full, encoding="utf-8")
        (out / "single" / generated.name).write_text(generated.single, encoding="utf-8")
        files.append({"name": generated.name, **asdict(generated.features)})
    summary = summarise(files, seed)
    manifest = {"seed": seed, "count": count, "summary": summary, "files": files}
    manifest_path.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return summary


def summarise(files: list[dict[str, object]], seed: int) -> dict[str, object]:
    """Corpus description: counts, shares and line statistics for RESULTS.md."""

    def count(key: str) -> int:
        return sum(1 for f in files if f[key])

    def stats(key: str) -> dict[str, float]:
        values = sorted(int(str(f[key])) for f in files)
        return {
            "min": values[0],
            "median": values[len(values) // 2],
            "max": values[-1],
            "total": sum(values),
        }

    n = len(files)
    return {
        "seed": seed,
        "files": n,
        "templates": count("templates"),
        "templated_ports": count("templated_ports"),
        "aliases": count("aliases"),
        "multidoc": count("multidoc"),
        "registry_alias_files": count("registry_aliases"),
        "share_templates": round(count("templates") / n, 3),
        "share_aliases": round(count("aliases") / n, 3),
        "share_multidoc": round(count("multidoc") / n, 3),
        "lines_full": stats("lines"),
        "lines_single": stats("single_lines"),
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: `python bench/generate.py --count 500 --out DIR [--seed N]`."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--count", type=int, default=500, help="number of files (default 500)")
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"default {DEFAULT_SEED}")
    args = parser.parse_args(argv)
    summary = write_corpus(args.out, args.count, args.seed)
    json.dump(summary, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
