"""Entry point: ``python3 -m sandbox.runner`` reads /work/in/job.json and writes /work/out.

Whatever goes wrong, the outcome is a status and reason in result.json; the exit code is 0
whenever result.json was written, so a non-zero exit always means the runner itself died.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path

from .config import IN_DIR, JOB_NAME, OUT_DIR, PAGE_NAME
from .job import JobError, parse_job
from .probe import probe
from .replay import replay
from .result import ResultFile


def run(in_dir: Path, out_dir: Path) -> ResultFile:
    """Run the job in ``in_dir``; never raises for a bad job or page (see ResultFile)."""
    result = ResultFile(out_dir)
    result.write()
    try:
        raw = json.loads((in_dir / JOB_NAME).read_text(encoding="utf-8"))
        job = parse_job(raw)
    except (OSError, JobError, json.JSONDecodeError) as exc:
        result.finish("job_error", f"cannot read the job: {exc}")
        return result
    if job.mode == "probe":
        # Probe results replace the replay fields: there is no browser, no step, no frame.
        result.data = {"status": "running", "reason": "", **probe()}
        result.finish("ok", "")
        return result
    if not job.pages:
        replay(job, in_dir / PAGE_NAME, out_dir, result)
        return result
    # Batch: one fresh browser per page; the top-level result lists each page's status.
    pages: dict[str, dict] = {}
    result.data["pages"] = pages
    for name in job.pages:
        (out_dir / name).mkdir()
        page_result = ResultFile(out_dir / name)
        page_result.write()
        started = time.monotonic()
        try:
            replay(job, in_dir / PAGE_NAME / name, out_dir / name, page_result)
        except Exception as exc:  # one page must not stop the batch; record and go on
            traceback.print_exc()
            page_result.finish("runner_error", f"{type(exc).__name__}: {exc}")
        seconds = round(time.monotonic() - started, 3)
        pages[name] = {"status": page_result.data["status"], "seconds": seconds}
        result.write()
    result.finish("ok", "")
    return result


def main() -> int:
    out_dir = Path(OUT_DIR)
    try:
        run(Path(IN_DIR), out_dir)
    except Exception as exc:  # the last line of defence: record, do not just print a traceback
        traceback.print_exc()
        try:
            ResultFile(out_dir).finish("runner_error", f"{type(exc).__name__}: {exc}")
        except OSError:
            traceback.print_exc()
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
