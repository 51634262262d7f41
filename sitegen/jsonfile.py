"""Small JSON state files in the cache folder (write manifest, render units, no-op stamp),
written atomically: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import json
import os
from pathlib import Path


def save_json(path: Path, data: object) -> bool:
    """Write ``data`` compactly to ``path`` via a temporary file and a rename; False if the
    disk refused (these files only save work next time, so callers carry on)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        return False
    return True
