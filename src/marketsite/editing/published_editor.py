"""The browser editor on the published site: ``edit/`` beside the language folders, for
editors with access to the site's GitHub repository (``editor: repository:`` in the
plugin's options; no editor is written without one).

The published site has no server and no YAML library, so the build records, for every
value of every report file, where the file's text has it written
(:func:`marketsite.data.yaml_source.scalar_spans`) and the file's git blob id. The page
replaces changed values in the text at those places, leaving every other character as
it is, and proposes the files as a branch and a pull request through GitHub's REST API
with the editor's own token; it refuses a file whose blob on GitHub is no longer the
one the site was built from. ``validate`` then checks the pull request in CI.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from marketsite.data.load import SERIES_FILE, SHARED_DIR
from marketsite.data.problems import Problem, listed
from marketsite.data.yaml_source import parse_yaml, scalar_spans
from marketsite.editing.editor import (
    EditorSettings,
    as_written,
    editable_ids,
    editor_page,
    problem_for_form,
    report_page,
    series_table,
    summary,
    ui_strings,
)
from marketsite.files import write_atomically
from marketsite.rendering.pagecache import code_version

if TYPE_CHECKING:
    from marketsite.checks.validate import ValidationResult
    from marketsite.site.settings import SiteSettings

#: The editor's folder at the site's root.
EDITOR_FOLDER = "edit"


def git_blob_id(content: bytes) -> str:
    """The id git (and GitHub's contents API) gives a file with these bytes."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content, usedforsecurity=False).hexdigest()


def write_published_editor(
    out_dir: Path, settings: SiteSettings, validation: ValidationResult | None
) -> None:
    """Write ``edit/`` into the site at ``out_dir``: the page, its script and style, the
    list of reports and each report's forms, file places and problems."""
    if not settings.editor_repository:
        return
    from marketsite.checks.validate import validate_data_dir

    editor = EditorSettings(
        data_dir=settings.data_dir,
        languages=settings.languages,
        source_language=settings.default_language,
        cagr_tolerance=settings.cagr_tolerance,
        ui_language=settings.default_language,
    )
    if validation is None:
        validation = validate_data_dir(
            settings.data_dir,
            settings.languages,
            settings.default_language,
            settings.cagr_tolerance,
        )
    folder = out_dir / EDITOR_FOLDER
    (folder / "reports").mkdir(parents=True, exist_ok=True)
    for asset in ("editor.js", "editor.css"):
        with resources.as_file(resources.files("marketsite") / "assets" / asset) as path:
            shutil.copyfile(path, folder / asset)
    backend = {
        "kind": "github",
        "repository": settings.editor_repository,
        "branch": settings.editor_branch,
        "apiUrl": settings.editor_api_url,
    }
    (folder / "index.html").write_text(editor_page(editor, backend), encoding="utf-8")
    repository_root = settings.config_file.parent
    reports = []
    root = settings.data_dir.resolve()
    by_folder: dict[str, list[Problem]] = {}
    for problem in listed(validation.problems):
        with contextlib.suppress(ValueError):
            folder_name = problem.file.resolve().relative_to(root).parts[0]
            by_folder.setdefault(folder_name, []).append(problem)
    cache = settings.cache_dir / "editor" if settings.cache_dir is not None else None
    for report_id in editable_ids(settings.data_dir):
        problems = by_folder.get(report_id, [])
        report = report_for_page(editor, report_id, repository_root, problems, cache)
        reports.append({"id": report_id, "name": report.pop("name")})
        (folder / "reports" / f"{report_id}.json").write_text(
            json.dumps(report, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
    (folder / "reports.json").write_text(
        json.dumps({"reports": reports}, ensure_ascii=False), encoding="utf-8"
    )


#: What every whole build and merge adds at the site's root from the editing stage
#: (the site stage cannot import a later one, so its callers hand these over).
SITE_ROOT_WRITERS = (write_published_editor,)


def report_for_page(
    settings: EditorSettings,
    report_id: str,
    repository_root: Path,
    problems: list[Problem],
    cache: Path | None = None,
) -> dict[str, Any]:
    """One report as the published editor opens it: each file's form, its path in the
    repository, its blob id and where each value is written; ``problems``, the report's.
    ``cache`` keeps the files' part under a hash of their bytes and the code."""
    forms, files = _forms_and_places(settings, report_id, repository_root, cache)
    root = settings.data_dir.resolve()
    shown = [problem_for_form(p, root, settings.ui_language, report_id) for p in problems]
    lang = settings.ui_language
    words = forms.get(f"text.{lang}.yaml") or {}
    market = words.get("market_name") if isinstance(words.get("market_name"), str) else None
    if report_id == SHARED_DIR:
        market = ui_strings(lang)["sharedNames"]
    return {
        "id": report_id,
        "name": market or report_id,
        "forms": forms,
        "files": files,
        "problems": shown,
        "summary": summary(shown, lang),
        "preview": "../" + report_page(settings, report_id, forms),
    }


def _forms_and_places(
    settings: EditorSettings, report_id: str, repository_root: Path, cache: Path | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Each file's form, and each YAML file's path, blob id and value places (what takes
    the time: two parses a file), from ``cache`` when the files and the code are as
    they were."""
    folder = settings.data_dir / report_id
    contents: dict[str, bytes | None] = {}
    in_repository: dict[str, str] = {}
    digest = hashlib.sha256(f"{code_version()}\0{report_id}".encode())
    for name in settings.file_names(report_id):
        path = folder / name
        contents[name] = path.read_bytes() if path.is_file() else None
        relative = path.resolve().relative_to(repository_root.resolve()).as_posix()
        in_repository[name] = relative
        digest.update(f"\0{relative}\0".encode() + git_blob_id(contents[name] or b"").encode())
    stored = cache / f"{digest.hexdigest()}.json" if cache is not None else None
    if stored is not None and stored.is_file():
        with contextlib.suppress(ValueError, OSError):
            kept = json.loads(stored.read_text(encoding="utf-8"))
            return kept["forms"], kept["files"]
    forms: dict[str, Any] = {}
    files: dict[str, Any] = {}
    for name, content in contents.items():
        if content is None:  # an empty form: nothing in it can be proposed from here
            forms[name] = {}
            continue
        text = content.decode("utf-8")
        if name == SERIES_FILE:  # shown; a table is edited in the local editor
            forms[name] = series_table(text)
            continue
        path = folder / name
        source, _ = parse_yaml(path, text)
        forms[name] = as_written(source.data if source is not None else {})
        files[name] = {
            "path": in_repository[name],
            "blob": git_blob_id(content),
            "spans": [
                [list(span.path), span.start, span.end, span.style, span.flow, span.indent]
                for span in scalar_spans(text)
            ],
        }
    if stored is not None:
        write_atomically(stored, json.dumps({"forms": forms, "files": files}))
    return forms, files
