"""marketsite: market-research data -> validated facts -> a localized static report site.

The public API below is imported when first used (PEP 562), so that ``marketsite
--help`` and other light commands do not load the rendering libraries.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from marketsite.dataset import Dataset, Report
    from marketsite.derive import DerivedReport, derive
    from marketsite.model import Facts, ReportText
    from marketsite.problems import Problem, Severity
    from marketsite.render import PageSet, RenderOptions, render_locale
    from marketsite.validate import ValidationResult, validate_data_dir

#: Each public name and the module that defines it.
_PUBLIC = {
    "Dataset": "dataset",
    "DerivedReport": "derive",
    "Facts": "model",
    "PageSet": "render",
    "Problem": "problems",
    "RenderOptions": "render",
    "Report": "dataset",
    "ReportText": "model",
    "Severity": "problems",
    "ValidationResult": "validate",
    "derive": "derive",
    "render_locale": "render",
    "validate_data_dir": "validate",
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
