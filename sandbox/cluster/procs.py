"""The Ray nodes ``iwr cluster`` started on this machine: recorded, found and stopped by process.

``ray stop`` kills every Ray process of the machine, whoever started it (another user's
cluster, another run's head, a test's). ``iwr cluster stop`` stops only the nodes iwr started
here: ``start_head`` and ``join`` record each node (its address on this machine and its
cluster's ``HEAD:PORT``) under ``$IWR_CLUSTER_DIR`` (default ``~/.cache/iwr/cluster``), and
stopping one signals exactly its processes, found by their command lines: every Ray process of
a node names the node's address (``--node-ip-address``, ``--node_ip_address`` or, for the
head's autoscaler, ``--monitor-ip``) and its cluster (``--gcs-address=HEAD:PORT``, or the GCS
server's own ``--gcs_server_port``), and its workers and agents are the raylet's children.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
from dataclasses import asdict, dataclass
from pathlib import Path

__all__ = ["NodeRecord", "forget", "node_processes", "record", "recorded", "signal_all"]

HEAD = "head"
NODE = "node"
_IP_FLAGS = ("--node-ip-address=", "--node_ip_address=", "--monitor-ip=")


@dataclass(frozen=True)
class NodeRecord:
    """A node iwr started here: its address on this machine, its cluster's head, its role."""

    ip: str
    address: str  # the cluster's HEAD:PORT
    role: str  # HEAD or NODE

    @property
    def name(self) -> str:
        return f"{self.role} {self.ip} of {self.address}"


def state_dir() -> Path:
    return Path(os.environ.get("IWR_CLUSTER_DIR") or Path.home() / ".cache" / "iwr" / "cluster")


def _path(rec: NodeRecord) -> Path:
    return state_dir() / f"{rec.ip}@{rec.address.replace(':', '_')}.json"


def record(rec: NodeRecord) -> None:
    """Remember that iwr started ``rec`` on this machine."""
    path = _path(rec)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(rec)) + "\n", encoding="utf-8")


def forget(rec: NodeRecord) -> None:
    _path(rec).unlink(missing_ok=True)


def recorded(address: str | None = None) -> list[NodeRecord]:
    """The nodes iwr started here (of the cluster at ``address`` only, when given); judging
    nodes before heads, so a head stops last."""
    found = []
    for path in sorted(state_dir().glob("*.json")):
        try:
            rec = NodeRecord(**json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):  # a damaged record names nothing to stop
            continue
        if address is None or rec.address == address:
            found.append(rec)
    return sorted(found, key=lambda r: r.role == HEAD)


def _argv(proc: Path) -> list[str]:
    return (proc / "cmdline").read_bytes().decode(errors="replace").split("\0")


def _is_of(argv: list[str], rec: NodeRecord) -> bool:
    """Whether a process's arguments (each whole, never a substring of another, e.g. the
    raylet's worker command line) make it one of ``rec``'s node processes."""
    if not any(arg in (flag + rec.ip for flag in _IP_FLAGS) for arg in argv):
        return False
    port = rec.address.rpartition(":")[2]
    in_cluster = f"--gcs-address={rec.address}" in argv
    gcs = rec.role == HEAD and f"--gcs_server_port={port}" in argv
    return in_cluster or gcs


def node_processes(rec: NodeRecord, proc_root: Path = Path("/proc")) -> list[int]:
    """The pids of ``rec``'s processes on this machine and of everything under them."""
    parents: dict[int, int] = {}
    roots: set[int] = set()
    for entry in proc_root.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = _argv(entry)
            parents[int(entry.name)] = int(
                (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
            )
        except (OSError, ValueError, IndexError):  # gone meanwhile, or not ours to read
            continue
        if _is_of(argv, rec):
            roots.add(int(entry.name))
    found, frontier = set(roots), list(roots)
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in found]
        found.update(children)
        frontier += children
    return sorted(found)


def signal_all(pids: list[int], *, force: bool, timeout: float) -> list[int]:
    """SIGTERM ``pids`` (SIGKILL when ``force``), wait up to ``timeout`` seconds for them to
    end, SIGKILL what is left; returns the pids still alive after that."""
    sig = signal.SIGKILL if force else signal.SIGTERM
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, sig)
    deadline = time.monotonic() + timeout
    alive = list(pids)
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [pid for pid in alive if _alive(pid)]
    for pid in alive:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    time.sleep(0.2 if alive else 0)
    return [pid for pid in alive if _alive(pid)]


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, ended and not yet reaped, does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
