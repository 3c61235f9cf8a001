"""A task's bundle is built once for all its samples, and again when the task's files change."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from evaluator.run import generate as gen_module
from evaluator.run.generate import _RecentBundles
from evaluator.tasks.loader import load_tasks
from tests.evaluator.bundled import copy_bundled, shorten_recording


def _counting(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    built: list[str] = []
    real = gen_module.build_bundle

    def counted(task, **kw):  # type: ignore[no-untyped-def]
        built.append(task.id)
        return real(task, **kw)

    monkeypatch.setattr(gen_module, "build_bundle", counted)
    return built


def test_samples_share_one_bundle(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    built = _counting(monkeypatch)
    (task,) = copy_bundled(["tip-calculator"], tmp_path)
    cache = _RecentBundles(4)
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.get(task, None))) for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert built == ["tip-calculator"]
    assert all(b is results[0] for b in results)
    # Another prompt template is another bundle.
    cache.get(task, "custom {frame_count}")
    assert built == ["tip-calculator", "tip-calculator"]


def test_edited_video_is_sampled_again(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    built = _counting(monkeypatch)
    (task,) = copy_bundled(["tip-calculator"], tmp_path)
    cache = _RecentBundles(4)
    first = cache.get(task, None)
    shorten_recording(tmp_path / "tip-calculator")  # rewritten: a new mtime
    os.utime(task.video, ns=(1, 1))
    (task,) = load_tasks(tmp_path)
    second = cache.get(task, None)
    assert built == ["tip-calculator", "tip-calculator"]
    assert second == first  # the same recording rewritten: the same content


def test_oldest_bundle_is_dropped(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    built = _counting(monkeypatch)
    tasks = copy_bundled(["coffee-shop", "tip-calculator"], tmp_path)
    cache = _RecentBundles(1)
    for task in (*tasks, tasks[0]):
        cache.get(task, None)
    assert built == ["coffee-shop", "tip-calculator", "coffee-shop"]
