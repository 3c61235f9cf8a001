"""Write the recorded second held-out set in the published layout, as tasks-heldout/ does.

    python tasks-heldout2/make_sources.py /tmp/held2-src
    iwr tasks record --tasks /tmp/held2-src
    python tasks-heldout2/publish.py /tmp/held2-src          # -> tasks-heldout2/data.jsonl

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
