"""What a long-running process keeps between its builds of the same data.

The preview (`marketsite serve`) rebuilds on every save. It parses again only
the files whose text changed, validates again only the reports whose files
changed, and keeps the render cache's keys and entries in memory. All of that
lives in one :class:`Memory`, owned by the preview's session and handed to each
stage as an argument. A single build passes none and keeps nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Memory:
    """Memo tables of one process's builds, keyed as their stages need.

    - ``parsed``: (kind, path) -> (the text parsed, (result, problems));
    - ``validated``: report folder -> (what it was validated from, the raw report
      keeping those objects alive, the report, its problems);
    - ``page_keys``: (id of a report, lang) -> (report, names, options, cache key);
    - ``pages_read``: cache entry folder -> the rendered report read from it.

    Values are the stages' own types; this module names none of them, so that it
    imports no stage.
    """

    parsed: dict[tuple[str, Path], tuple[str, Any]] = field(default_factory=dict)
    validated: dict[Path, tuple[Any, ...]] = field(default_factory=dict)
    page_keys: dict[tuple[int, str], tuple[Any, ...]] = field(default_factory=dict)
    pages_read: dict[Path, Any] = field(default_factory=dict)
