"""Judging on a Ray cluster: sandbox slots on other machines, every protection kept (issue 16).

Each judging machine keeps its own Docker engine and runs the local machinery unchanged (a
one-slot ``SandboxPool`` per slot); Ray only places work and carries bytes. Nothing here
imports Ray at import time: ``ray`` is an optional extra (``pip install 'iwr-bench[ray]'``),
imported inside the functions that need it, so ``sandbox`` and ``evaluator`` load without it.

- ``node``: the machine side, what ``iwr cluster`` (evaluator/cli/cluster.py) calls:

    start_head(host: str, port: int, *, token: str | None = None,
               system_config: dict | None = None) -> HeadInfo
        ``ray start --head`` bound to ``host``, token authentication on, no dashboard, no
        CPUs (the head places work and hosts the coordinator; it judges nothing unless the
        machine also joins); returns the address (``HOST:PORT``) and the token.
    join(head: str, *, slots: int, runtime: str | None = None, node_ip: str, token: str,
         image: str | None = None) -> None
        runs the sandbox protection check first (what ``iwr sandbox check`` runs, for the
        default runtime and for ``runtime``) and raises ``JoinRefused`` naming what is
        missing; then ``ray start --address HEAD --node-ip-address NODE_IP --resources
        '{"iwr_sandbox": N[, "iwr_runsc": N]}'``.
    stop() -> None
        ``ray stop``: every Ray process of this machine.
    cluster_slots(address: str, *, token: str | None = None, runtime: str | None = None) -> int
        the sandbox slots the cluster offers (``--workers`` default).

- ``connect``: the coordinator's driver connection (``ray.init(address="HOST:PORT")``, on a
  machine that is a cluster node: the head, usually).
- ``slot``: ``SandboxSlot``, the Ray actor of one sandbox slot (custom resource
  ``iwr_sandbox: 1``, plus ``iwr_runsc: 1`` under gVisor).
- ``backend``: ``RayBackend``, the ``SandboxBackend`` named ``ray://HOST:PORT``.
"""
