"""Write the recorded description-only tasks in the published layout, as released.

    python tasks-described/make_sources.py /tmp/src        # task.json + reference pages
    iwr tasks record --tasks /tmp/src                      # checkpoints + video
    python tasks-described/publish.py /tmp/src             # -> tasks-described/data.jsonl
    python tasks-described/publish.py /tmp/held-src tasks-heldout   # another set's folder

``data.jsonl`` holds only what the published dataset holds (descriptions, logical
assertions, flags, a Type's text and a Press's key); our ``iwr`` key (the recording
selectors) is dropped. ``data/<id>/`` holds the checkpoints, the video, the assets and
the reference page (used only as the oracle when judging the reference itself).

``reference_boxes.json`` holds, per task and step, the box of the element the recording
acted on (from the recorder's trace): only ``benchmarks/judge_suite.py`` reads it, to count
wrong targets; the judge never sees it.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from evaluator.tasks.loader import load_tasks  # noqa: E402
from evaluator.tasks.published import export_published  # noqa: E402

HERE = Path(__file__).resolve().parent


def publish(src: Path, out: Path = HERE) -> Path:
    if (out / "data").exists():
        shutil.rmtree(out / "data")
    data = export_published(load_tasks(src), out)
    rows = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines()]
    for row in rows:
        row.pop("iwr", None)
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    boxes = {}
    for trace in sorted(src.glob("*/checkpoints/reference_trace.json")):
        steps = json.loads(trace.read_text(encoding="utf-8"))
        boxes[trace.parents[1].name] = {
            str(s["index"]): s["target"]["box"]
            for s in steps
            if isinstance(s.get("target"), dict) and s["target"].get("box")
        }
    lines = [f"{json.dumps(k)}: {json.dumps(v)}" for k, v in boxes.items()]
    (out / "reference_boxes.json").write_text("{\n" + ",\n".join(lines) + "\n}\n")
    return data


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: publish.py SOURCES [SET_FOLDER]  (SOURCES recorded by iwr tasks record)")
    # A second argument names the set's folder (the held-out sets publish the same way).
    print(publish(Path(sys.argv[1]), Path(sys.argv[2]).resolve() if len(sys.argv) > 2 else HERE))
