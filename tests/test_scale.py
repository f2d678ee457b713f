"""A site built in slices (languages x shards) on several machines, merged into one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from marketsite.cli import main
from tests.conftest import copy_reports

REPORTS = 4  # 3 shards: two reports in the first, one in each of the others


def cli(project: Path, *args: str) -> Result:
    result = CliRunner().invoke(main, [args[0], "-f", str(project / "mkdocs.yml"), *args[1:]])
    assert "Traceback" not in result.output, result.output
    return result


def files_of(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A project of four reports, built whole and built as three shards."""
    tmp = tmp_path_factory.mktemp("shards")
    project = copy_reports(tmp / "project", REPORTS)
    single = cli(project, "build", "-d", str(tmp / "single"))
    assert single.exit_code == 0, single.output
    for number in (1, 2, 3):
        shard = cli(project, "build", "--shard", f"{number}/3", "-d", str(tmp / f"shard-{number}"))
        assert shard.exit_code == 0, shard.output
        assert f"built slice {number}/3 de, en" in shard.output
    return project, tmp


def report_folders(site: Path) -> set[str]:
    return {p.name for p in (site / "de" / "berichte").iterdir() if p.is_dir()}


def test_a_shard_renders_its_own_reports_only(built: tuple[Path, Path]) -> None:
    _, tmp = built
    every = report_folders(tmp / "single")
    assert len(every) == REPORTS
    shards = [report_folders(tmp / f"shard-{number}") for number in (1, 2, 3)]
    assert [len(reports) for reports in shards] == [2, 1, 1]
    assert set().union(*shards) == every
    # The search index is made once, by the merge; the catalog lists every report anyway.
    assert not (tmp / "shard-2" / "de" / "pagefind").exists()
    catalog = (tmp / "shard-2" / "de" / "berichte" / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{name}/"' in catalog for name in every)


def test_three_shards_merge_into_the_single_build(built: tuple[Path, Path]) -> None:
    project, tmp = built
    slices = [str(tmp / f"shard-{number}") for number in (3, 1, 2)]  # any order
    merged = cli(project, "merge", *slices, "-d", str(tmp / "merged"))
    assert merged.exit_code == 0, merged.output
    assert "merged 3 slices: de, en" in merged.output
    single, joined = files_of(tmp / "single"), files_of(tmp / "merged")
    # Same files with the same bytes: pages, downloads, sitemaps, search index, root page.
    assert sorted(joined) == sorted(single)
    differing = [name for name in single if single[name] != joined[name]]
    assert differing == []
    assert any(name.startswith("de/pagefind/") for name in joined)
    sitemap = joined["de/sitemap.xml"].decode()
    assert all(f"berichte/{name}/</loc>" in sitemap for name in report_folders(tmp / "single"))


def test_language_slices_merge_too(built: tuple[Path, Path]) -> None:
    project, tmp = built
    for lang in ("de", "en"):
        result = cli(project, "build", "--lang", lang, "-d", str(tmp / f"lang-{lang}"))
        assert result.exit_code == 0, result.output
    assert not (tmp / "lang-de" / "en").exists()
    merged = cli(project, "merge", str(tmp / "lang-de"), str(tmp / "lang-en"), "-d", str(tmp / "m"))
    assert merged.exit_code == 0, merged.output
    assert files_of(tmp / "m") == files_of(tmp / "single")


def test_merge_refuses_a_missing_shard_and_keeps_the_site(built: tuple[Path, Path]) -> None:
    project, tmp = built
    target = tmp / "kept"
    target.mkdir()
    (target / "index.html").write_text("the previous site", encoding="utf-8")
    result = cli(project, "merge", str(tmp / "shard-1"), str(tmp / "shard-3"), "-d", str(target))
    assert result.exit_code == 1
    assert "de: shards [1, 3] of 3" in result.output
    assert (target / "index.html").read_text(encoding="utf-8") == "the previous site"


def test_merge_refuses_slices_that_disagree(built: tuple[Path, Path]) -> None:
    project, tmp = built
    import shutil

    odd = tmp / "odd-shard-2"
    shutil.copytree(tmp / "shard-2", odd)
    (odd / "en" / "index.html").write_text("built from another commit", encoding="utf-8")
    slices = [str(tmp / "shard-1"), str(odd), str(tmp / "shard-3")]
    result = cli(project, "merge", *slices, "-d", str(tmp / "never"))
    assert result.exit_code == 1
    assert "en/index.html differs between slices" in result.output
    assert "same commit" in result.output
    assert not (tmp / "never").exists()


def test_merge_refuses_a_folder_that_is_no_slice(built: tuple[Path, Path]) -> None:
    project, tmp = built
    result = cli(project, "merge", str(tmp / "single"), "-d", str(tmp / "never"))
    assert result.exit_code == 1
    assert "not a slice" in result.output and "--shard K/N" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--shard", "4/3"], "K must be between 1 and N"),
        (["--shard", "two"], "write K/N"),
        (["--lang", "fr"], "fr: not a language of the site; choose from de, en"),
    ],
)
def test_bad_slices_are_named(built: tuple[Path, Path], args: list[str], message: str) -> None:
    project, tmp = built
    result = cli(project, "build", *args, "-d", str(tmp / "bad"))
    assert result.exit_code != 0
    assert message in result.output


def test_slices_prints_the_ci_matrix(built: tuple[Path, Path]) -> None:
    project, _ = built
    result = cli(project, "slices", "2")
    assert result.exit_code == 0, result.output
    matrix = json.loads(result.output)["include"]
    assert [(s["lang"], s["shard"]) for s in matrix] == [
        ("de", "1/2"),
        ("de", "2/2"),
        ("en", "1/2"),
        ("en", "2/2"),
    ]
