"""The browser editor's work, apart from HTTP: a report's files as forms' values, a draft
checked as ``validate`` would, and a draft saved with only its changed values changed.

A form holds text: every value of ``facts.yaml`` travels to the browser as the text an
editor would write in the file (``58.40``, ``about 50``, ``12 to 14``, ``true``), so the
decimals a publisher states survive the trip through JavaScript's numbers. A value that
comes back as it went keeps its node; a changed one is read as YAML reads a plain
scalar in the file, so the editor types what the YAML would say and validate judges it.
Prose stays text. Saving goes through :func:`marketsite.editing.roundtrip.updated_text`:
comments, blank lines, key order and flow style stay as the file has them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from marketsite.checks.validate import validate_data_dir
from marketsite.data.ids import MAX_ID_LENGTH, id_problem
from marketsite.data.load import FACTS_FILE, MAX_CSV_BYTES, SERIES_FILE, SHARED_DIR
from marketsite.data.problem_codes import CODES
from marketsite.data.problems import Problem, Severity, listed
from marketsite.data.reading import read_text
from marketsite.data.yaml_source import MAX_YAML_BYTES, parse_yaml, plain_scalar
from marketsite.derivation.locale import SOURCE_UI_LANGUAGE, translations
from marketsite.editing.roundtrip import new_file_text, updated_text
from marketsite.editing.scaffold import ScaffoldError, scaffold_report
from marketsite.errors import MarketsiteError
from marketsite.files import write_atomically
from marketsite.rendering.paths import reports_section


class EditorError(MarketsiteError):
    """A request the editor cannot carry out; the message says why, for the browser."""


@dataclass(frozen=True)
class EditorSettings:
    """What one editing session works on: the data folder and the site's languages."""

    data_dir: Path
    languages: tuple[str, ...]
    source_language: str
    cagr_tolerance: float
    ui_language: str  # the editor's language: its labels and the problems' explanations

    def report_folder(self, report_id: str) -> Path:
        """The folder of ``report_id`` (or of the shared names, ``_shared``); refuses an
        id that is no report of the data folder (a request names a report, never a path)."""
        if report_id not in editable_ids(self.data_dir):
            raise EditorError(f"there is no report '{report_id}' in {self.data_dir}")
        return self.data_dir / report_id

    def file_names(self, report_id: str) -> list[str]:
        """The files the editor edits in a folder: a report's facts, then its text per
        language; the shared names per language."""
        if report_id == SHARED_DIR:
            return [f"names.{lang}.yaml" for lang in self.languages]
        return [FACTS_FILE, *(f"text.{lang}.yaml" for lang in self.languages), SERIES_FILE]


def report_ids(data_dir: Path) -> list[str]:
    """Every report of the data folder (a folder with a facts file), in name order."""
    if not data_dir.is_dir():
        return []
    return sorted(
        entry.name
        for entry in data_dir.iterdir()
        if entry.is_dir()
        and not entry.is_symlink()
        and not entry.name.startswith(("_", "."))
        and (entry / FACTS_FILE).is_file()
    )


def editable_ids(data_dir: Path) -> list[str]:
    """The reports, and ``_shared`` (the display names every report uses) if it is there."""
    shared = data_dir / SHARED_DIR
    return report_ids(data_dir) + (
        [SHARED_DIR] if shared.is_dir() and not shared.is_symlink() else []
    )


def report_page(settings: EditorSettings, report_id: str, data: dict[str, Any]) -> str:
    """The report's page under the site's root (``de/berichte/<slug>/``), in the editor's
    language where the site has it; for the shared names, which show on every page, the
    home page. ``data``: the report's files as read (a text file's slug names the page)."""
    lang = settings.ui_language
    if lang not in settings.languages:
        lang = settings.source_language
    if report_id == SHARED_DIR:
        return f"{lang}/"
    text = data.get(f"text.{lang}.yaml") or {}
    slug = text.get("slug") if isinstance(text.get("slug"), str) else None
    return f"{lang}/{reports_section(lang)}/{slug or report_id}/"


def fingerprint(text: str) -> str:
    """What a file held when the form was opened; saving refuses a file changed since."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def as_written(value: Any) -> Any:
    """A parsed value as the form shows it: scalars as the text the file would hold, so
    ``Decimal("58.40")`` stays ``"58.40"`` (JSON numbers would drop the zero)."""
    if isinstance(value, dict):
        return {str(key): as_written(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_written(item) for item in value]
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def from_form(old: Any, new: Any, prose: bool) -> Any:
    """The form's value ``new`` as data, given the file's value ``old``: what comes back
    as it went is ``old`` itself (same type, same decimals); a changed scalar is read as
    a plain scalar of the file would be (``prose``: text stays text)."""
    if isinstance(new, dict):
        old_map = old if isinstance(old, dict) else {}
        return {key: from_form(old_map.get(key), item, prose) for key, item in new.items()}
    if isinstance(new, list):
        old_list = old if isinstance(old, list) else []
        return [
            from_form(old_list[i] if i < len(old_list) else None, item, prose)
            for i, item in enumerate(new)
        ]
    if new is None or (isinstance(new, str) and not new.strip() and old is None):
        return None
    if not isinstance(new, str):
        raise EditorError("a form value must be text, a list or a mapping")
    if old is not None and not isinstance(old, dict | list) and as_written(old) == new:
        return old
    if prose and not isinstance(old, bool | int | Decimal):
        return new
    return plain_scalar(new.strip())


@dataclass(frozen=True)
class ReportFiles:
    """A report's editable files as they are on disk: text, parsed data, and the files
    that cannot be edited in a form (not YAML, too large), each with why."""

    texts: dict[str, str]
    data: dict[str, Any]
    locked: dict[str, str]

    @property
    def fingerprints(self) -> dict[str, str]:
        """Each file's fingerprint, for the save that follows."""
        return {name: fingerprint(text) for name, text in self.texts.items()}


def read_report(settings: EditorSettings, report_id: str) -> ReportFiles:
    """The report's facts and text files (a missing text file is an empty form)."""
    folder = settings.report_folder(report_id)
    texts: dict[str, str] = {}
    data: dict[str, Any] = {}
    locked: dict[str, str] = {}
    for name in settings.file_names(report_id):
        path = folder / name
        texts[name], data[name] = "", {}
        if name == SERIES_FILE:
            data[name] = {"header": ["year", "value"], "rows": []}
        if not path.exists():
            continue
        if name == SERIES_FILE:
            text, problems = read_text(path, MAX_CSV_BYTES)
            if text is not None:
                texts[name], data[name] = text, series_table(text)
                continue
            locked[name] = problems[0].format(settings.data_dir) if problems else "unreadable"
            continue
        text, problems = read_text(path, MAX_YAML_BYTES)
        if text is not None:
            texts[name] = text
            source, problems = parse_yaml(path, text)
            if source is not None:
                data[name] = source.data
                continue
        locked[name] = problems[0].format(settings.data_dir) if problems else "unreadable"
    return ReportFiles(texts, data, locked)


def draft_texts(
    settings: EditorSettings, report_id: str, forms: dict[str, Any]
) -> tuple[ReportFiles, dict[str, str]]:
    """The files on disk, and the new text of each file the forms change. A file that
    is not readable YAML is never written from a form: its form is empty."""
    files = read_report(settings, report_id)
    changed: dict[str, str] = {}
    for name, form in forms.items():
        if name not in files.texts:
            raise EditorError(f"'{name}' is not a file the editor edits")
        if not isinstance(form, dict):
            raise EditorError(f"the form of {name} must be a mapping")
        if name in files.locked:
            if form:
                raise EditorError(
                    f"{report_id}/{name} cannot be edited in the form: {files.locked[name]}; "
                    "fix it in a text editor, then reload the report"
                )
            continue
        if name == SERIES_FILE:
            text = series_text(files.texts[name], form)
            if text != files.texts[name]:
                changed[name] = text
            continue
        old = files.data[name]
        new = from_form(old, form, prose=name != FACTS_FILE)
        if files.texts[name]:
            text = updated_text(files.texts[name], old, new)
        else:  # a language's text file the report lacks: written once it has values
            text = new_file_text(new) if new else ""
        if text != files.texts[name]:
            changed[name] = text
    return files, changed


def series_table(text: str) -> dict[str, list[Any]]:
    """A series file as its form holds it: the header's cells and each row's cells."""
    rows = list(csv.reader(io.StringIO(text)))
    return {"header": rows[0] if rows else [], "rows": rows[1:]}


def series_text(before: str, form: Any) -> str:
    """``before`` (a series file) with the form's table: each row as it was keeps its
    line as written (quoting, spacing, line end), changed and new rows are written as
    CSV. A file whose lines are not one row each (blank lines, a cell across lines) is
    written whole."""
    header = form.get("header") if isinstance(form, dict) else None
    rows = form.get("rows") if isinstance(form, dict) else None
    cells: list[Any] = [header, *rows] if isinstance(rows, list) else [None]
    if not all(isinstance(row, list) and all(isinstance(c, str) for c in row) for row in cells):
        raise EditorError(f"the form of {SERIES_FILE} must be a header and rows of text cells")
    if not before and not rows:
        return ""  # no series, and none entered: no file
    newline = "\r\n" if "\r\n" in before else "\n"
    lines = before.splitlines(keepends=True)
    old = list(csv.reader(io.StringIO(before)))
    if len(old) != len(lines):
        old, lines = [], []

    def written(row: list[str]) -> str:
        out = io.StringIO()
        csv.writer(out, lineterminator=newline).writerow(row)
        return out.getvalue()

    out = [
        lines[index] if index < len(old) and old[index] == row else written(row)
        for index, row in enumerate(cells)
    ]
    out[:-1] = [line if line.endswith("\n") else line + newline for line in out[:-1]]
    return "".join(out)


def check_draft(
    settings: EditorSettings, report_id: str, forms: dict[str, Any]
) -> list[dict[str, Any]]:
    """What ``validate`` says of the report with the forms' values (nothing is written
    to the data folder): the report and the shared names, checked in a scratch copy."""
    _, changed = draft_texts(settings, report_id, forms)
    return _validated(settings, report_id, changed)


def save_draft(
    settings: EditorSettings,
    report_id: str,
    forms: dict[str, Any],
    opened: dict[str, str],
) -> tuple[list[str], list[dict[str, Any]]]:
    """Write the files the forms change and say what ``validate`` finds in them.
    ``opened`` holds each file's fingerprint when the form was opened: a file changed on
    disk since (by another editor, a git pull) is not overwritten."""
    files, changed = draft_texts(settings, report_id, forms)
    for name in changed:
        if opened.get(name) != fingerprint(files.texts[name]):
            raise EditorError(
                f"{report_id}/{name} has changed on disk since the form was opened; "
                "reload the report (your changes are kept in the form until you do)"
            )
    folder = settings.report_folder(report_id)
    for name, text in changed.items():
        write_atomically(folder / name, text)  # a preview never reads half a file
    return sorted(changed), _validated(settings, report_id, {})


def _validated(
    settings: EditorSettings, report_id: str, changed: dict[str, str]
) -> list[dict[str, Any]]:
    settings.report_folder(report_id)  # refuses what is no report
    # A report is checked with the shared names; the shared names with every report
    # that uses them.
    with_it = report_ids(settings.data_dir) if report_id == SHARED_DIR else [report_id]
    with tempfile.TemporaryDirectory(prefix="marketsite-editor-") as scratch:
        root = Path(scratch)
        shared = settings.data_dir / SHARED_DIR
        if shared.is_dir():
            shutil.copytree(shared, root / SHARED_DIR, symlinks=True)
        for other in with_it:
            shutil.copytree(settings.data_dir / other, root / other, symlinks=True)
        for name, text in changed.items():
            (root / report_id / name).write_text(text, encoding="utf-8")
        result = validate_data_dir(
            root.resolve(),
            settings.languages,
            settings.source_language,
            settings.cagr_tolerance,
        )
        return [
            problem_for_form(problem, root.resolve(), settings.ui_language, report_id)
            for problem in listed(result.problems)
        ]


def problem_for_form(problem: Problem, root: Path, lang: str, folder: str) -> dict[str, Any]:
    """A problem as the form of ``folder`` (a report's id, or ``_shared``) shows it beside
    its field: the file (``facts.yaml``, ``text.de.yaml``; ``_shared/names.de.yaml`` or
    ``other-report/facts.yaml`` from elsewhere), the field's path, and in the editor's
    language what it means and how to fix it, beside the exact message."""
    try:
        relative = problem.file.relative_to(root)
    except ValueError:
        relative = Path(problem.file.name)
    parts = relative.parts
    file = "/".join(parts[1:]) if len(parts) > 1 and parts[0] == folder else "/".join(parts)
    code = CODES.get(problem.code)
    explained = ""
    if code is not None and lang != "en":
        meaning, fix = code.explained(lang)
        explained = f"{meaning[:1].upper()}{meaning[1:]}: {fix}."
    catalog = translations(lang)
    severity = {
        Severity.ERROR: catalog.gettext("error"),
        Severity.WARNING: catalog.gettext("warning"),
        Severity.NOTE: catalog.gettext("note"),
    }[problem.severity]
    return {
        "file": file,
        "field": problem.field,
        "line": problem.line,
        "severity": str(problem.severity),
        "severity_label": severity,
        "code": problem.code,
        "message": problem.message,
        "explained": explained,
        "acknowledged": problem.acknowledged,
    }


def new_report(settings: EditorSettings, report_id: str) -> list[str]:
    """Start a report as `marketsite new` does, every value to fill in a TODO; the files
    written, relative to the data folder. An id that is not valid or already taken is an
    :class:`EditorError` that says why."""
    try:
        written = scaffold_report(settings.data_dir, report_id, settings.languages)
    except ScaffoldError as error:
        if settings.ui_language == SOURCE_UI_LANGUAGE:
            raise EditorError(error.message) from None
        # In the editor's language, with the exact message beside, as its problems are.
        _ = translations(settings.ui_language).gettext
        if id_problem(report_id) is not None:
            said = _(
                "%(id)s cannot be a report id: use lowercase letters, digits and single "
                "hyphens, at most %(longest)d characters, and no name Windows reserves "
                "(con, nul …)."
            )
        else:
            said = _("A report with the id %(id)s exists already; choose another id.")
        said %= {"id": report_id[:100], "longest": MAX_ID_LENGTH}
        raise EditorError(f"{said} ({error.message})") from None
    return [path.relative_to(settings.data_dir).as_posix() for path in written]


def editor_page(settings: EditorSettings, backend: dict[str, str]) -> str:
    """The editor's page in the editor's language: the schemas, the languages, the UI's
    words and how it saves (``backend``: this machine's server, or GitHub)."""
    import json

    from marketsite.editing.schema import json_schemas, translated
    from marketsite.rendering.pages import environments

    ui = ui_strings(settings.ui_language)
    schemas = json_schemas()
    # Each field's description in the editor's language (extracted with babel.cfg).
    describe = translations(settings.ui_language).gettext
    config = {
        "backend": backend,
        "languages": list(settings.languages),
        "sourceLanguage": settings.source_language,
        "uiLanguage": settings.ui_language,
        "factsFile": FACTS_FILE,
        "schemas": {
            kind: translated(json.loads(schemas[f"{kind}.schema.json"]), describe)
            for kind in ("facts", "text", "names")
        },
        "ui": ui,
    }
    template = environments(settings.ui_language).html.get_template("editor.html.j2")
    return template.render(
        lang=settings.ui_language,
        title=ui["title"],
        published=backend["kind"] != "local",
        config=json.dumps(config, ensure_ascii=False).replace("<", "\\u003c"),
    )


def ui_strings(lang: str) -> dict[str, str]:
    """The editor's words in ``lang`` (gettext: extracted with the rest of the UI)."""
    catalog = translations(lang)
    _ = catalog.gettext
    return {
        "title": _("Edit reports"),
        "facts": _("Facts"),
        "text": _("Text in every language"),
        "save": _("Save"),
        "saved": _("Saved: %(files)s"),
        "nothingChanged": _("Nothing to save: the files already hold these values."),
        "unsaved": _("Unsaved changes"),
        "checking": _("Checking …"),
        "noProblems": _("validate finds no problem."),
        "add": _("Add"),
        "remove": _("Remove"),
        "addField": _("Add a field …"),
        "key": _("Key"),
        "preview": _("Preview"),
        "previewBuilding": _("The preview is being built …"),
        "previewErrors": _(
            "The preview shows this report once the data has no errors; until then it lists them."
        ),
        "noPreview": _("The preview is off (marketsite edit --no-preview)."),
        "notAccepted": _(
            "This field does not take this value. It takes, for example: %(examples)s"
        ),
        "failed": _("The request failed: %(reason)s"),
        "inEnglish": _("In English:"),
        "series": _("Time series"),
        "seriesHelp": _(
            "One row per year (and region or segment, if the third column names one), "
            "each figure as published."
        ),
        "row": _("row"),
        "sharedNames": _("Names shared by all reports"),
        "discard": _("This report has unsaved changes. Open the other report and lose them?"),
        "newReportId": _(
            "The new report's id, as in its address: lowercase letters, digits and "
            "hyphens, e.g. smart-meters"
        ),
        "created": _("Created %(files)s: fill in each TODO; the problems below list them."),
        "locked": _(
            "%(files)s cannot be read as YAML. Fix the problem shown below in a text "
            "editor, then reload this page."
        ),
        "onlyLocally": _(
            "The file does not have this value written; add it in the local editor "
            "(marketsite edit)."
        ),
        "tokenNeeded": _("Enter your GitHub token first (see the editor's guide)."),
        "proposing": _("Proposing the change on GitHub …"),
        "changedSinceBuild": _(
            "%(file)s has changed on GitHub since this site was built; wait for the next "
            "build, or use the local editor."
        ),
        "pullTitle": _("Edit %(report)s in the browser"),
        "pullBody": _(
            "Proposed in the site's editor. validate checks this pull request; please "
            "review the changed values."
        ),
        "proposed": _("Proposed as a pull request:"),
    }


def summary(problems: list[dict[str, Any]], lang: str) -> str:
    """How many errors, warnings and notes, in ``lang``, with its plural forms."""
    catalog = translations(lang)
    counts = {
        kind: sum(1 for p in problems if p["severity"] == kind)
        for kind in ("error", "warning", "note")
    }
    return ", ".join(
        [
            catalog.ngettext("%(count)s error", "%(count)s errors", counts["error"])
            % {"count": counts["error"]},
            catalog.ngettext("%(count)s warning", "%(count)s warnings", counts["warning"])
            % {"count": counts["warning"]},
            catalog.ngettext("%(count)s note", "%(count)s notes", counts["note"])
            % {"count": counts["note"]},
        ]
    )
