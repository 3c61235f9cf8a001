"""Probe mode: report, from inside the sandbox, what a page could reach. No browser involved.

The tests use this to prove the isolation holds (no route out, read-only root, no capabilities)
on the real engine, rather than trusting the container options that were asked for.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Any

# Addresses a page would try to reach: the internet and a private network.
PROBE_TARGETS = (("1.1.1.1", 80), ("10.0.0.1", 80))
_RTF_REJECT = 0x0200


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
    }
