"""Write the recorded held-out tasks in the published layout, as tasks-described/ does.

    python tasks-heldout/make_sources.py /tmp/held-src
    iwr tasks record --tasks /tmp/held-src
    python tasks-heldout/publish.py /tmp/held-src          # -> tasks-heldout/data.jsonl

The same export as ``tasks-described/publish.py`` (our ``iwr`` key dropped, the reference
boxes from the recorder's trace for counting wrong targets), into this folder.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
_SPEC = importlib.util.spec_from_file_location(
    "described_publish", HERE.parent / "tasks-described" / "publish.py"
)
assert _SPEC is not None and _SPEC.loader is not None
_DESCRIBED = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(_DESCRIBED)

if __name__ == "__main__":
    print(_DESCRIBED.publish(Path(sys.argv[1]), HERE))
