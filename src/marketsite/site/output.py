"""The output folder, replaced atomically: readers and servers see the old site or the new.

A build writes into a staging folder next to the output (``.site-new-<pid>-*``)
and swaps it in only when every language built. On Linux the swap is one
``renameat2(RENAME_EXCHANGE)`` call, so ``site/`` exists at every instant,
whenever the build is killed. Elsewhere it is two renames; a build killed
between them leaves ``.site-old-*``, which the next build puts back before it
starts. Leftover staging folders of builds that no longer run are removed by
the next build.

Because the output is replaced whole, an output folder that is, holds or lies
inside an input would destroy that input. :func:`check_output` refuses such a
folder before anything is written, and a folder marketsite did not write (it
has no :data:`MARKER`) unless the user forces it.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import select
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from marketsite.errors import MarketsiteError

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_PR_SET_PDEATHSIG = 1


def staging_dir(output: Path) -> Path:
    """A new, empty staging folder next to ``output``, named after this process.

    It gets the permissions of a folder made with mkdir (mkdtemp makes it private),
    so the published site and its archives can be read by the web server.
    """
    path = Path(tempfile.mkdtemp(prefix=f".{output.name}-new-{os.getpid()}-", dir=output.parent))
    umask = os.umask(0)
    os.umask(umask)
    path.chmod(0o777 & ~umask)
    return path


def _leftover_re(output: Path) -> re.Pattern[str]:
    return re.compile(rf"^\.{re.escape(output.name)}-(new|old)-(\d+)-")


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def recover_and_clean(output: Path) -> list[Path]:
    """Put back a site a killed swap left aside, then remove leftovers of dead builds.

    Returns the folders removed.
    """
    pattern = _leftover_re(output)
    leftovers = [
        (path, match)
        for path in output.parent.iterdir()
        if (match := pattern.match(path.name)) and path.is_dir()
    ]
    if not output.exists():
        olds = [
            path for path, match in leftovers if match[1] == "old" and not _running(int(match[2]))
        ]
        if olds:
            newest = max(olds, key=lambda p: p.stat().st_mtime)
            newest.rename(output)
    removed = []
    for path, match in leftovers:
        if path.exists() and not _running(int(match[2])):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step; False where the system cannot (then nothing moved)."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:  # C library older than glibc 2.28
        return False
    done = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # file system cannot
        return False
    raise OSError(code, os.strerror(code), str(second))


def swap_in(new: Path, output: Path) -> None:
    """Put ``new`` in place of ``output``; the old site is deleted afterwards."""
    if not output.exists() and not output.is_symlink():
        new.rename(output)
        return
    if exchange(new, output):
        shutil.rmtree(new, ignore_errors=True)  # holds the old site now
        return
    old = output.with_name(new.name.replace("-new-", "-old-", 1))
    output.rename(old)
    new.rename(output)  # a kill before this line is repaired by recover_and_clean
    shutil.rmtree(old, ignore_errors=True)


def die_with_parent(parent: int) -> None:
    """Make a worker process end when the build ``parent`` that started it ends or is
    killed. Otherwise a worker of a killed build would go on writing into a staging
    folder that the next build has removed.

    Under ``forkserver`` a worker's parent process is the fork server, not the build,
    so the worker watches the build itself: a thread waits on a pidfd of the build
    (Linux 5.3+) and ends the worker the moment the build is gone. Where the build is
    the direct parent (``fork``, ``spawn``), the kernel's parent-death signal also
    ends a worker that is busy in C code and cannot run that thread.
    """
    if sys.platform.startswith("linux") and os.getppid() == parent:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    try:
        handle = os.pidfd_open(parent)
    except ProcessLookupError:  # the build ended before this worker started
        os._exit(1)
    except (AttributeError, OSError):  # no pidfds here: the parent-death signal must do
        if not _running(parent):
            os._exit(1)
        return
    threading.Thread(target=_exit_when_ended, args=(handle,), daemon=True).start()


def _exit_when_ended(pidfd: int) -> None:
    """Block until the process behind ``pidfd`` has ended, then end this one at once."""
    select.select([pidfd], [], [])
    os._exit(1)


#: Written at the root of every folder marketsite builds a site into: a folder without it
#: (and not shaped like an older marketsite site) is someone else's and is not replaced.
MARKER = ".marketsite-output"
MARKER_TEXT = "This folder is written by marketsite; every build replaces it whole.\n"
#: What the root of a site built before the marker existed holds, besides language folders.
_SITE_ROOT_FILES = frozenset(
    {"index.html", "robots.txt", "sitemap.xml", "404.html", "version.json", MARKER}
)


class OutputRefused(MarketsiteError):
    """The output folder would overwrite an input, or a folder marketsite did not write."""


@dataclass(frozen=True)
class Input:
    """A folder the output must keep clear of.

    ``name`` says what it is (``data folder``); with ``inside_ok`` an output may lie
    inside it (the repository root holds ``site/``), but never be it or hold it.
    """

    path: Path
    name: str
    inside_ok: bool = False


def repository_root(start: Path) -> Path | None:
    """The git work tree ``start`` lies in (the folder with ``.git``), if any."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def protected_inputs(
    config_file: Path,
    data_dir: Path,
    content_dir: Path,
    docs_dir: Path | None = None,
    overrides_dir: Path | None = None,
    more: Iterable[tuple[Path, str]] = (),
) -> list[Input]:
    """The folders a site build reads or that must survive it: the data, the content, the
    docs folder, the theme overrides, ``more`` (slices), ``.git``, the repository root
    and the user's home."""
    named = [
        (data_dir, "data folder"),
        (content_dir, "content folder"),
        (docs_dir, "docs folder"),
        (overrides_dir, "theme overrides folder"),
    ]
    folders = [Input(path, name) for path, name in named if path is not None]
    folders += [Input(path, name) for path, name in more]
    root = config_file.resolve().parent
    git_root = repository_root(root)
    for folder in {root, git_root} - {None}:
        assert folder is not None
        folders.append(Input(folder, "repository root", inside_ok=True))
        if (folder / ".git").exists():
            folders.append(Input(folder / ".git", "git folder"))
    home = Path.home()
    folders.append(Input(home, "home folder", inside_ok=True))
    return folders


def _written_by_marketsite(folder: Path) -> bool:
    if (folder / MARKER).is_file():
        return True
    # A site built before the marker: only its root files and folders of two-letter
    # languages holding their own index.html.
    entries = list(folder.iterdir())
    return bool(entries) and all(
        (entry.is_file() and entry.name in _SITE_ROOT_FILES)
        or (
            entry.is_dir()
            and re.fullmatch(r"[a-z]{2,3}", entry.name) is not None
            and (entry / "index.html").is_file()
        )
        for entry in entries
    )


def check_output(output: Path, inputs: Iterable[Input], force: bool = False) -> None:
    """Refuse ``output`` when replacing it would destroy an input, or a folder that
    marketsite did not write (unless ``force``). Raises :class:`OutputRefused` naming
    both paths; reads nothing but the folders' names."""
    target = output.resolve()
    sources = [(folder, folder.path.resolve()) for folder in inputs]
    overlaps = [
        *(("is", folder) for folder, source in sources if target == source),
        *(("holds", folder) for folder, source in sources if source.is_relative_to(target)),
        *(
            ("lies inside", folder)
            for folder, source in sources
            if not folder.inside_ok and target.is_relative_to(source)
        ),
    ]
    if overlaps:  # the closest relation names the folder best: "is the data folder"
        relation, folder = overlaps[0]
        raise OutputRefused(
            f"output folder {output} {relation} the {folder.name} {folder.path}: "
            "a build replaces its output folder whole, so it would be deleted. "
            "Choose an output folder of its own, e.g. -d site"
        )
    if force or not target.exists():
        return
    if not target.is_dir():
        raise OutputRefused(f"output folder {output} is a file; choose a folder, e.g. -d site")
    if any(target.iterdir()) and not _written_by_marketsite(target):
        raise OutputRefused(
            f"output folder {output} is not empty and was not written by marketsite "
            f"(it has no {MARKER}); a build would replace everything in it. Choose an "
            "empty or new folder, or add --force to replace it"
        )


def mark(folder: Path) -> None:
    """Mark ``folder`` as written by marketsite (see :func:`check_output`)."""
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
