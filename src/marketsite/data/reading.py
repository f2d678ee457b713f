"""Reading a data file safely: regular files only (a pipe or a device is refused by
its type, unopened), within a size bound, and never through a link that leaves the
folder."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from marketsite.data.problems import Problem


def unreadable(path: Path, exc: OSError) -> Problem:
    """A file or folder that cannot be read: say why, with the path."""
    if path.is_symlink() and not path.exists():
        target = os.readlink(path)
        why = f"it is a symbolic link to {target}, which does not exist; fix or remove the link"
    elif isinstance(exc, NotARegularFile):
        why = str(exc)
    elif isinstance(exc, PermissionError):
        why = "permission denied; make it readable for the user who runs marketsite"
    elif isinstance(exc, IsADirectoryError):
        why = "it is a folder where a file belongs; rename or move it"
    else:
        why = f"{exc.strerror or exc}; check that it exists and can be read"
    return Problem("unreadable-file", f"cannot read {path.name}: {why}", path)


def outside_link(path: Path, root: Path) -> Problem | None:
    """A symbolic link under ``root`` that points outside it, as a problem (else None).

    Data and pages are published; a link out of the folder would publish whatever it
    points at, so it is refused with the link's name.
    """
    if not path.is_symlink():
        return None
    try:
        target = path.resolve()
        inside = target.is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop of links
        inside = False
        target = Path(os.readlink(path))
    if inside:
        return None
    return Problem(
        "link-outside",
        f"{path.name} is a symbolic link to {target}, outside {root.name}/; its content "
        f"would be published: copy the file into {root.name}/ instead of linking it",
        path,
    )


def links_leaving(folder: Path) -> list[Problem]:
    """Every symbolic link under ``folder`` (at any depth) that points outside it."""
    found: list[Problem] = []
    if not folder.is_dir():
        return found
    for path in sorted(folder.rglob("*")):
        problem = outside_link(path, folder)
        if problem is not None:
            found.append(problem)
    return found


#: What a path that is no regular file is, by its file type.
_SPECIAL_FILES = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


class NotARegularFile(OSError):
    """A pipe, device or socket where a file belongs: refused without reading it (a pipe
    would wait for a writer for ever, a device could be endless)."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"it is {kind}, not a file; replace it with a regular file")
        self.kind = kind


def read_regular_file(path: Path, limit: int) -> tuple[bytes, int]:
    """The bytes of the regular file ``path`` (none when it is larger than ``limit``) and
    its size. Raises :class:`NotARegularFile` for a pipe, device or socket, by its type,
    before opening it; the file is opened without blocking and checked again, so a pipe
    put in its place meanwhile cannot make the read wait."""
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        raise NotARegularFile(path, _SPECIAL_FILES.get(stat.S_IFMT(mode), "no regular file"))
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(handle, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            kind = _SPECIAL_FILES.get(stat.S_IFMT(status.st_mode), "no regular file")
            raise NotARegularFile(path, kind)
        if status.st_size > limit:
            return b"", status.st_size
        data = file.read(limit + 1)
    return data, len(data)


def read_text(path: Path, limit: int) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8; report unreadable, too-large, non-UTF-8 and empty files, and
    pipes, devices and sockets."""
    try:
        raw, size = read_regular_file(path, limit)
    except OSError as exc:
        return None, [unreadable(path, exc)]
    if size > limit:
        return None, [
            Problem(
                "file-too-large",
                f"file is {size / 1_048_576:.1f} MiB, more than the {limit / 1_048_576:.0f} MiB "
                "a data file may have; split it or keep bulk data out of data/",
                path,
            )
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                "not-utf8",
                f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8 "
                "(in most editors: 'Save with encoding' -> UTF-8)",
                path,
                line,
            )
        ]
    return text, []


#: Parser contexts where the construct that began earlier is the mistake (an unclosed
#: bracket or quote); everywhere else the line where the parser stopped is.
