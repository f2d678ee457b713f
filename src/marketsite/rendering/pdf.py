"""The free sample of a report as PDF, one per report and language.

The sample box on every report page promises key findings, the market
segmentation, the research scope, a table of contents, the report's structure
and the research methodology; this document holds exactly those, with the
figures, charts and tables as the page shows them (derived marks and legends
included), the source and a citation.

Typst (the ``typst`` package from PyPI: a compiler in a wheel, no browser, no
system libraries, no network) lays it out from ``templates/sample.typ``. The
report's content goes in as JSON through ``sys.inputs`` and is placed as text,
so nothing an editor writes is read as Typst markup. Measured on the example:
about 45 ms per document (printing the page in Chromium: 360 ms plus 0.5 s to
start the browser), so every build makes them.
"""

from __future__ import annotations

import hashlib
import json
import threading
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import typst

from marketsite.files import write_atomically
from marketsite.rendering.datatable import DataTable

TYPST_VERSION = metadata.version("typst")
#: Typst's own fonts only: the same PDF on every machine, whatever is installed.
FONT_OPTIONS: dict[str, Any] = {"ignore_system_fonts": True}


_COMPILERS = threading.local()


def _compiler() -> typst.Compiler:
    """This thread's Typst compiler. Kept between documents, it reuses the fonts and
    the layout of what documents share (about 15 % of a compile); the preview builds
    other languages on a second thread, hence one per thread."""
    compiler = getattr(_COMPILERS, "compiler", None)
    if compiler is None:
        compiler = _COMPILERS.compiler = typst.Compiler(**FONT_OPTIONS)
    return compiler


def table_data(table: DataTable, legend: str) -> dict[str, Any]:
    """A table as the page shows it: headers, cell texts, alignment, and its legend."""
    headers, rows, right = table.page_view()
    return {
        "headers": list(headers),
        "rows": [list(row) for row in rows],
        "right": list(right),
        "legend": legend if table.has_derived else "",
    }


def sample_pdf(data: dict[str, Any], cache_dir: Path | None = None) -> bytes:
    """Compile the sample document for ``data`` (see templates/sample.typ for its keys).

    Results are cached by content, like charts: an unchanged report costs nothing.
    """
    template = (resources.files("marketsite") / "templates" / "sample.typ").read_bytes()
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True)
    key = hashlib.sha256(
        template + payload.encode("utf-8") + TYPST_VERSION.encode("ascii")
    ).hexdigest()
    cached = cache_dir / f"{key}.pdf" if cache_dir else None
    if cached is not None and cached.is_file():
        return cached.read_bytes()
    pdf = _compiler().compile(template, sys_inputs={"data": payload})
    assert isinstance(pdf, bytes)
    if cached is not None:
        write_atomically(cached, pdf)
    return pdf
