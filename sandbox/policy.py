"""The container's protections as data: what the launcher asks for and how to check it was kept.

The engine may accept a setting and then drop it (a pids limit without the pids controller, swap
limits without swap accounting), saying so only in the ``Warnings`` of the create call. Every
protection therefore has a name; the launcher refuses to run when one is missing, unless the user
allowed that name (``Limits.allow_missing`` or ``IWR_SANDBOX_ALLOW=name,name``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from docker.types import LogConfig, Ulimit

from .runner.config import IN_DIR, OUT_DIR

SANDBOX_USER = "10001:10001"
ALLOW_ENV = "IWR_SANDBOX_ALLOW"
LOG_MAX_SIZE = "1m"
NOFILE = 8192
# One file written inside may not exceed this (the output archive caps a file at the same size).
FSIZE_BYTES = 256 * 1024**2
SHM_MB = 64
# gVisor's runtime name, as sandbox/install-gvisor.sh registers it with the engine.
GVISOR_RUNTIME = "runsc"
# Under gVisor the page talks to gVisor's own kernel, whose /proc, /sys and cgroupfs do not show
# the host's view: no NoNewPrivs line, no /sys/class/net, no host cgroup files. Where that
# evidence is absent these protections are verified outside only (the inspected HostConfig;
# runsc applies the cgroup limits to the whole sandbox on the host). Seccomp: runsc does not
# apply the engine's profile inside its kernel (its --oci-seccomp does, but with Docker 20.10's
# profile no thread can start there, so Chromium cannot run); every syscall of the page goes to
# gVisor's kernel, and runsc runs that kernel on the host under its own seccomp filter.
# The host's pids limit counts gVisor's own threads too (its kernel, and with the ptrace platform
# a host thread per page thread): a page judged at 132 host pids under runc peaked at 623 under
# runsc, and 512 left the runner unable to start a thread. So under gVisor the limit is this
# many times the runc one.
GVISOR_PIDS_FACTOR = 5
GVISOR_OUTSIDE_ONLY = ("network", "memory", "swap", "pids", "cpu", "no_new_privileges", "seccomp")

# Engine warning text (lower case) -> protection name; first match wins.
_WARNING_NAMES = (
    ("swap", "swap"),
    ("pids", "pids"),
    ("cpu", "cpu"),
    ("kernel memory", "kernel_memory"),
    ("memory", "memory"),
    ("oom", "oom"),
    ("block i/o", "blkio"),
    ("seccomp", "seccomp"),
    ("apparmor", "apparmor"),
    ("ulimit", "ulimits"),
)


@dataclass(frozen=True)
class Finding:
    """One protection, enforced or not, with what was seen."""

    name: str
    where: str  # "outside" (engine's view) | "inside" (seen by a process in the container)
    ok: bool
    detail: str


def allowed_from_env() -> frozenset[str]:
    raw = os.environ.get(ALLOW_ENV, "")
    return frozenset(name.strip() for name in raw.split(",") if name.strip())


def warning_name(text: str) -> str:
    """The protection an engine warning is about ("unknown" when none matches)."""
    lower = text.lower()
    for needle, name in _WARNING_NAMES:
        if needle in lower:
            return name
    return "unknown"


def host_config_kwargs(
    *,
    memory_mb: int,
    cpus: float,
    pids: int,
    tmpfs_mb: int,
    volumes: tuple[str, str],
    runtime: str | None = None,
) -> dict[str, Any]:
    """Arguments for ``APIClient.create_host_config``: the production settings, in one place.

    Seccomp is left to the engine's default profile: Docker 20.10 has no keyword to name it
    explicitly (``seccomp=builtin`` fails at start), so the check is that nothing overrides it
    and that the process inside runs in seccomp filter mode.
    """
    kwargs: dict[str, Any] = {
        "binds": {
            # /work/in is mounted writable only so put_archive can fill it; its files belong to
            # root, so the runner (uid 10001) can read them and change nothing.
            volumes[0]: {"bind": str(IN_DIR), "mode": "rw"},
            volumes[1]: {"bind": str(OUT_DIR), "mode": "rw"},
        },
        "network_mode": "none",
        "read_only": True,
        "tmpfs": {"/tmp": f"size={tmpfs_mb}m,mode=1777,nosuid,nodev"},
        "shm_size": f"{SHM_MB}m",
        "ipc_mode": "private",
        "cgroupns": "private",
        "cap_drop": ["ALL"],
        "security_opt": ["no-new-privileges:true"],
        "privileged": False,
        "mem_limit": f"{memory_mb}m",
        "memswap_limit": f"{memory_mb}m",  # equal to memory: no swap
        "mem_swappiness": 0,
        "nano_cpus": int(cpus * 1e9),
        "pids_limit": pids,
        "init": True,
        "ulimits": [
            Ulimit(name="nofile", soft=NOFILE, hard=NOFILE),
            Ulimit(name="core", soft=0, hard=0),
            Ulimit(name="fsize", soft=FSIZE_BYTES, hard=FSIZE_BYTES),
        ],
        "log_config": LogConfig(
            type="json-file", config={"max-size": LOG_MAX_SIZE, "max-file": "1"}
        ),
    }
    if runtime:
        kwargs["runtime"] = runtime
    return kwargs


def _ulimits(host: dict[str, Any]) -> dict[str, tuple[int, int]]:
    return {u["Name"]: (u["Soft"], u["Hard"]) for u in host.get("Ulimits") or []}


def check_outside(
    attrs: dict[str, Any],
    *,
    memory_mb: int,
    cpus: float,
    pids: int,
    tmpfs_mb: int,
    image_id: str,
    labels: dict[str, str],
    engine_security: Iterable[str] = (),
    runtime: str | None = None,
) -> list[Finding]:
    """Compare an inspected container (``docker inspect``) with the settings asked for.

    ``engine_security`` is the engine's ``SecurityOptions`` (from ``docker info``); seccomp must be
    listed there and not unconfined. ``runtime``: the OCI runtime asked for (``HostConfig.Runtime``
    must name it); None accepts the engine's default.
    """
    host = attrs.get("HostConfig") or {}
    config = attrs.get("Config") or {}
    rows = (
        _privilege_rows(host, config, engine_security)
        + _limit_rows(host, memory_mb=memory_mb, cpus=cpus, pids=pids, tmpfs_mb=tmpfs_mb)
        + _identity_rows(attrs, labels=labels, image_id=image_id, runtime=runtime)
    )
    return [Finding(name, "outside", bool(ok), detail) for name, ok, detail in rows]


# A protection's row: its name, whether the container has it, what the engine reported.
_Row = tuple[str, Any, str]


def _privilege_rows(
    host: dict[str, Any], config: dict[str, Any], engine_security: Iterable[str]
) -> list[_Row]:
    """Network, root file system, capabilities, privileges, seccomp and user."""
    security = [str(s) for s in host.get("SecurityOpt") or []]
    engine = [str(s) for s in engine_security]
    return [
        ("network", host.get("NetworkMode") == "none", f"NetworkMode={host.get('NetworkMode')}"),
        ("read_only_root", host.get("ReadonlyRootfs") is True, f"{host.get('ReadonlyRootfs')}"),
        (
            "capabilities",
            "ALL" in (host.get("CapDrop") or [])
            and not host.get("CapAdd")
            and not host.get("Privileged"),
            f"CapDrop={host.get('CapDrop')} CapAdd={host.get('CapAdd')} "
            f"Privileged={host.get('Privileged')}",
        ),
        (
            "no_new_privileges",
            any(s.startswith("no-new-privileges") and not s.endswith("false") for s in security),
            f"SecurityOpt={security}",
        ),
        (
            "seccomp",
            not any("seccomp" in s and "unconfined" in s for s in security)
            and any("name=seccomp" in s and "unconfined" not in s for s in engine),
            f"SecurityOpt={security}; engine={[s for s in engine if 'seccomp' in s]}",
        ),
        ("user", config.get("User") == SANDBOX_USER, f"User={config.get('User')!r}"),
    ]


def _limit_rows(
    host: dict[str, Any], *, memory_mb: int, cpus: float, pids: int, tmpfs_mb: int
) -> list[_Row]:
    """Memory, swap, CPU, processes, init, /tmp, ulimits, logs and IPC."""
    memory = memory_mb * 1024**2
    ulimits = _ulimits(host)
    tmpfs = (host.get("Tmpfs") or {}).get("/tmp", "")
    log_config = host.get("LogConfig") or {}
    return [
        ("memory", host.get("Memory") == memory, f"Memory={host.get('Memory')}"),
        (
            "swap",
            host.get("MemorySwap") == memory,
            f"MemorySwap={host.get('MemorySwap')} (memory {memory})",
        ),
        ("cpu", host.get("NanoCpus") == int(cpus * 1e9), f"NanoCpus={host.get('NanoCpus')}"),
        ("pids", host.get("PidsLimit") == pids, f"PidsLimit={host.get('PidsLimit')}"),
        ("init", host.get("Init") is True, f"Init={host.get('Init')}"),
        ("tmpfs", f"size={tmpfs_mb}m" in tmpfs, f"/tmp: {tmpfs!r}"),
        (
            "ulimits",
            ulimits.get("nofile") == (NOFILE, NOFILE)
            and ulimits.get("core") == (0, 0)
            and ulimits.get("fsize") == (FSIZE_BYTES, FSIZE_BYTES),
            f"{ulimits}",
        ),
        (
            "log_config",
            log_config.get("Type") == "json-file"
            and (log_config.get("Config") or {}).get("max-size") == LOG_MAX_SIZE,
            f"{log_config}",
        ),
        ("ipc", host.get("IpcMode") == "private", f"IpcMode={host.get('IpcMode')}"),
    ]


def _identity_rows(
    attrs: dict[str, Any], *, labels: dict[str, str], image_id: str, runtime: str | None
) -> list[_Row]:
    """Labels, the pinned image, the runtime and the mounts (only the job's two volumes)."""
    host = attrs.get("HostConfig") or {}
    config = attrs.get("Config") or {}
    mounts = attrs.get("Mounts") or []
    return [
        (
            "labels",
            all((config.get("Labels") or {}).get(k) == v for k, v in labels.items()),
            f"{ {k: (config.get('Labels') or {}).get(k) for k in labels} }",
        ),
        ("image_pinned", attrs.get("Image") == image_id, f"Image={attrs.get('Image')}"),
        (
            "runtime",
            runtime is None or host.get("Runtime") == runtime,
            f"Runtime={host.get('Runtime')}" + (f" (asked for {runtime})" if runtime else ""),
        ),
        (
            "mounts",
            all(m.get("Type") == "volume" for m in mounts)
            and sorted(m.get("Destination") for m in mounts) == sorted([str(IN_DIR), str(OUT_DIR)]),
            ", ".join(f"{m.get('Type')}:{m.get('Destination')}" for m in mounts),
        ),
    ]


def missing(findings: Iterable[Finding], warnings: Iterable[str]) -> dict[str, str]:
    """Protection name -> why it is missing, from failed findings and engine warnings."""
    out = {f.name: f.detail for f in findings if not f.ok}
    for text in warnings:
        out.setdefault(warning_name(text), f"engine warning: {text}")
    return out


def _int(value: Any) -> int | None:
    try:
        return int(str(value).split()[0])
    except (ValueError, IndexError):
        return None


def _cpus(cgroup: dict[str, str]) -> float | None:
    quota = cgroup.get("cpu_quota", "")
    parts = quota.split()
    if len(parts) == 2:  # cgroup v2 "cpu.max": "QUOTA PERIOD"
        quota, period = parts[0], parts[1]
    else:
        period = cgroup.get("cpu_period", "")
    q, p = _int(quota), _int(period)
    if q is None or p is None or q <= 0 or p <= 0:
        return None
    return q / p


def _unobservable(name: str, seen: dict[str, Any]) -> bool:
    """Whether the probe found no evidence at all for ``name`` (file missing or unreadable)."""
    cgroup = seen.get("cgroup") or {}
    if name == "network":
        interfaces = seen.get("interfaces") or []
        return not interfaces or all(str(i).startswith("error:") for i in interfaces)
    if name == "no_new_privileges":
        return seen.get("no_new_privs") in (None, -1)
    if name == "seccomp":  # mode 0 inside gVisor: the profile is not applied there (see above)
        return seen.get("seccomp") in (None, -1, 0)
    key = {"memory": "memory", "swap": "memory_swap", "pids": "pids", "cpu": "cpu_quota"}[name]
    return not str(cgroup.get(key) or "").strip()


def check_inside(
    seen: dict[str, Any],
    *,
    memory_mb: int,
    cpus: float,
    pids: int,
    tmpfs_mb: int,
    runtime: str | None = None,
) -> list[Finding]:
    """Judge a probe's report (``sandbox.runner.probe``) from inside a production container.

    Under gVisor (``runtime`` ``runsc``) a protection in GVISOR_OUTSIDE_ONLY whose evidence the
    guest kernel does not expose is left out (it is still checked outside); evidence that is
    there is judged as usual.
    """
    memory = memory_mb * 1024**2
    cgroup = seen.get("cgroup") or {}
    rlimits = seen.get("rlimits") or {}
    try:
        cap_eff: int | None = int(str(seen.get("cap_eff")), 16)
    except ValueError:
        cap_eff = None
    seen_cpus = _cpus(cgroup)
    rows = [
        ("user", seen.get("uid") not in (0, None), f"uid={seen.get('uid')} gid={seen.get('gid')}"),
        ("capabilities", cap_eff == 0, f"CapEff={seen.get('cap_eff')}"),
        ("no_new_privileges", seen.get("no_new_privs") == 1, f"{seen.get('no_new_privs')}"),
        ("seccomp", seen.get("seccomp") == 2, f"mode {seen.get('seccomp')} (2 = filter)"),
        (
            "read_only_root",
            seen.get("root_writable") is False,
            f"root writable: {seen.get('root_writable')}",
        ),
        ("init", seen.get("pid1") == "docker-init", f"pid 1 is {seen.get('pid1')!r}"),
        ("memory", _int(cgroup.get("memory")) == memory, f"{cgroup.get('memory')}"),
        ("swap", _int(cgroup.get("memory_swap")) == memory, f"{cgroup.get('memory_swap')}"),
        ("pids", _int(cgroup.get("pids")) == pids, f"{cgroup.get('pids')}"),
        (
            "cpu",
            seen_cpus is not None and abs(seen_cpus - cpus) < 0.01,
            f"quota/period {cgroup.get('cpu_quota')}/{cgroup.get('cpu_period')}",
        ),
        (
            "ulimits",
            rlimits.get("nofile") == [NOFILE, NOFILE]
            and rlimits.get("core") == [0, 0]
            and rlimits.get("fsize") == [FSIZE_BYTES, FSIZE_BYTES],
            f"{rlimits}",
        ),
        ("tmpfs", seen.get("tmp_bytes") == tmpfs_mb * 1024**2, f"/tmp {seen.get('tmp_bytes')} B"),
        ("network", seen.get("interfaces") == ["lo"], f"interfaces {seen.get('interfaces')}"),
        (
            "no_route_out",
            seen.get("default_route") is False and seen.get("connect_out") != "connected",
            f"default route {seen.get('default_route')}; {seen.get('connect_out')}",
        ),
        (
            "no_engine_socket",
            not seen.get("engine_sockets") and not seen.get("docker_host_env"),
            f"sockets {seen.get('engine_sockets')}, DOCKER_HOST set: {seen.get('docker_host_env')}",
        ),
    ]
    if runtime == GVISOR_RUNTIME:
        rows = [r for r in rows if not (r[0] in GVISOR_OUTSIDE_ONLY and _unobservable(r[0], seen))]
    return [Finding(name, "inside", bool(ok), detail) for name, ok, detail in rows]
