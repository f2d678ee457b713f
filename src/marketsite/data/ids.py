"""Ids: the names of reports, segments, regions and slugs, which become files and URLs.

An id must work as a folder and file name on every system a release is
unpacked on, and as a URL path: lowercase letters, digits and single hyphens,
at most :data:`MAX_ID_LENGTH` characters, and none of the names Windows
reserves for devices (``con``, ``nul``, ``com1`` ...).
"""

from __future__ import annotations

import re

ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
#: Long enough for any market's name; far below the 255 bytes a file name may have.
MAX_ID_LENGTH = 80
#: Device names Windows refuses as file or folder names, whatever the extension.
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{n}" for n in range(10)} | {f"lpt{n}" for n in range(10)}
)


def id_problem(value: str) -> str | None:
    """Why ``value`` is not a valid id (a clause for a message), or None if it is."""
    if len(value) > MAX_ID_LENGTH:
        return (
            f"it has {len(value)} characters, more than the {MAX_ID_LENGTH} an id may have "
            "(it becomes a file name and a URL): shorten it"
        )
    if not ID_RE.match(value):
        return (
            "an id uses lowercase letters, digits and single hyphens only (no spaces, "
            "capitals, umlauts, '/', '.' or '_'), e.g. smart-meter-market"
        )
    if value in WINDOWS_RESERVED:
        return (
            f"'{value}' is a reserved device name on Windows, so no file can have it: "
            "choose another"
        )
    return None
