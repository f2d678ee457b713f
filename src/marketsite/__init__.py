"""marketsite: market-research data -> validated facts -> a localized static report site."""

from marketsite.derive import DerivedReport, derive
from marketsite.model import Dataset, Facts, Report, ReportText
from marketsite.problems import Problem, Severity
from marketsite.render import PageSet, RenderOptions, render_locale
from marketsite.validate import ValidationResult, validate_data_dir

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
