"""How often the recording's pointer is found for a click or type, and whether it is on
the target (``evaluator.tasks.pointing``).

Over the description-only sets with recorded target boxes (``tasks-described/`` and
``tasks-heldout/`` to ``tasks-heldout13/``, ``reference_boxes.json``: per task
and step, the box of the element the recording acted on, in the viewport after the recorder
scrolled it into view, so the point is compared with the scroll taken off). Per set: click
and type actions, points found, inside the target box (2 px slack, as ``judge_suite``),
wrong (found, outside), and the seconds per task (decoding included; a cold cache). No
Docker, no browser.

    python -m benchmarks.pointing                 # every set
    python -m benchmarks.pointing --details       # every action: point, box, why not
    python -m benchmarks.pointing --frames 60     # each video cut off after 60 frames
                                                  # (the frame budget: still 0 wrong)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from evaluator.tasks.loader import load_tasks
from evaluator.tasks.pointing import task_pointings
from evaluator.tasks.video_budget import Budget

REPO = Path(__file__).resolve().parents[1]
SETS = {
    "described": REPO / "tasks-described",
    "heldout": REPO / "tasks-heldout",
    "heldout2": REPO / "tasks-heldout2",
    "heldout3": REPO / "tasks-heldout3",
    "heldout4": REPO / "tasks-heldout4",
    "heldout5": REPO / "tasks-heldout5",
    "heldout6": REPO / "tasks-heldout6",
    "heldout7": REPO / "tasks-heldout7",
    # Read once judged blind; the sets still unread (tasks-heldout14/ to 17/) stay out.
    "heldout8": REPO / "tasks-heldout8",
    "heldout9": REPO / "tasks-heldout9",
    "heldout10": REPO / "tasks-heldout10",
    "heldout11": REPO / "tasks-heldout11",
    "heldout12": REPO / "tasks-heldout12",
    "heldout13": REPO / "tasks-heldout13",
}
SLACK = 2.0


@dataclass
class Row:
    """One set's figures."""

    name: str
    actions: int = 0
    found: int = 0
    inside: int = 0
    wrong: int = 0
    tasks: int = 0
    seconds: float = 0.0
    details: list[str] = field(default_factory=list)

    def line(self) -> str:
        per_task = self.seconds / self.tasks if self.tasks else 0.0
        return (
            f"{self.name}: {self.actions} click/type actions, found {self.found}, "
            f"inside the target box {self.inside}, wrong {self.wrong}, "
            f"{per_task:.2f} s a task ({self.tasks} tasks)"
        )


def inside(x: float, y: float, box: list[float]) -> bool:
    bx, by, bw, bh = box
    return bx - SLACK <= x <= bx + bw + SLACK and by - SLACK <= y <= by + bh + SLACK


def measure(name: str, folder: Path, budget: Budget | None = None) -> Row:
    row = Row(name)
    boxes = json.loads((folder / "reference_boxes.json").read_text(encoding="utf-8"))
    for task in load_tasks(folder / "data.jsonl"):
        row.tasks += 1
        started = time.monotonic()
        found = task_pointings(task, budget)
        row.seconds += time.monotonic() - started
        for i, action in enumerate(task.actions):
            if action.type not in ("click", "type"):
                continue
            row.actions += 1
            p = found[i]
            box = boxes.get(task.id, {}).get(str(i + 1))
            verdict = "not found"
            if p.found and p.x is not None and p.y is not None:
                row.found += 1
                if box and inside(p.x, p.y - p.scrolled, box):
                    row.inside += 1
                    verdict = "inside"
                else:
                    row.wrong += 1
                    verdict = "WRONG"
            row.details.append(
                f"{task.id} #{i + 1} {action.type} [{verdict}] frame {p.frame} "
                f"point {p.x},{p.y} scrolled {p.scrolled} box {box} {p.why}"
            )
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), action="append", dest="sets")
    parser.add_argument("--details", action="store_true")
    parser.add_argument(
        "--frames", type=int, help="the frame budget (default: IWR_POINTING_FRAMES or 6000)"
    )
    args = parser.parse_args(argv)
    budget = Budget.from_env()
    if args.frames is not None:
        budget = Budget(seconds=budget.seconds, frames=args.frames)
    for name in args.sets or list(SETS):
        row = measure(name, SETS[name], budget)
        if args.details:
            print("\n".join(row.details))
        print(row.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
