"""``iwr sandbox check``: start a probe container with the production settings and report.

Each protection is judged twice where it can be: from outside (the inspected container against
what was asked for, ``policy.check_outside``) and from inside (what a process in the container
sees, ``policy.check_inside``). gVisor (``runsc``) is optional: the check says whether the engine
has it, and ``Limits(runtime="runsc")`` runs the probe under it.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docker
from docker.errors import DockerException

from . import policy
from .errors import SandboxUnavailable
from .image import IMAGE_TAG
from .labels import RUN_ID_LABEL
from .launcher import Limits, run_job
from .runner.config import RESULT_NAME
from .runner.result import RunnerStatus
from .status import SandboxStatus

GVISOR_RUNTIME = policy.GVISOR_RUNTIME
INSTALL_GVISOR = "sudo sandbox/install-gvisor.sh"
OPTIONAL_STATES = ("available", "unavailable")


def engine_runtimes(client: docker.DockerClient | None = None) -> list[str]:
    """The OCI runtimes the engine knows by name (``docker info``), sorted.

    Raises:
        SandboxUnavailable: the engine does not answer.
    """
    try:
        client = client or docker.from_env()
        return sorted((client.info().get("Runtimes") or {}).keys())
    except DockerException as exc:
        raise SandboxUnavailable(f"Docker engine unreachable: {exc}") from exc


def limits_for(runtime: str | None, **fields: Any) -> Limits:
    """Sandbox limits for ``runtime``: under gVisor the pids limit (unless given) is scaled by
    ``policy.GVISOR_PIDS_FACTOR``, because the host counts gVisor's own threads against it."""
    if runtime == GVISOR_RUNTIME and "pids" not in fields:
        fields["pids"] = Limits().pids * policy.GVISOR_PIDS_FACTOR
    return Limits(runtime=runtime, **fields)


def require_runtime(runtime: str | None, client: docker.DockerClient | None = None) -> None:
    """Fail early, and say how to fix it, when the engine lacks ``runtime`` (None: no check).

    Raises:
        SandboxUnavailable: the engine has no runtime of that name, or does not answer.
    """
    if not runtime:
        return
    known = engine_runtimes(client)
    if runtime in known:
        return
    how = (
        f"install gVisor and register it with the engine: {INSTALL_GVISOR} "
        "(see docs/SECURITY.md, 'gVisor')"
        if runtime == GVISOR_RUNTIME
        else 'register it under "runtimes" in the engine\'s daemon.json and reload the engine'
    )
    raise SandboxUnavailable(
        f"the Docker engine has no runtime {runtime!r} (it has: {', '.join(known) or 'none'}); "
        + how
    )


@dataclass(frozen=True)
class Report:
    findings: list[policy.Finding]
    optional: list[policy.Finding]
    allowed: frozenset[str]

    @property
    def missing(self) -> list[policy.Finding]:
        """Required protections not enforced and not allowed by name."""
        return [f for f in self.findings if not f.ok and f.name not in self.allowed]

    @property
    def ok(self) -> bool:
        return not self.missing


def run_check(limits: Limits | None = None, *, image: str = IMAGE_TAG) -> Report:
    """Probe one production container; see the module docstring.

    Raises:
        SandboxUnavailable: no engine, no image, no such runtime (``limits.runtime``), or the
            engine dropped a protection that was not allowed (the message names it).
    """
    limits = limits or Limits()
    try:
        client = docker.from_env()
    except DockerException as exc:
        raise SandboxUnavailable(f"Docker engine unreachable: {exc}") from exc
    require_runtime(limits.runtime, client)
    with tempfile.TemporaryDirectory(prefix="iwr-check-") as tmp:
        out = Path(tmp) / "out"
        run = run_job({"mode": "probe"}, None, out, image=image, limits=limits)
        result_path = out / RESULT_NAME
        seen = json.loads(result_path.read_text()) if result_path.is_file() else {}
    outside = policy.check_outside(
        run.inspected,
        memory_mb=limits.memory_mb,
        cpus=limits.cpus,
        pids=limits.pids,
        tmpfs_mb=limits.tmpfs_mb,
        image_id=run.image_id,
        labels={RUN_ID_LABEL: run.run_id},
        engine_security=client.info().get("SecurityOptions") or (),
        runtime=limits.runtime,
    )
    if run.status != SandboxStatus.OK or seen.get("status") != RunnerStatus.OK:
        inside = [
            policy.Finding("probe", "inside", False, f"{run.status}: {run.reason} {run.logs}")
        ]
    else:
        inside = policy.check_inside(
            seen,
            memory_mb=limits.memory_mb,
            cpus=limits.cpus,
            pids=limits.pids,
            tmpfs_mb=limits.tmpfs_mb,
            runtime=limits.runtime,
        )
    runtimes = engine_runtimes(client)
    if limits.runtime == GVISOR_RUNTIME:
        seen_inside = {f.name for f in inside}
        outside_only = [n for n in policy.GVISOR_OUTSIDE_ONLY if n not in seen_inside]
        note = f"probed under {GVISOR_RUNTIME}" + (
            f"; not visible inside gVisor, checked outside only: {', '.join(outside_only)}"
            if outside_only
            else ""
        )
    elif GVISOR_RUNTIME in runtimes:
        note = f"the engine has it; probe with it: iwr sandbox check --runtime {GVISOR_RUNTIME}"
    else:
        note = f"not installed (optional): {INSTALL_GVISOR}"
    gvisor = policy.Finding(
        "gvisor", "engine", GVISOR_RUNTIME in runtimes, f"runtimes: {', '.join(runtimes)}; {note}"
    )
    allowed = frozenset(limits.allow_missing) | policy.allowed_from_env()
    return Report(outside + inside, [gvisor], allowed)


def format_table(report: Report) -> str:
    """A plain-text table: protection, where it was seen, state, detail."""
    rows = []
    for f in report.findings:
        state = "enforced" if f.ok else ("ALLOWED" if f.name in report.allowed else "MISSING")
        rows.append((f.name, f.where, state, f.detail))
    for f in report.optional:
        rows.append((f.name, f.where, "available" if f.ok else "unavailable", f.detail))
    header = ("protection", "seen", "state", "")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in (0, 1, 2)]
    lines = [
        f"{'protection':<{widths[0]}}  {'seen':<{widths[1]}}  {'state':<{widths[2]}}  detail",
    ]
    for name, where, state, detail in sorted(rows, key=lambda r: (r[0], r[1])):
        # The optional rows say how to get or use gVisor: shown whole.
        short = detail if len(detail) <= 90 or state in OPTIONAL_STATES else detail[:87] + "..."
        lines.append(f"{name:<{widths[0]}}  {where:<{widths[1]}}  {state:<{widths[2]}}  {short}")
    missing = report.missing
    lines.append("")
    lines.append(
        "every required protection is enforced"
        if not missing
        else f"MISSING: {', '.join(sorted({f.name for f in missing}))}"
    )
    return "\n".join(lines)
