"""Writing a file so that a reader sees the old one or the new one, never half of one.

Used by every stage that writes into a shared folder (the chart and page caches, the
site's staging folder), so it sits outside the stages.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write via a temporary file and rename, so readers (parallel locale builds sharing a
    cache) see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    data = content.encode("utf-8") if isinstance(content, str) else content
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    # mkstemp's file is private; cached files are hard-linked into the published site.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary, 0o666 & ~umask)
    os.replace(temporary, path)
