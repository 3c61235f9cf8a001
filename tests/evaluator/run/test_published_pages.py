"""Pages where the published generator writes them (``RESULT/<id>/<model>/index.html``,
asset paths relative to that folder) judged on the real engine: the same page scores as
it does when ``iwr run`` generated it."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluator.generation.prompt import ASSET_PLACEHOLDER
from evaluator.run.options import RunOptions
from evaluator.run.pages import judge_pages
from evaluator.tasks.loader import load_tasks

REPO = Path(__file__).resolve().parents[3]
pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("sandbox_image")]
MODEL = "Org/Model-X"


def test_a_published_page_scores_as_the_same_page_from_iwr_run(tmp_path: Path) -> None:
    task = next(t for t in load_tasks(REPO / "tasks") if t.id == "coffee-shop")
    html = task.reference_page.read_text()
    for original, anonymous in task.anonymised_names().items():
        html = html.replace(f"assets/{original}", f"{ASSET_PLACEHOLDER}/{anonymous}")
    assert html.count(ASSET_PLACEHOLDER) >= 5
    # As a model's reply reaches iwr run (placeholder resolved by the same post-processing)...
    ours = tmp_path / "ours" / task.id
    ours.mkdir(parents=True)
    (ours / "index.html").write_text(html)
    # ...and as the published generator writes it, the placeholder replaced by its path.
    theirs = tmp_path / "result" / task.id / "org__model-x"
    theirs.mkdir(parents=True)
    (theirs / "index.html").write_text(
        html.replace(ASSET_PLACEHOLDER, f"../../../data/{task.id}/assets")
    )
    a, a_dir = judge_pages(tmp_path / "ours", [task], tmp_path / "runs", RunOptions(run_id="a"))
    b, b_dir = judge_pages(
        tmp_path / "result",
        [task],
        tmp_path / "runs",
        RunOptions(run_id="b"),
        model=MODEL,
        pages_model=MODEL,
    )
    judged_a = (a_dir / task.id / "index.html").read_text()
    assert judged_a == (b_dir / task.id / "index.html").read_text()
    assert "../../../data" not in judged_a
    (ra,), (rb,) = a.tasks, b.tasks
    assert ra.status == rb.status == "ok"
    assert (ra.passed, ra.total) == (rb.passed, rb.total) == (5, 5)
    assert rb.ifs == ra.ifs and abs(rb.vfs - ra.vfs) < 1e-6, (ra.vfs, rb.vfs)
    assert b.model == MODEL
