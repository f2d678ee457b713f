"""Problem codes of reading the data folder: files, YAML, CSV and the shape of each
file (keys, types, values)."""

from __future__ import annotations

from marketsite.data.problem_code import ProblemCode, Severity

FILE_CODES = (
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
