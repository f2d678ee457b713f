"""Every problem code: its default severity, and what it means and how to fix it in each
language of the editors' guides.

This is the one home of the codes. A :class:`marketsite.data.problems.Problem` with a code that
is not here cannot be made, and the code tables of ``docs/editors.md`` and
``docs/redaktion.md`` are generated from here (``marketsite schema``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType


class Severity(StrEnum):
    """How bad a problem is. Notes inform, warnings can be made fatal, errors are."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True)
class ProblemCode:
    """One kind of problem: ``en`` and ``de`` hold (what it means, how to fix it)."""

    code: str
    severity: Severity
    en: tuple[str, str]
    de: tuple[str, str]

    def explained(self, lang: str) -> tuple[str, str]:
        """What it means and how to fix it, in ``lang`` (a guide's language)."""
        return self.de if lang == "de" else self.en


_CODES = (
    ProblemCode(
        "yaml-syntax",
        Severity.ERROR,
        en=(
            "the file is not valid YAML",
            "check indentation; quote text that contains `: ` or starts with a symbol",
        ),
        de=(
            "die Datei ist kein gültiges YAML",
            (
                "Einrückung prüfen; Text mit `: ` oder führendem Sonderzeichen in "
                "Anführungszeichen setzen"
            ),
        ),
    ),
    ProblemCode(
        "empty-file",
        Severity.ERROR,
        en=(
            "the file has no content",
            "fill it in or delete it",
        ),
        de=(
            "die Datei ist leer",
            "ausfüllen oder löschen",
        ),
    ),
    ProblemCode(
        "not-utf8",
        Severity.ERROR,
        en=(
            "the file is not saved as UTF-8",
            "save it as UTF-8",
        ),
        de=(
            "die Datei ist nicht als UTF-8 gespeichert",
            "als UTF-8 speichern",
        ),
    ),
    ProblemCode(
        "control-character",
        Severity.ERROR,
        en=(
            "a text or CSV cell holds an invisible control character (named by its code "
            "point), a lone surrogate or a bidirectional override",
            "delete it; it often comes with text pasted from another program",
        ),
        de=(
            "ein Text oder eine CSV-Zelle enthält ein unsichtbares Steuerzeichen (mit "
            "seinem Codepunkt genannt), ein einzelnes Surrogat oder eine Richtungsumkehr",
            "löschen; es kommt oft mit Text, der aus einem anderen Programm eingefügt wurde",
        ),
    ),
    ProblemCode(
        "number-out-of-bounds",
        Severity.ERROR,
        en=(
            "a number has more digits or decimals, or is larger, than any published figure "
            "(at most 15 significant digits and 6 decimals, below 10^15 in the file's unit), "
            "or a market size reaches 10^15 of its currency",
            "write the figure as the publisher states it, and check the file's unit",
        ),
        de=(
            "eine Zahl hat mehr Stellen oder Nachkommastellen oder ist größer als jede "
            "veröffentlichte Zahl (höchstens 15 gültige Stellen und 6 Nachkommastellen, unter "
            "10^15 in der Einheit der Datei), oder eine Marktgröße erreicht 10^15 ihrer Währung",
            "die Zahl so schreiben, wie der Verlag sie angibt, und die Einheit der Datei prüfen",
        ),
    ),
    ProblemCode(
        "unused-language",
        Severity.WARNING,
        en=(
            "a text or names file is for a language the site does not have, so it is not published",
            "add the language to `languages:` in `mkdocs.yml` (and `make messages "
            "NEW_LANG=xx`), or delete the file",
        ),
        de=(
            "eine Text- oder Namensdatei ist für eine Sprache, die die Website nicht hat, "
            "und wird darum nicht veröffentlicht",
            "die Sprache unter `languages:` in `mkdocs.yml` eintragen (und `make messages "
            "NEW_LANG=xx`) oder die Datei löschen",
        ),
    ),
    ProblemCode(
        "file-too-large",
        Severity.ERROR,
        en=(
            "the file is larger than a data file may be",
            "split it; keep bulk data out of `data/`",
        ),
        de=(
            "die Datei ist größer als erlaubt",
            "aufteilen; Massendaten gehören nicht nach `data/`",
        ),
    ),
    ProblemCode(
        "duplicate-key",
        Severity.ERROR,
        en=(
            "the same key appears twice in one block",
            "keep one",
        ),
        de=(
            "ein Schlüssel steht zweimal im selben Block",
            "einen behalten",
        ),
    ),
    ProblemCode(
        "missing-key",
        Severity.ERROR,
        en=(
            "a required key is missing",
            "add it; the message shows an example",
        ),
        de=(
            "ein Pflichtschlüssel fehlt",
            "ergänzen; die Meldung zeigt ein Beispiel",
        ),
    ),
    ProblemCode(
        "unknown-key",
        Severity.ERROR,
        en=(
            "a key marketsite does not know (often a typo)",
            "use one of the allowed keys the message lists",
        ),
        de=(
            "ein unbekannter Schlüssel (oft ein Tippfehler)",
            "einen der genannten erlaubten Schlüssel verwenden",
        ),
    ),
    ProblemCode(
        "wrong-type",
        Severity.ERROR,
        en=(
            "text where a number belongs, a list where a block belongs, ...",
            "write the value as the message says (e.g. `12.5`, no quotes, decimal point)",
        ),
        de=(
            "Text statt Zahl, Liste statt Block usw.",
            (
                "den Wert so schreiben, wie die Meldung sagt (z. B. `12.5`, ohne "
                "Anführungszeichen, mit Punkt)"
            ),
        ),
    ),
    ProblemCode(
        "negative-value",
        Severity.ERROR,
        en=(
            "a value that must be positive is negative",
            "correct the sign",
        ),
        de=(
            "ein Wert, der positiv sein muss, ist negativ",
            "Vorzeichen korrigieren",
        ),
    ),
    ProblemCode(
        "invalid-value",
        Severity.ERROR,
        en=(
            "a value outside what is allowed (id, date, code, unit)",
            "use a value of the form the message shows",
        ),
        de=(
            "ein unzulässiger Wert (Id, Datum, Code, Einheit)",
            "einen Wert in der gezeigten Form verwenden",
        ),
    ),
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
        "old-format",
        Severity.ERROR,
        en=(
            (
                "`facts.yaml` still uses the earlier form (`market_size: {start, end}`, "
                "`cagr_percent`)"
            ),
            "write it as the message shows: sizes by year, the CAGR with its period",
        ),
        de=(
            (
                "`facts.yaml` nutzt noch die frühere Form (`market_size: {start, end}`, "
                "`cagr_percent`)"
            ),
            "so schreiben, wie die Meldung zeigt: Größen nach Jahr, die CAGR mit Zeitraum",
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
        "figure-in-prose",
        Severity.WARNING,
        en=(
            "a percentage, a money amount or a number with decimals is typed into prose, "
            "where nothing checks it or formats it per language",
            "write it under `figures:` in facts.yaml and quote it as `{id}`; if it is part "
            "of a name (Web 3.0), list the name under `not_figures:`",
        ),
        de=(
            "eine Prozentangabe, ein Geldbetrag oder eine Zahl mit Nachkommastellen steht "
            "als Text im Fließtext, wo nichts sie prüft oder je Sprache formatiert",
            "sie unter `figures:` in facts.yaml eintragen und als `{id}` zitieren; ist sie "
            "Teil eines Namens (Web 3.0), den Namen unter `not_figures:` aufführen",
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
        "unknown-locale",
        Severity.ERROR,
        en=(
            "a text file's language is not a known locale",
            "name it `text.de.yaml`, `text.en.yaml`, ...",
        ),
        de=(
            "die Sprache einer Textdatei ist unbekannt",
            "`text.de.yaml`, `text.en.yaml` usw. verwenden",
        ),
    ),
    ProblemCode(
        "missing-file",
        Severity.ERROR,
        en=(
            "a report lacks `facts.yaml` or a language's text file",
            "add the file",
        ),
        de=(
            "einem Bericht fehlt `facts.yaml` oder die Textdatei einer Sprache",
            "Datei anlegen",
        ),
    ),
    ProblemCode(
        "missing-translation",
        Severity.ERROR,
        en=(
            "a key exists in one language file but not in another",
            "translate it",
        ),
        de=(
            "ein Schlüssel fehlt in einer Sprachdatei",
            "übersetzen",
        ),
    ),
    ProblemCode(
        "identical-text",
        Severity.WARNING,
        en=(
            "a text in a translation is the same sentence as in the source language",
            "translate it",
        ),
        de=(
            "ein Text einer Übersetzung ist derselbe Satz wie in der Ausgangssprache",
            "ihn übersetzen",
        ),
    ),
    ProblemCode(
        "missing-text",
        Severity.ERROR,
        en=(
            "a segment, region or development has no text in a language",
            "add its text",
        ),
        de=(
            "ein Segment, eine Region oder Entwicklung hat in einer Sprache keinen Text",
            "Text ergänzen",
        ),
    ),
    ProblemCode(
        "missing-name",
        Severity.ERROR,
        en=(
            "an id has no display name in a language",
            "add it to `_shared/names.<lang>.yaml` or `names:` in the text file",
        ),
        de=(
            "eine Id hat in einer Sprache keinen Anzeigenamen",
            "in `_shared/names.<sprache>.yaml` oder unter `names:` der Textdatei ergänzen",
        ),
    ),
    ProblemCode(
        "unknown-id",
        Severity.ERROR,
        en=(
            "text for an id that `facts.yaml` does not have",
            "add the id to `facts.yaml` or remove the text",
        ),
        de=(
            "Text für eine Id, die `facts.yaml` nicht kennt",
            "Id in `facts.yaml` ergänzen oder Text entfernen",
        ),
    ),
    ProblemCode(
        "unknown-reference",
        Severity.ERROR,
        en=(
            "prose refers to `{something}` that is not a figure",
            "define it under `figures:` or correct the name",
        ),
        de=(
            "Fließtext verweist auf `{etwas}`, das keine Kennzahl ist",
            "unter `figures:` definieren oder Namen korrigieren",
        ),
    ),
    ProblemCode(
        "placeholder-text",
        Severity.ERROR,
        en=(
            "`TODO`, `TBD`, `XX %`, `{{` or lorem ipsum left in",
            "write the real content",
        ),
        de=(
            "`TODO`, `TBD`, `XX %`, `{{` oder Blindtext steht noch im Text",
            "echten Inhalt schreiben",
        ),
    ),
    ProblemCode(
        "csv-header",
        Severity.ERROR,
        en=(
            "`series.csv` does not start with `year,value`",
            "fix the header",
        ),
        de=(
            "`series.csv` beginnt nicht mit `year,value`",
            "Kopfzeile korrigieren",
        ),
    ),
    ProblemCode(
        "csv-syntax",
        Severity.ERROR,
        en=(
            "`series.csv` cannot be read as CSV",
            "fix quoting and separators",
        ),
        de=(
            "`series.csv` ist kein lesbares CSV",
            "Anführungszeichen und Trennzeichen prüfen",
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
    ProblemCode(
        "unknown-file",
        Severity.WARNING,
        en=(
            "a file marketsite does not read",
            "rename or move it",
        ),
        de=(
            "eine Datei, die marketsite nicht liest",
            "umbenennen oder verschieben",
        ),
    ),
    ProblemCode(
        "no-reports",
        Severity.ERROR,
        en=(
            "the data folder holds no report",
            "add one with `marketsite new`",
        ),
        de=(
            "der Datenordner enthält keinen Bericht",
            "mit `marketsite new` einen anlegen",
        ),
    ),
    ProblemCode(
        "no-data-dir",
        Severity.ERROR,
        en=(
            "the data folder does not exist",
            "pass the right folder",
        ),
        de=(
            "der Datenordner existiert nicht",
            "den richtigen Ordner angeben",
        ),
    ),
    ProblemCode(
        "yaml-too-complex",
        Severity.ERROR,
        en=(
            (
                "anchors and aliases repeat more than 10,000 values, or the YAML nests more than "
                "64 levels (an alias inside its own anchor does)"
            ),
            "write the values out; fix the brackets and indentation",
        ),
        de=(
            (
                "Anker und Aliase wiederholen mehr als 10.000 Werte, oder das YAML ist mehr als 64"
                " Ebenen tief verschachtelt (wie bei einem Alias in seinem eigenen Anker)"
            ),
            "Werte ausschreiben; Klammern und Einrückung prüfen",
        ),
    ),
    ProblemCode(
        "unreadable-file",
        Severity.ERROR,
        en=(
            (
                "a file cannot be read: a link to a missing file, no permission, a folder where a "
                "file belongs"
            ),
            "fix or remove the link, make the file readable",
        ),
        de=(
            (
                "eine Datei lässt sich nicht lesen: ein Link auf eine fehlende Datei, fehlende "
                "Rechte, ein Ordner, wo eine Datei stehen sollte"
            ),
            "Link reparieren oder entfernen, Datei lesbar machen",
        ),
    ),
    ProblemCode(
        "link-outside",
        Severity.ERROR,
        en=(
            (
                "a symbolic link in `data/` or `content/` points outside that folder; its content "
                "would be published"
            ),
            "copy the file into the folder instead of linking it",
        ),
        de=(
            (
                "ein symbolischer Link in `data/` oder `content/` zeigt aus dem Ordner hinaus; "
                "sein Inhalt würde veröffentlicht"
            ),
            "die Datei in den Ordner kopieren statt sie zu verlinken",
        ),
    ),
    ProblemCode(
        "symbolic-link",
        Severity.ERROR,
        en=(
            "a file or folder in `data/` is a symbolic link, even one that points inside it",
            "replace the link with a copy of the file",
        ),
        de=(
            "eine Datei oder ein Ordner in `data/` ist eine symbolische Verknüpfung, auch "
            "wenn sie innerhalb des Ordners zeigt",
            "die Verknüpfung durch eine Kopie der Datei ersetzen",
        ),
    ),
    ProblemCode(
        "invalid-id",
        Severity.ERROR,
        en=(
            (
                "a report folder, id or slug is not lowercase letters, digits and hyphens, is "
                "longer than 80 characters, or is a name Windows reserves (`con`, `nul`, `com1` "
                "...)"
            ),
            "rename it as the message says",
        ),
        de=(
            (
                "ein Berichtsordner, eine ID oder ein Slug besteht nicht nur aus Kleinbuchstaben, "
                "Ziffern und Bindestrichen, ist länger als 80 Zeichen oder ein unter Windows "
                "reservierter Name (`con`, `nul`, `com1` …)"
            ),
            "so umbenennen, wie die Meldung sagt",
        ),
    ),
    ProblemCode(
        "more-problems",
        Severity.NOTE,
        en=(
            "a file has more than 50 problems; the rest are counted, not listed",
            "fix the listed ones and run validate again",
        ),
        de=(
            "eine Datei hat mehr als 50 Probleme; die übrigen werden gezählt, nicht aufgeführt",
            "die aufgeführten beheben und erneut prüfen",
        ),
    ),
)

#: Every code, in the order the guides list them.
CODES: Mapping[str, ProblemCode] = MappingProxyType({entry.code: entry for entry in _CODES})

#: The code table's header and severity words in each guide's language.
_TABLE_WORDS = {
    "en": (
        ("code", "severity", "what it means", "how to fix it"),
        {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "note"},
    ),
    "de": (
        ("Code", "Schwere", "Bedeutung", "Abhilfe"),
        {Severity.ERROR: "Fehler", Severity.WARNING: "Warnung", Severity.NOTE: "Hinweis"},
    ),
}
#: The guide of each language, relative to the project's root.
GUIDES = {"en": "docs/editors.md", "de": "docs/redaktion.md"}


def code_table(lang: str) -> str:
    """The Markdown table of every code for the editors' guide in ``lang``."""
    header, severities = _TABLE_WORDS[lang]
    rows = ["| " + " | ".join(header) + " |", "|---|---|---|---|"]
    for entry in CODES.values():
        meaning, fix = entry.explained(lang)
        rows.append(f"| `{entry.code}` | {severities[entry.severity]} | {meaning} | {fix} |")
    return "\n".join(rows) + "\n"
