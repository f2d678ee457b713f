"""An output folder never overlaps an input: build, merge, release and plain MkDocs refuse
a folder whose replacement would delete the data, the content, the theme, the repository or
the user's home, and a folder marketsite did not write unless forced.

Each refusal runs in a real git repository and checks, file by file and ``.git``
included, that nothing was touched. The two the first report named (``-d .`` deleted the
repository, ``-d data`` the data), and the other commands' refusals, run the installed
``marketsite`` script as an editor does; the other ways of naming an input run the same
command in the test's own process, as do the builds a case lets through (its build
workers are already started). A fresh Python costs a quarter of a second.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from marketsite.cli import main
from tests.conftest import copy_project

#: The console script pip installed next to this Python, not ``python -m``.
MARKETSITE = Path(sys.executable).with_name("marketsite")
MKDOCS = Path(sys.executable).with_name("mkdocs")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the site project as a git repository with one commit, inside a home
    folder of its own (HOME points there), with an uncommitted edit in data/."""
    home = tmp_path / "home"
    project = copy_project(home / "reports")
    git = ["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "data"], check=True)
    # Uncommitted work: what git could not give back.
    (project / "data" / "notes-in-progress.txt").write_text("draft\n", encoding="utf-8")
    return project


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and link below ``folder`` (``.git`` included) by its content's hash."""
    files: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink():
            files[relative] = f"-> {os.readlink(path)}"
        elif path.is_file():
            files[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            files[relative] = "dir"
    return files


def run(repo: Path, *args: str, command: Path = MARKETSITE) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(repo.parent)}
    return subprocess.run(
        [str(command), *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def build_here(repo: Path, *args: str) -> Result:
    """`marketsite build ARGS` run in ``repo`` in this process (:func:`run` for the script)."""
    with contextlib.chdir(repo):
        result = CliRunner(env={"HOME": str(repo.parent)}).invoke(main, ["build", *args])
    assert "Traceback" not in result.output, result.output
    return result


#: The outputs the first report named: through the installed script.
BY_THE_SCRIPT = {".", "data"}
# (output as typed, the input it would destroy, how the message names the relation)
OVERLAPS = [
    (".", "", "is the repository root"),
    ("data", "data", "is the data folder"),
    ("./data/", "data", "is the data folder"),
    ("site/../data", "data", "is the data folder"),
    ("data/site", "data", "lies inside the data folder"),
    ("content", "content", "is the content folder"),
    ("content/de", "content/de", "is the docs folder"),
    ("overrides", "overrides", "is the theme overrides folder"),
    (".git", ".git", "is the git folder"),
    ("..", "", "is the home folder"),
    ("/", "data", "holds the data folder"),
]


@pytest.mark.parametrize(("output", "input_name", "relation"), OVERLAPS)
def test_build_refuses_an_output_that_overlaps_an_input(
    repo: Path, output: str, input_name: str, relation: str
) -> None:
    before = snapshot(repo.parent)
    args = ("-d", output, "--force")  # not even with --force
    if output in BY_THE_SCRIPT:
        script = run(repo, "build", *args)
        status, message = script.returncode, script.stderr
    else:
        here = build_here(repo, *args)
        status, message = here.exit_code, here.output
    assert status == 1, message
    assert f"output folder {Path(output)} {relation}" in message
    assert "Traceback" not in message
    expected = repo.parent if relation == "is the home folder" else repo / input_name
    assert str(expected.resolve()).rstrip("/") in message
    assert snapshot(repo.parent) == before


def test_a_symlink_to_the_data_is_the_data(repo: Path) -> None:
    (repo.parent / "public").symlink_to(repo / "data")
    before = snapshot(repo.parent)
    result = run(repo, "build", "-d", "../public")
    assert result.returncode == 1
    assert "is the data folder" in result.stderr
    assert snapshot(repo.parent) == before


def test_merge_refuses_the_data_and_a_slice_as_output(repo: Path) -> None:
    slice_dir = repo.parent / "slices" / "de-1"
    slice_dir.mkdir(parents=True)
    (slice_dir / "keep.txt").write_text("a slice\n", encoding="utf-8")
    before = snapshot(repo.parent)
    into_data = run(repo, "merge", str(slice_dir), "-d", "data")
    assert into_data.returncode == 1
    assert "output folder data is the data folder" in into_data.stderr
    into_slice = run(repo, "merge", str(slice_dir), "-d", "../slices")
    assert into_slice.returncode == 1
    assert f"holds the slice {slice_dir}" in into_slice.stderr
    assert snapshot(repo.parent) == before


def test_release_refuses_an_output_in_the_data(repo: Path) -> None:
    before = snapshot(repo.parent)
    result = run(repo, "release", "v1.0", "-o", "data/release")
    assert result.returncode == 1
    assert "output folder data/release lies inside the data folder" in result.stderr
    assert snapshot(repo.parent) == before
    tags = subprocess.run(["git", "-C", str(repo), "tag"], capture_output=True, text=True)
    assert tags.stdout.split() == []


def test_plain_mkdocs_build_refuses_the_data_as_site_dir(repo: Path) -> None:
    before = snapshot(repo.parent)
    result = run(repo, "build", "-d", "data", command=MKDOCS)
    assert result.returncode == 1
    data = repo / "data"
    assert f"output folder {data} is the data folder {data}" in result.stderr
    assert snapshot(repo.parent) == before


def test_a_folder_marketsite_did_not_write_needs_force(repo: Path) -> None:
    public = repo / "public"
    public.mkdir()
    (public / "CNAME").write_text("reports.example.com\n", encoding="utf-8")
    refused = run(repo, "build", "-d", "public")
    assert refused.returncode == 1
    foreign = "output folder public is not empty and was not written by marketsite"
    assert foreign in refused.stderr
    assert "--force" in refused.stderr
    assert sorted(p.name for p in public.iterdir()) == ["CNAME"]

    forced = build_here(repo, "-d", "public", "--force")
    assert forced.exit_code == 0, forced.output
    assert (public / "de" / "index.html").is_file()
    assert not (public / "CNAME").exists()
    # Now marketsite wrote it: the next build replaces it without being asked.
    again = build_here(repo, "-d", "public")
    assert again.exit_code == 0, again.output


def test_a_site_built_before_the_marker_is_still_replaced(repo: Path) -> None:
    """Sites built by earlier versions have no marker; their shape is marketsite's."""
    site = repo / "site"
    for lang in ("de", "en"):
        (site / lang).mkdir(parents=True)
        (site / lang / "index.html").write_text("<p>page of an older build</p>\n", encoding="utf-8")
    (site / "index.html").write_text("<p>root</p>\n", encoding="utf-8")
    (site / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    result = build_here(repo)
    assert result.exit_code == 0, result.output
    assert "older build" not in (site / "de" / "index.html").read_text(encoding="utf-8")
