"""Probe mode: report, from inside the sandbox, what a page could reach. No browser involved.

The tests use this to prove the isolation holds (no route out, read-only root, no capabilities)
on the real engine, rather than trusting the container options that were asked for.
"""

from __future__ import annotations

import os
import resource
import socket
from pathlib import Path
from typing import Any

# Addresses a page would try to reach: the internet and a private network.
PROBE_TARGETS = (("1.1.1.1", 80), ("10.0.0.1", 80))
_RTF_REJECT = 0x0200
# Where an engine socket would appear if someone mounted it in.
ENGINE_SOCKETS = (
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/run/containerd/containerd.sock",
    "/run/podman/podman.sock",
)
# cgroup v1 file, cgroup v2 file, per limit.
_CGROUP_FILES = {
    "memory": ("memory/memory.limit_in_bytes", "memory.max"),
    "memory_swap": ("memory/memory.memsw.limit_in_bytes", "memory.swap.max"),
    "pids": ("pids/pids.max", "pids.max"),
    "cpu_quota": ("cpu/cpu.cfs_quota_us", "cpu.max"),
    "cpu_period": ("cpu/cpu.cfs_period_us", ""),
}


def _writable(directory: str) -> bool:
    path = Path(directory) / f".probe-{os.getpid()}"
    try:
        path.write_bytes(b"x")
    except OSError:
        return False
    path.unlink()
    return True


def has_default_route(route_v4: str, route_v6: str) -> bool:
    """Whether a usable default route exists, from /proc/net/route and /proc/net/ipv6_route text.

    Routes on ``lo`` and reject routes (the kernel's ``::/0`` unreachable entry) do not count.
    """
    for line in route_v4.splitlines()[1:]:
        cols = line.split()
        default = len(cols) >= 4 and cols[1] == "00000000" and cols[0] != "lo"
        if default and not int(cols[3], 16) & _RTF_REJECT:
            return True
    for line in route_v6.splitlines():
        cols = line.split()
        default = len(cols) >= 10 and cols[0] == "0" * 32 and cols[1] == "00" and cols[9] != "lo"
        if default and not int(cols[8], 16) & _RTF_REJECT:
            return True
    return False


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _connect_out() -> str:
    errors = []
    for host, port in PROBE_TARGETS:
        try:
            with socket.create_connection((host, port), timeout=1.0):
                return "connected"
        except OSError as exc:
            errors.append(f"{host}:{port}: {exc}")
    return "; ".join(errors)


def _status_fields() -> dict[str, str]:
    fields = {}
    for line in _read("/proc/self/status").splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    return fields


def _cgroup_limits(root: str = "/sys/fs/cgroup") -> dict[str, str]:
    """Raw limit values from the container's own cgroup (v1 or v2), "" where unreadable."""
    out = {}
    for key, (v1, v2) in _CGROUP_FILES.items():
        value = _read(f"{root}/{v1}").strip()
        if not value and v2:
            value = _read(f"{root}/{v2}").strip()
        out[key] = value
    return out


def _rlimit(which: int) -> list[int]:
    soft, hard = resource.getrlimit(which)
    return [soft, hard]


def _tmp_bytes() -> int:
    stat = os.statvfs("/tmp")
    return stat.f_blocks * stat.f_frsize


def probe() -> dict[str, Any]:
    """What the sandbox looks like from inside; see the module docstring."""
    status = _status_fields()
    try:
        interfaces = sorted(os.listdir("/sys/class/net"))
    except OSError as exc:
        interfaces = [f"error: {exc}"]
    return {
        "uid": os.getuid(),
        "gid": os.getgid(),
        "root_writable": _writable("/"),
        "tmp_writable": _writable("/tmp"),
        "interfaces": interfaces,
        "default_route": has_default_route(_read("/proc/net/route"), _read("/proc/net/ipv6_route")),
        "connect_out": _connect_out(),
        "cap_eff": status.get("CapEff", ""),
        "no_new_privs": int(status.get("NoNewPrivs", "-1")),
        "seccomp": int(status.get("Seccomp", "-1")),
        "pid1": _read("/proc/1/comm").strip(),
        "cgroup": _cgroup_limits(),
        "rlimits": {
            "nofile": _rlimit(resource.RLIMIT_NOFILE),
            "core": _rlimit(resource.RLIMIT_CORE),
            "fsize": _rlimit(resource.RLIMIT_FSIZE),
        },
        "tmp_bytes": _tmp_bytes(),
        "engine_sockets": [path for path in ENGINE_SOCKETS if os.path.exists(path)],
        "docker_host_env": "DOCKER_HOST" in os.environ,
    }
