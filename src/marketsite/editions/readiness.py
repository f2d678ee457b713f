"""What an edition needs before it may be tagged: data that passes ``validate --strict``
and translations that are neither missing nor stale. ``marketsite check`` and
``marketsite release`` both ask here, and build and check the links after it, so a
local release and CI judge an edition the same way."""

from __future__ import annotations

from dataclasses import dataclass

from marketsite.checks.validate import ValidationResult, validate_data_dir
from marketsite.data.problems import Problem, Severity, has_errors, summary
from marketsite.editing.translations import FAILING, TranslationIssue, load_and_check
from marketsite.site.settings import SiteSettings


@dataclass(frozen=True)
class Readiness:
    """The data checked strictly, and the translations that keep an edition back."""

    validation: ValidationResult
    strict: tuple[Problem, ...]  # every problem, warnings raised to errors
    untranslated: tuple[TranslationIssue, ...]

    @property
    def data_ready(self) -> bool:
        """True when the data passes ``validate --strict``."""
        return not has_errors(list(self.strict)) and self.validation.dataset is not None

    @property
    def ready(self) -> bool:
        """True when nothing here keeps the edition back."""
        return self.data_ready and not self.untranslated

    def reasons(self) -> list[str]:
        """What keeps the edition back, each with the command that shows the details."""
        reasons = []
        if not self.data_ready:
            counted = summary(list(self.strict))
            reasons.append(
                f"data is not ready for release ({counted}); run `marketsite validate --strict`"
            )
        if self.untranslated:
            first = self.untranslated[0]
            example = f"{first.lang} {first.report} {first.key}"
            reasons.append(
                f"translations are not ready for release ({len(self.untranslated)} missing or "
                f"stale, e.g. {example}); run `marketsite translations --check`"
            )
        return reasons


def edition_readiness(settings: SiteSettings) -> Readiness:
    """Validate strictly and check the translations of the site's data."""
    result = validate_data_dir(
        settings.data_dir, settings.languages, settings.default_language, settings.cagr_tolerance
    )
    strict = tuple(p.as_error() if p.severity is Severity.WARNING else p for p in result.problems)
    untranslated = tuple(
        issue
        for issue in load_and_check(
            settings.data_dir, settings.default_language, settings.languages
        )
        if issue.status in FAILING
    )
    return Readiness(result, strict, untranslated)
