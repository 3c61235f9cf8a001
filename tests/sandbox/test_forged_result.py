"""A compromised runner that forges its result.json, on the real engine: the host checks what
comes out (sandbox.verify) before reading it, and the task ends "crashed" with the place named.

As in test_hostile.py, the compromised runner is an image whose entry point is replaced; here
it writes one forged result for a judge job (and a real-looking screenshot) and exits 0.
"""

from __future__ import annotations

import io
import tarfile
from collections.abc import Iterator
from pathlib import Path

import docker
import pytest

from sandbox.labels import RUN_ID_LABEL
from sandbox.launcher import run_job

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]

# kind -> (result.json the runner writes, where the host's check must say it is wrong)
FORGED = {
    "shot-outside": (
        '{"status": "ok", "steps": [{"index": 0, "status": "ok", '
        '"screenshot": "../../../etc/passwd"}]}',
        "steps[0].screenshot",
    ),
    "shot-missing": (
        '{"status": "ok", "steps": [{"index": 0, "status": "ok", "screenshot": "step_9.png"}]}',
        "steps[0].screenshot",
    ),
    "status-unknown": ('{"status": "perfect", "steps": []}', "status"),
    "steps-not-list": ('{"status": "ok", "steps": {"0": "ok"}}', "steps"),
    "step-types": ('{"status": "ok", "steps": [{"index": "0", "status": "ok"}]}', "steps[0].index"),
    "not-json": ('{"status": "ok", "steps": [', "result.json"),
    # Expanded by the runner: 9 MB, over the 8 MB cap on result.json.
    "too-big": ("BIG", "result.json"),
}


def _left_behind(run_id: str) -> list[str]:
    """Labelled containers and volumes of ``run_id`` still present. Sparse listing: another run
    removing its own containers meanwhile must not fail the look (gc.run_ids inspects each)."""
    client = docker.from_env()
    label = {"label": f"{RUN_ID_LABEL}={run_id}"}
    names = [c.id for c in client.containers.list(all=True, sparse=True, filters=label)]
    return names + [v.name for v in client.volumes.list(filters=label)]


FORGING_RUNNER = r"""
import json
forged = json.load(open("/opt/forged.json"))
job = json.load(open("/work/in/job.json"))
text = forged[job["forge"]]
if text == "BIG":
    text = '{"status": "ok", "reason": "' + "x" * (9 << 20) + '"}'
open("/work/out/step_0.png", "wb").write(b"\x89PNG")
open("/work/out/result.json", "w").write(text)
"""


@pytest.fixture(scope="module")
def forging_image(sandbox_image: str) -> Iterator[str]:
    import json

    client = docker.from_env()
    files = {
        "Dockerfile": f"FROM {sandbox_image}\nCOPY forge.py forged.json /opt/\n"
        'ENTRYPOINT ["python3", "/opt/forge.py"]\n',
        "forge.py": FORGING_RUNNER,
        "forged.json": json.dumps({kind: text for kind, (text, _) in FORGED.items()}),
    }
    context = io.BytesIO()
    with tarfile.open(fileobj=context, mode="w") as tar:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    context.seek(0)
    tag = "iwr-sandbox-forging:test"
    client.images.build(fileobj=context, custom_context=True, tag=tag, rm=True, labels={})
    yield tag
    client.images.remove(tag, force=True)


@pytest.mark.parametrize("kind", sorted(FORGED))
def test_a_forged_result_is_refused(tmp_path: Path, forging_image: str, kind: str) -> None:
    out = tmp_path / "out"
    job = {"mode": "judge", "forge": kind, "actions": []}
    run = run_job(job, None, out, image=forging_image)
    where = FORGED[kind][1]
    assert run.status == "crashed", run
    assert run.reason.startswith(f"runner reported invalid result: {where}: "), run.reason
    assert not (out / "result.json").exists(), "an invalid result must not stay to be read"
    assert not _left_behind(run.run_id)
