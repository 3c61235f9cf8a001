"""The coordinator's connection to a Ray cluster: a driver on one of the cluster's nodes.

How the coordinator reaches the cluster (decided here, documented in docs/ARCHITECTURE.md):
it runs on a machine that is a node of the cluster (the head, usually: ``iwr cluster head``
there, then ``iwr run --sandboxes ray://HEAD:PORT`` on the same machine) and connects with
``ray.init(address="HEAD:PORT")`` as an ordinary driver. Ray Client (``ray://`` to port
10001) is not used: it needs one more open port and a server on the head, and moves every
page's bytes through a proxy. A driver needs a raylet on its own machine, so connecting from
a machine that is no node fails at once with a message saying so, instead of Ray's minute of
retries.

Ray replaces ``127.0.0.1`` and ``localhost`` in the address by this machine's own address
before connecting, so a head bound to 127.0.0.1 cannot be reached that way (seen: a minute of
"Failed to connect to GCS at <machine address>"); a head on loopback binds to another 127.x
address (the tests use 127.0.0.4), or to the machine's address.

Token authentication is always on: ``RAY_AUTH_MODE=token`` and the cluster's token
(``token`` argument, else ``RAY_AUTH_TOKEN``, ``RAY_AUTH_TOKEN_PATH`` or ``~/.ray/auth_token``
as Ray reads them). Ray is imported here only when a run asks for it.
"""

from __future__ import annotations

import logging
import os
import threading
from types import ModuleType
from typing import Any

from ..errors import SandboxUnavailable

__all__ = [
    "NAMESPACE",
    "RUNSC_RESOURCE",
    "SANDBOX_RESOURCE",
    "auth_env",
    "connect",
    "disconnect",
    "import_ray",
    "slots_by_node",
]

log = logging.getLogger(__name__)

# The custom resources a judging node offers: one unit per sandbox slot; gVisor slots also
# carry iwr_runsc, so a run under runsc is placed only where the engine has it.
SANDBOX_RESOURCE = "iwr_sandbox"
RUNSC_RESOURCE = "iwr_runsc"
RUNSC = "runsc"
# The Ray namespace the coordinator's actors live in.
NAMESPACE = "iwr"
INSTALL_HINT = "Ray is not installed; install the extra: pip install 'iwr-bench[ray]'"

_lock = threading.Lock()
_address: str | None = None


def import_ray() -> ModuleType:
    """The ``ray`` module, imported now (never at import time of sandbox/ or evaluator/).

    Raises:
        SandboxUnavailable: Ray is not installed.
    """
    try:
        import ray
    except ImportError as exc:
        raise SandboxUnavailable(INSTALL_HINT) from exc
    return ray


def auth_env(token: str | None) -> dict[str, str]:
    """The environment that turns Ray's token authentication on (with ``token`` if given)."""
    env = {"RAY_AUTH_MODE": "token", "RAY_USAGE_STATS_ENABLED": "0"}
    if token:
        env["RAY_AUTH_TOKEN"] = token
    return env


def _local_raylet(ray: ModuleType) -> bool:
    """Whether a raylet runs on this machine (a driver attaches to one)."""
    try:
        from ray._private import services

        return bool(services.find_node_ids())
    except (ImportError, AttributeError):  # Ray moved it: let ray.init say what is wrong
        return True


def connect(address: str, *, token: str | None = None, node_ip: str | None = None) -> None:
    """Connect this process to the cluster at ``address`` (``HOST:PORT``); idempotent.

    ``node_ip``: the cluster node of this machine to attach to, where several run here (the
    head is preferred by Ray otherwise).

    Raises:
        SandboxUnavailable: Ray is missing, no node of the cluster runs on this machine, the
            cluster refuses the token, or this process is connected to another cluster.
    """
    global _address
    with _lock:
        os.environ.update(auth_env(token))
        ray = import_ray()
        if ray.is_initialized():
            if _address == address:
                return
            raise SandboxUnavailable(
                f"this process is connected to the Ray cluster at {_address}, not {address}"
            )
        _refresh_auth(ray)
        if not _local_raylet(ray):
            raise SandboxUnavailable(
                f"cannot use the Ray cluster at {address} from here: the coordinator runs on a "
                "node of the cluster (on the head: `iwr cluster head`, or on a machine that "
                "joined it) and no Ray node runs on this machine"
            )
        try:
            ray.init(
                address=address,
                namespace=NAMESPACE,
                log_to_driver=False,
                logging_level=logging.WARNING,
                _node_ip_address=node_ip,
            )
        except Exception as exc:  # Ray raises many types (ConnectionError, RuntimeError, ...)
            raise SandboxUnavailable(
                f"cannot connect to the Ray cluster at {address}: {type(exc).__name__}: {exc}"
            ) from exc
        _address = address


def _refresh_auth(ray: ModuleType) -> None:
    """Ray reads RAY_AUTH_MODE into its config once; read it again after setting it here."""
    try:
        import ray._raylet as raylet
    except ImportError:
        return
    initialize = getattr(getattr(raylet, "Config", None), "initialize", None)
    if initialize is None:
        log.debug("Ray %s has no Config.initialize; RAY_AUTH_MODE read at import", ray.__version__)
    else:
        initialize("")


def disconnect() -> None:
    """Leave the cluster (``ray.shutdown``), if connected."""
    global _address
    with _lock:
        if _address is None:
            return
        import ray

        ray.shutdown()
        _address = None


def slots_by_node(runtime: str | None = None) -> dict[str, int]:
    """Sandbox slots per live node (by node IP) of the connected cluster; under ``runsc`` only
    the slots that also carry ``iwr_runsc``."""
    ray = import_ray()
    slots: dict[str, int] = {}
    for node in ray.nodes():
        if not node.get("Alive"):
            continue
        resources: dict[str, Any] = node.get("Resources") or {}
        count = int(resources.get(SANDBOX_RESOURCE, 0))
        if runtime == RUNSC:
            count = min(count, int(resources.get(RUNSC_RESOURCE, 0)))
        if count > 0:
            ip = str(node.get("NodeManagerAddress", ""))
            slots[ip] = slots.get(ip, 0) + count
    return slots
