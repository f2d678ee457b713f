"""Tolerances the consistency checks apply, in a module of their own so that the command
line can name them in its help without loading the checks."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from marketsite.data.figure import Figure

#: Default allowed gap between stated and implied CAGR, in percentage points.
CAGR_TOLERANCE = 0.05
#: Shares are published rounded; a total this far above 100 is still rounding.
SHARE_ROUNDING = 0.5
#: A CAGR published to one decimal may differ from the exact one by rounding; an
#: acknowledgement accepts that much and no more, so a later typo warns again.
ROUNDING_GAP = 0.15


def rate_tolerance(stated: Figure, configured: float) -> float:
    """A stated rate cannot claim more than its own precision: 10 % covers 9.5 to 10.5."""
    return max(configured, 0.5 * 10 ** (-stated.decimals))


def gap_outside(stated: Figure, implied: float) -> float:
    """How far an implied value lies outside what a stated figure allows ("more than 6.8"
    allows 6.8 and up; 10.1 allows 10.1): 0 inside it."""
    return max(stated.low - implied, implied - stated.high, 0.0)
