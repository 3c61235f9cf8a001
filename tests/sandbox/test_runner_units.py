"""Runner and image pieces that need neither Docker nor a browser."""

from __future__ import annotations

import struct
import threading
import zlib
from pathlib import Path

import pytest
from selenium.webdriver.common.keys import Keys

from sandbox import image
from sandbox.errors import ImageBuildError
from sandbox.image import content_hash, context_files
from sandbox.runner.actions import ActionFailed, key_code
from sandbox.runner.browser import png_size
from sandbox.runner.job import JobError, parse_job
from sandbox.runner.probe import has_default_route
from sandbox.runner.record import Step
from sandbox.runner.result import StepStatus
from sandbox.runner.settle import CAP_S as SETTLE_CAP_S
from sandbox.runner.steps import STEP_SLACK_S, action_budget, load_budget
from sandbox.runner.watchdog import Watchdog


def test_parse_job_fills_defaults() -> None:
    job = parse_job({"mode": "judge", "actions": [{"type": "click", "target": {"text": "Go"}}]})
    # No settle_seconds: the runner waits until the page is quiet (a number forces that sleep).
    assert (job.width, job.height, job.settle_seconds) == (1280, 800, None)
    assert parse_job({"mode": "judge", "settle_seconds": 1.25}).settle_seconds == 1.25
    assert job.actions[0].target is not None and job.actions[0].target.text == "Go"
    assert job.actions[0].target.selector is None
    assert job.browser == "headless-shell"
    assert parse_job({"mode": "judge", "browser": "chromium"}).browser == "chromium"


@pytest.mark.parametrize(
    "raw, match",
    [
        ({"mode": "dance"}, "mode"),
        ({"mode": "judge", "actions": [{"type": "hover"}]}, "type"),
        ({"mode": "judge", "actions": [{"type": "press"}]}, "key"),
        ({"mode": "judge", "viewport": {"width": "wide"}}, "width"),
        ({"mode": "judge", "actions": [{"type": "click", "target": {"text": 3}}]}, "target.text"),
        ({"mode": "judge", "browser": "firefox"}, "browser"),
        ({"mode": "judge", "browser": ["chromium"]}, "browser"),
    ],
)
def test_parse_job_names_the_bad_field(raw: dict, match: str) -> None:
    with pytest.raises(JobError, match=match):
        parse_job(raw)


@pytest.mark.parametrize(
    "name, code",
    [
        ("Enter", Keys.ENTER),
        ("ArrowLeft", Keys.ARROW_LEFT),
        ("Tab", Keys.TAB),
        ("Escape", Keys.ESCAPE),
        ("Esc", Keys.ESCAPE),
        ("PageDown", Keys.PAGE_DOWN),
        ("page down", Keys.PAGE_DOWN),
        ("a", "a"),
    ],
)
def test_key_names_map_to_selenium_keys(name: str, code: str) -> None:
    assert key_code(name) == code


def test_unknown_key_is_an_action_failure() -> None:
    with pytest.raises(ActionFailed):
        key_code("Hyperdrive")


# /proc/net/route and ipv6_route as seen with network_mode=none, and with a bridge.
V4_HEADER = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\n"
V4_BRIDGE = V4_HEADER + "eth0\t00000000\t010011AC\t0003\t0\t0\t0\t00000000\n"
V6_LO_ONLY = (
    "00000000000000000000000000000001 80 00000000000000000000000000000000 00 "
    "00000000000000000000000000000000 00000000 00000001 00000000 80200001 lo\n"
    "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
    "00000000000000000000000000000000 ffffffff 00000001 00000000 00200200 lo\n"
)


def test_default_route_detection() -> None:
    assert not has_default_route(V4_HEADER, V6_LO_ONLY)
    assert has_default_route(V4_BRIDGE, "")


def _png(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    )


def test_png_size_reads_the_header() -> None:
    assert png_size(_png(800, 600)) == (800, 600)


def test_build_context_is_dockerfile_and_runner_only() -> None:
    names = [name for name, _ in context_files()]
    assert names[0] == "Dockerfile"
    assert "sandbox/runner/__main__.py" in names
    assert all(n == "Dockerfile" or n.startswith("sandbox/runner/") for n in names)
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)
    assert len(content_hash()) == 64


def test_content_hash_follows_the_runner_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A changed runner must change the label, or ensure_image would keep a stale image.
    runner = tmp_path / "sandbox" / "runner"
    runner.mkdir(parents=True)
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    (runner / "__main__.py").write_text("print('v1')\n")
    monkeypatch.setattr(image, "DOCKERFILE", tmp_path / "Dockerfile")
    monkeypatch.setattr(image, "RUNNER_DIR", runner)
    first = content_hash()
    (runner / "__main__.py").write_text("print('v2')\n")
    assert content_hash() != first


def test_build_base_without_mmdebstrap_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(image.shutil, "which", lambda name: None)
    with pytest.raises(ImageBuildError, match="apt-get install mmdebstrap"):
        image.build_base(log=lambda line: None)


def test_batch_pages_are_plain_distinct_folder_names() -> None:
    assert parse_job({"mode": "judge", "pages": ["a", "b-2"]}).pages == ("a", "b-2")
    assert parse_job({"mode": "judge"}).pages == ()
    for bad in (["../x"], ["a/b"], [".hidden"], ["a", "a"], "a", [1]):
        with pytest.raises(JobError, match="pages"):
            parse_job({"mode": "judge", "pages": bad})


def test_content_tag_names_the_runner_sources() -> None:
    assert image.content_tag("ab" * 32) == f"{image.IMAGE_REPO}:content-{'ab' * 8}"
    assert image.content_tag() == image.content_tag(content_hash())


def test_watchdog_stops_the_browser_when_a_step_overruns() -> None:
    killed = threading.Event()
    dog = Watchdog(kill=killed.set)
    dog.arm(0.05)
    assert killed.wait(2.0), "the watchdog never fired"
    dog.disarm()
    step = Step.action(1, "click")
    step.fail(StepStatus.CRASHED, "the browser died")
    assert dog.overran(step)
    assert step.status == "timeout" and "budget" in step.reason


def test_watchdog_leaves_a_step_that_ends_in_time() -> None:
    killed = threading.Event()
    dog = Watchdog(kill=killed.set)
    dog.arm(0.3)
    dog.disarm()
    assert not killed.wait(0.5)
    step = Step.action(1, "click")
    assert not dog.overran(step) and step.status == "ok"
    # Re-arming clears an earlier firing: each step is judged by its own budget.
    dog.arm(0.01)
    assert killed.wait(2.0)
    dog.arm(5.0)
    dog.disarm()
    assert dog.fired is None


def test_step_budgets_cover_the_limit_the_settle_cap_and_the_read_back() -> None:
    job = parse_job({"mode": "judge", "page_load_timeout_s": 5, "step_timeout_s": 3})
    assert load_budget(job) == 5 + SETTLE_CAP_S + STEP_SLACK_S
    assert action_budget(job) == 3 + SETTLE_CAP_S + STEP_SLACK_S
    fixed = parse_job({"mode": "judge", "step_timeout_s": 3, "settle_seconds": 1.25})
    assert action_budget(fixed) == 3 + 1.25 + STEP_SLACK_S


def test_the_done_line_says_the_cgroup_s_oom_kills_when_it_can_read_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sandbox.runner import __main__ as entry

    v2, v1 = tmp_path / "memory.events", tmp_path / "memory.oom_control"
    monkeypatch.setattr(entry, "CGROUP_V2_EVENTS", str(v2))
    monkeypatch.setattr(entry, "CGROUP_V1_OOM", str(v1))
    assert entry.oom_kills() is None
    v1.write_text("oom_kill_disable 0\nunder_oom 0\noom_kill 1\n")
    assert entry.oom_kills() == 1
    v2.write_text("low 0\nhigh 0\nmax 4\noom 2\noom_kill 2\n")
    assert entry.oom_kills() == 2
    entry.linger(0.01)
    assert capsys.readouterr().out == "iwr-runner: done oom_kill=2\n"
