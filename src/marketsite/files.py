"""Writing a file so that a reader sees the old one or the new one, never half of one.

Used by every stage that writes into a shared folder (the chart and page caches, the
site's staging folder, the data the editor saves), so it sits outside the stages.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write via a temporary file and rename, so readers (parallel locale builds sharing a
    cache, a preview watching the data) see the old file or the new one, never half of
    one. The temporary file is hidden beside ``path`` and removed if the write fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        # mkstemp's file is private; cached files are hard-linked into the published
        # site, and data files are read by whoever reads the checkout.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
