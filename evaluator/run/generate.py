"""Asking the model for a task's page, or reusing the one stored from an earlier attempt."""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Hashable
from pathlib import Path
from typing import Any, Protocol

from clients.digest import bundle_sha256
from clients.types import Bundle, Generation, ModelError
from evaluator.atomic import write_atomic
from evaluator.generation.bundle import build_bundle
from evaluator.generation.postprocess import (
    NoPageError,
    finalize_page,
)
from evaluator.results import (
    TaskStatus,
)
from evaluator.run.folder import (
    GENERATION_FILE,
    PAGE_FILE,
    REPLY_FILE,
    TASK_RESULT_FILE,
    read_json,
    write_json,
)
from evaluator.run.naming import now
from evaluator.tasks.changes import file_stamp
from evaluator.tasks.published import STITCHED_DIR
from evaluator.tasks.task import Task
from evaluator.tasks.video import VideoError


class ModelClient(Protocol):
    """What a run needs of a model: GrpcModelClient, OpenAIClient and any other client fit."""

    def info(self) -> Any: ...

    def generate(self, bundle: Bundle) -> Generation: ...


# Bundles kept in memory: a task's samples are asked for one after another, so a few suffice
# (a bundle is its frames and assets, some megabytes).
RECENT_BUNDLES = 8


class _RecentBundles:
    """The last few bundles built, so a task's samples (and a resume's check of each
    stored generation's hash) sample the video once, not once each (about 1 s a task).

    Keyed by everything a bundle is built from (the task's files by size and mtime, its
    viewport, the prompt template), so an edited task is built again. Two threads asking
    for the same task build it once."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._items: OrderedDict[Hashable, Bundle] = OrderedDict()
        self._building: dict[Hashable, threading.Lock] = {}

    def get(self, task: Task, prompt_template: str | None) -> Bundle:
        key = _bundle_key(task, prompt_template)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            building = self._building.setdefault(key, threading.Lock())
        with building:
            with self._lock:
                if key in self._items:
                    return self._items[key]
            try:
                bundle = build_bundle(task, prompt_template=prompt_template)
            finally:
                with self._lock:
                    self._building.pop(key, None)
            with self._lock:
                self._items[key] = bundle
                while len(self._items) > self._size:
                    self._items.popitem(last=False)
        return bundle


def _bundle_key(task: Task, prompt_template: str | None) -> Hashable:
    sheets = task.root / STITCHED_DIR
    files = [task.video, *task.asset_files()]
    if sheets.is_dir():
        files += sorted(sheets.iterdir())
    stamps = tuple((str(f), file_stamp(f)) for f in files)
    return (task.id, str(task.root), task.width, task.height, prompt_template, stamps)


_BUNDLES = _RecentBundles(RECENT_BUNDLES)


def generate(
    client: ModelClient,
    task: Task,
    task_dir: Path,
    regenerate: bool,
    prompt_template: str | None = None,
    seed: int | None = None,
) -> dict[str, Any]:
    """The task's generation record: the stored one when usable, else a fresh call.

    Everything the model sent is on disk before this returns: ``reply.txt`` first, then
    ``index.html``, then ``generation.json`` (the marker that the rest is complete).
    """
    gen_path = task_dir / GENERATION_FILE
    stored = None if regenerate else read_json(gen_path)
    try:
        bundle = _BUNDLES.get(task, prompt_template)
    except VideoError as exc:
        return {"status": TaskStatus.TASK_ERROR, "reason": str(exc)}
    if seed is not None:
        bundle = dataclasses.replace(bundle, seed=seed)
    sha = bundle_sha256(bundle)  # cached: the client sending it needs the same hash
    if (
        stored
        and stored.get("status") == TaskStatus.OK
        and stored.get("bundle_sha256") == sha
        and (task_dir / PAGE_FILE).is_file()
    ):
        return {**stored, "reused": True}
    # A new generation: anything judged from an older page is stale from here on.
    (task_dir / TASK_RESULT_FILE).unlink(missing_ok=True)
    (task_dir / PAGE_FILE).unlink(missing_ok=True)
    record: dict[str, Any] = {"bundle_sha256": sha, "started_at": now()}
    try:
        gen = client.generate(bundle)
    except ModelError as exc:
        record.update(status=TaskStatus.MODEL_ERROR, reason=str(exc), finished_at=now())
        write_json(gen_path, record)
        return record
    except Exception as exc:  # a client bug must not take the other tasks down
        record.update(
            status=TaskStatus.MODEL_ERROR, reason=f"client failed: {type(exc).__name__}: {exc}"
        )
        write_json(gen_path, record)
        return record
    record.update(
        finished_at=now(),
        seconds=round(gen.seconds, 3),
        finish_reason=gen.finish_reason,
        input_tokens=gen.input_tokens,
        output_tokens=gen.output_tokens,
        model=gen.model,
        extra=dict(gen.extra),
        reply_file=REPLY_FILE,
    )
    write_atomic(task_dir / REPLY_FILE, gen.text)
    try:
        html = finalize_page(gen.text)
    except NoPageError as exc:
        record.update(status=TaskStatus.MODEL_ERROR, reason=f"no usable page in the reply: {exc}")
        write_json(gen_path, record)
        return record
    write_atomic(task_dir / PAGE_FILE, html)
    record["status"] = TaskStatus.OK
    write_json(gen_path, record)
    return record


def generation_summary(record: dict[str, Any]) -> dict[str, Any]:
    keys = ("seconds", "finish_reason", "input_tokens", "output_tokens", "reused")
    out = {k: record[k] for k in keys if k in record}
    attempts = record.get("extra", {}).get("attempts")
    if attempts:
        out["attempts"] = int(attempts)
    return out
