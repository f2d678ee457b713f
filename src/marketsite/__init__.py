"""marketsite: market-research data -> validated facts -> a localized static report site.

The public API below is imported when first used (PEP 562), so that ``marketsite
--help`` and other light commands do not load the rendering libraries.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from marketsite.checks.validate import ValidationResult, validate_data_dir
    from marketsite.data.dataset import Dataset, Report
    from marketsite.data.model import Facts
    from marketsite.data.problems import Problem, Severity
    from marketsite.data.text_model import ReportText
    from marketsite.derivation.derive import DerivedReport, derive
    from marketsite.rendering.pages import PageSet, RenderOptions
    from marketsite.rendering.render import render_locale

#: Each public name and the module that defines it.
_PUBLIC = {
    "Dataset": "data.dataset",
    "DerivedReport": "derivation.derive",
    "Facts": "data.model",
    "PageSet": "rendering.pages",
    "Problem": "data.problems",
    "RenderOptions": "rendering.pages",
    "Report": "data.dataset",
    "ReportText": "data.text_model",
    "Severity": "data.problems",
    "ValidationResult": "checks.validate",
    "derive": "derivation.derive",
    "render_locale": "rendering.render",
    "validate_data_dir": "checks.validate",
}

__all__ = [
    "Dataset",
    "DerivedReport",
    "Facts",
    "PageSet",
    "Problem",
    "RenderOptions",
    "Report",
    "ReportText",
    "Severity",
    "ValidationResult",
    "derive",
    "render_locale",
    "validate_data_dir",
]


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'marketsite' has no attribute {name!r}")
    return getattr(importlib.import_module(f"marketsite.{module}"), name)
