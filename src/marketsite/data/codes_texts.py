"""Problem codes of the language files: translations, names, references, placeholders
and figures typed into prose."""

from __future__ import annotations

from marketsite.data.problem_code import ProblemCode, Severity

TEXT_CODES = (
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
        "left-over-key",
        Severity.ERROR,
        en=(
            "a translation has a key that the source language's file does not have",
            "delete it from the translation, or write it in the source language first",
        ),
        de=(
            "eine Übersetzung hat einen Schlüssel, den die Datei der Ausgangssprache nicht hat",
            "ihn aus der Übersetzung löschen oder zuerst in der Ausgangssprache schreiben",
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
        "missing-dative",
        Severity.ERROR,
        en=(
            "a plural German name has no dative form, so a generated list would read "
            '"gefolgt von Sprachanrufe"',
            "write the name as `{name: ..., plural: true, dative: ...}`",
        ),
        de=(
            "ein deutscher Name im Plural hat keine Dativform, sodass eine erzeugte "
            "Aufzählung „gefolgt von Sprachanrufe“ lauten würde",
            "den Namen als `{name: ..., plural: true, dative: ...}` schreiben",
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
)
