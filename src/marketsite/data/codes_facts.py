"""Problem codes of the facts: years, periods, figures and their bounds, shares,
CAGRs, changes, sources, ids, and acknowledgements."""

from __future__ import annotations

from marketsite.data.problem_code import ProblemCode, Severity

FACT_CODES = (
    ProblemCode(
        "years-out-of-order",
        Severity.ERROR,
        en=(
            ("base year after forecast start, end before start, or years out of order in a series"),
            "put the years in order",
        ),
        de=(
            (
                "Basisjahr nach Prognosebeginn, Ende vor Beginn oder Jahre einer Reihe nicht "
                "aufsteigend"
            ),
            "Jahre ordnen",
        ),
    ),
    ProblemCode(
        "base-year-in-forecast",
        Severity.NOTE,
        en=(
            "the base year is also the first year of the forecast period",
            "check both years as the publisher states them; if they are right, leave them",
        ),
        de=(
            "das Basisjahr ist zugleich das erste Jahr des Prognosezeitraums",
            "beide Jahre mit der Quelle vergleichen; stimmen sie, so bleiben sie",
        ),
    ),
    ProblemCode(
        "implausible-growth",
        Severity.WARNING,
        en=(
            "two market sizes (in facts.yaml or series.csv) imply a yearly growth of 100 % or "
            "more, beyond what a CAGR may be, or a fall to a tenth or less within a year",
            "check the values and the unit (million or billion)",
        ),
        de=(
            "zwei Marktgrößen (in facts.yaml oder series.csv) ergeben ein jährliches Wachstum "
            "von 100 % oder mehr, mehr als eine CAGR sein darf, oder einen Rückgang auf ein "
            "Zehntel oder weniger binnen eines Jahres",
            "Werte und Einheit (Millionen oder Milliarden) prüfen",
        ),
    ),
    ProblemCode(
        "implausible-share",
        Severity.WARNING,
        en=(
            "the sizes of regions, or of one dimension's segments, in series.csv add up to "
            "more than the market size of that year: an implied share over 100 %",
            "check the values and the unit of the series and of the market size",
        ),
        de=(
            "die Größen der Regionen oder der Segmente einer Dimension in series.csv ergeben "
            "zusammen mehr als die Marktgröße dieses Jahres: ein Anteil über 100 %",
            "Werte und Einheit der Reihe und der Marktgröße prüfen",
        ),
    ),
    ProblemCode(
        "cagr-mismatch",
        Severity.WARNING,
        en=(
            (
                "a stated CAGR differs from the one the published sizes at both ends of its period"
                " imply, by more than the tolerance and its own precision"
            ),
            "correct the CAGR or the sizes",
        ),
        de=(
            (
                "eine angegebene CAGR weicht von der ab, die sich aus den veröffentlichten Größen "
                "an beiden Enden ihres Zeitraums ergibt, um mehr als die Toleranz und ihre eigene "
                "Genauigkeit"
            ),
            "CAGR oder Marktgrößen korrigieren",
        ),
    ),
    ProblemCode(
        "shares-over-100",
        Severity.ERROR,
        en=(
            "shares of one dimension add up to more than 100 %",
            "correct the shares",
        ),
        de=(
            "die Anteile einer Dimension ergeben mehr als 100 %",
            "Anteile korrigieren",
        ),
    ),
    ProblemCode(
        "shares-partial",
        Severity.NOTE,
        en=(
            (
                "some items of a breakdown have a share, some are only named; no remainder is "
                "derived"
            ),
            "nothing, if that is what the publisher states",
        ),
        de=(
            (
                "nur manche Einträge einer Aufteilung haben einen Anteil, die anderen sind nur "
                "genannt; es wird kein Rest abgeleitet"
            ),
            "nichts, wenn der Herausgeber es so angibt",
        ),
    ),
    ProblemCode(
        "shares-remainder",
        Severity.NOTE,
        en=(
            (
                "shares add up to less than 100 %; the rest is shown as rest of world or other, "
                "marked derived"
            ),
            "nothing, if that is intended",
        ),
        de=(
            (
                "die Anteile ergeben weniger als 100 %; der Rest erscheint als übrige Welt bzw. "
                "Sonstige, als abgeleitet gekennzeichnet"
            ),
            "nichts, wenn beabsichtigt",
        ),
    ),
    ProblemCode(
        "rest-not-derivable",
        Severity.WARNING,
        en=(
            (
                "an item takes the rest (`rest: true`) but another share is a bound or range, so "
                "the rest cannot be computed"
            ),
            "give that share as a number, or drop `rest: true`",
        ),
        de=(
            (
                "ein Eintrag erhält den Rest (`rest: true`), aber ein anderer Anteil ist eine "
                "Grenze oder Spanne, sodass sich der Rest nicht berechnen lässt"
            ),
            "diesen Anteil als Zahl angeben oder `rest: true` streichen",
        ),
    ),
    ProblemCode(
        "missing-period",
        Severity.ERROR,
        en=(
            "a CAGR has no `from`/`to` and the report states no forecast period",
            "give its years as stated: `{value: 12.45, from: 2025, to: 2033}`; if the "
            "publisher gives none, write `{value: 12.45, period: not stated}`",
        ),
        de=(
            "eine CAGR hat kein `from`/`to`, und der Bericht nennt keinen Prognosezeitraum",
            "die Jahre wie in der Quelle angeben: `{value: 12.45, from: 2025, to: 2033}`; "
            "nennt die Quelle keine, `{value: 12.45, period: not stated}` schreiben",
        ),
    ),
    ProblemCode(
        "partial-period",
        Severity.NOTE,
        en=(
            "a CAGR is stated with one year of its period or none (`to:` alone, `from:` "
            "alone, `period: not stated`); it is shown as stated, and checks that need both "
            "years skip it",
            "nothing to do if that is how the publisher states it; add the missing year if "
            "the publisher gives it elsewhere",
        ),
        de=(
            "eine CAGR ist mit nur einem Jahr ihres Zeitraums oder ohne Jahre angegeben "
            "(nur `to:`, nur `from:`, `period: not stated`); sie wird so gezeigt, und "
            "Prüfungen, die beide Jahre brauchen, lassen sie aus",
            "nichts zu tun, wenn die Quelle sie so nennt; das fehlende Jahr ergänzen, wenn "
            "die Quelle es an anderer Stelle nennt",
        ),
    ),
    ProblemCode(
        "two-wordings",
        Severity.WARNING,
        en=(
            "a figure's `also_stated` differs from its value: the publisher states it two "
            "ways (a table's 'about 84.1', the text's 'over 84.1')",
            "if both are the publisher's, acknowledge it: the page shows the value and "
            "names the other wording in an editor's note; if one is a typo, correct it",
        ),
        de=(
            "das `also_stated` einer Zahl weicht von ihrem Wert ab: Die Quelle nennt sie auf "
            "zwei Arten (in einer Tabelle „rund 84,1“, im Text „über 84,1“)",
            "stammen beide aus der Quelle, die Warnung bestätigen: Die Seite zeigt den Wert "
            "und nennt die andere Angabe in einer Anmerkung der Redaktion; ist eine ein "
            "Tippfehler, sie korrigieren",
        ),
    ),
    ProblemCode(
        "change-mismatch",
        Severity.WARNING,
        en=(
            "a stated change (`changes:`) differs from the one the market sizes at its two "
            "ends imply, by more than its precision and theirs",
            "correct the change or the sizes; if the publisher states them so, acknowledge it",
        ),
        de=(
            "eine angegebene Veränderung (`changes:`) weicht von der ab, die sich aus den "
            "Marktgrößen an ihren beiden Enden ergibt, um mehr als deren Genauigkeit",
            "Veränderung oder Marktgrößen korrigieren; nennt die Quelle sie so, die Warnung "
            "bestätigen",
        ),
    ),
    ProblemCode(
        "change-unchecked",
        Severity.NOTE,
        en=(
            "a stated change has no stated market size at either end, so nothing checks it",
            "nothing to do if the publisher states no size for those years",
        ),
        de=(
            "eine angegebene Veränderung hat an keinem Ende eine angegebene Marktgröße, "
            "nichts prüft sie",
            "nichts zu tun, wenn die Quelle für diese Jahre keine Größe nennt",
        ),
    ),
    ProblemCode(
        "implausible-figure",
        Severity.WARNING,
        en=(
            "a figure quoted in prose lies outside what its unit allows: a share outside "
            "0-100 %, a change of -100 % or less, more people than live on Earth, a year "
            "before 1800 or after 2100",
            "check the value and its `unit`",
        ),
        de=(
            "eine im Text zitierte Zahl liegt außerhalb dessen, was ihre Einheit zulässt: "
            "ein Anteil außerhalb von 0-100 %, eine Veränderung von -100 % oder weniger, "
            "mehr Menschen, als auf der Erde leben, ein Jahr vor 1800 oder nach 2100",
            "Wert und `unit` prüfen",
        ),
    ),
    ProblemCode(
        "cagr-out-of-range",
        Severity.ERROR,
        en=(
            "a CAGR of 100 % or more, or -100 % or less",
            "check the value (12.5 means 12.5 %)",
        ),
        de=(
            "eine CAGR von 100 % oder mehr oder von −100 % oder weniger",
            "den Wert prüfen (12.5 bedeutet 12,5 %)",
        ),
    ),
    ProblemCode(
        "not-finite",
        Severity.ERROR,
        en=(
            "`.inf` or `.nan` where a figure belongs",
            "write the figure as published",
        ),
        de=(
            "`.inf` oder `.nan` statt einer Zahl",
            "die Zahl wie veröffentlicht schreiben",
        ),
    ),
    ProblemCode(
        "cagr-parts",
        Severity.WARNING,
        en=(
            (
                "the market's CAGR is above (or below) the CAGR of every part of a complete "
                "breakdown over the same years"
            ),
            "check the CAGRs",
        ),
        de=(
            (
                "die CAGR des Marktes liegt über (oder unter) der CAGR jedes Teils einer "
                "vollständigen Aufteilung für dieselben Jahre"
            ),
            "die CAGRs prüfen",
        ),
    ),
    ProblemCode(
        "fastest-slower-than-market",
        Severity.WARNING,
        en=(
            "a part marked `fastest: true` has a CAGR below the market's over the same years",
            "check the CAGR or the flag",
        ),
        de=(
            (
                "ein mit `fastest: true` gekennzeichneter Teil hat eine niedrigere CAGR als der "
                "Markt für dieselben Jahre"
            ),
            "CAGR oder Kennzeichnung prüfen",
        ),
    ),
    ProblemCode(
        "fastest-not-fastest",
        Severity.WARNING,
        en=(
            "another part grows faster than the one marked `fastest: true`",
            "check the CAGRs or the flag",
        ),
        de=(
            "ein anderer Teil wächst schneller als der mit `fastest: true` gekennzeichnete",
            "CAGRs oder Kennzeichnung prüfen",
        ),
    ),
    ProblemCode(
        "share-year-without-size",
        Severity.NOTE,
        en=(
            (
                "shares refer to a year without a market size, so no money value is derived from "
                "them"
            ),
            "nothing, if that is what the publisher states",
        ),
        de=(
            (
                "die Anteile beziehen sich auf ein Jahr ohne Marktgröße, daher wird kein Geldwert "
                "aus ihnen abgeleitet"
            ),
            "nichts, wenn der Herausgeber es so angibt",
        ),
    ),
    ProblemCode(
        "year-outside-report",
        Severity.WARNING,
        en=(
            (
                "a size after the forecast period, or a CAGR or shares for years the report's "
                "sizes, base year and forecast do not cover"
            ),
            "check the year",
        ),
        de=(
            (
                "eine Größe nach dem Prognosezeitraum oder eine CAGR oder Anteile für Jahre, die "
                "die Größen, das Basisjahr und die Prognose des Berichts nicht abdecken"
            ),
            "das Jahr prüfen",
        ),
    ),
    ProblemCode(
        "unused-acknowledgement",
        Severity.NOTE,
        en=(
            "a warning is acknowledged in `facts.yaml` but no longer occurs",
            "remove the acknowledgement",
        ),
        de=(
            "eine Warnung ist in `facts.yaml` bestätigt, tritt aber nicht mehr auf",
            "die Bestätigung entfernen",
        ),
    ),
    ProblemCode(
        "acknowledgement-exceeded",
        Severity.NOTE,
        en=(
            (
                "an acknowledged warning goes beyond what the acknowledgement accepts (a CAGR gap "
                "larger than rounding)"
            ),
            "check the figures",
        ),
        de=(
            (
                "eine bestätigte Warnung geht über das Bestätigte hinaus (CAGR-Abweichung größer "
                "als eine Rundung)"
            ),
            "Zahlen prüfen",
        ),
    ),
    ProblemCode(
        "duplicate-id",
        Severity.ERROR,
        en=(
            "an id or player appears twice",
            "keep one",
        ),
        de=(
            "eine Id oder ein Unternehmen steht doppelt",
            "einen Eintrag behalten",
        ),
    ),
    ProblemCode(
        "duplicate-slug",
        Severity.ERROR,
        en=(
            "two reports would get the same URL in one language",
            "give one its own `slug`",
        ),
        de=(
            "zwei Berichte hätten in einer Sprache dieselbe URL",
            "einem Bericht einen eigenen `slug` geben",
        ),
    ),
    ProblemCode(
        "unknown-country",
        Severity.ERROR,
        en=(
            "not an ISO 3166 alpha-2 country code",
            "use two capital letters such as `US`, `DE`, `AT`",
        ),
        de=(
            "kein ISO-3166-Alpha-2-Ländercode",
            "zwei Großbuchstaben wie `US`, `DE`, `AT` verwenden",
        ),
    ),
    ProblemCode(
        "unknown-area",
        Severity.ERROR,
        en=(
            "`regional_coverage` is not global, a country code, EU or a world region",
            "write `global`, a country such as `DE`, `EU`, or a region such as `europe`",
        ),
        de=(
            "`regional_coverage` ist weder global noch ein Ländercode, EU oder eine Weltregion",
            "`global`, ein Land wie `DE`, `EU` oder eine Region wie `europe` schreiben",
        ),
    ),
    ProblemCode(
        "unknown-source",
        Severity.ERROR,
        en=(
            "a figure's `source:` names no source listed under `sources:`",
            "give that source `id: <the name>` under `sources:`, or correct the id",
        ),
        de=(
            "das `source:` einer Zahl nennt keine unter `sources:` aufgeführte Quelle",
            "der Quelle unter `sources:` `id: <der Name>` geben oder die ID korrigieren",
        ),
    ),
    ProblemCode(
        "date-in-future",
        Severity.ERROR,
        en=(
            "a development is dated in the future",
            "correct the date",
        ),
        de=(
            "eine Entwicklung ist in der Zukunft datiert",
            "Datum korrigieren",
        ),
    ),
    ProblemCode(
        "value-mismatch",
        Severity.ERROR,
        en=(
            "a series value differs from the same fact in `facts.yaml`",
            "make them equal",
        ),
        de=(
            "ein Wert der Reihe weicht von derselben Angabe in `facts.yaml` ab",
            "angleichen",
        ),
    ),
)
