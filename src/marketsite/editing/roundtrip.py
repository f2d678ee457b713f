"""Writing a data file back with only its changed values changed.

An import from a workbook knows the data, not the file: dumping the data anew
drops the editor's comments ("The publisher gives no year for the shares, so none
is written here"), blank lines and layout, and a pull request shows a reformat
instead of the one number that changed. Here the file is read in ruamel.yaml's
round-trip mode, each value that differs is replaced in place, and everything
else (comments, key order, flow style, line breaks) is written back as it was.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import LiteralScalarString


def _decimal(representer: RoundTripRepresenter, number: Decimal) -> Any:
    """A figure as written: 58.40 stays 58.40 (its decimals are a stated fact)."""
    tag = (
        "tag:yaml.org,2002:int"
        if number == number.to_integral_value() and "." not in str(number)
        else "tag:yaml.org,2002:float"
    )
    return representer.represent_scalar(tag, str(number))


def _null(representer: RoundTripRepresenter, _value: None) -> Any:
    """``null``, as the data files write it (ruamel would write nothing)."""
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def _round_trip() -> YAML:
    yaml = YAML()  # round-trip mode: comments, order and styles are kept
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a line the editor did not fold
    yaml.indent(mapping=2, sequence=4, offset=2)  # "  - {year: 2026, ...}", as written
    yaml.representer.add_representer(Decimal, _decimal)
    yaml.representer.add_representer(type(None), _null)
    return yaml


def updated_text(before: str, old: Any, new: Any) -> str:
    """``before`` (a YAML file whose data, as marketsite reads it, is ``old``) with the
    data ``new``: each value equal to the old one keeps its node and everything around
    it; changed values are replaced in place, new keys and items added at the end."""
    yaml = _round_trip()
    document = yaml.load(before)
    merged = _merged(document, old, new)
    out = io.StringIO()
    yaml.dump(merged, out)
    return out.getvalue()


def new_file_text(data: Any) -> str:
    """The text of a new data file holding ``data``, written as values are written here."""
    out = io.StringIO()
    _round_trip().dump(_fresh(data), out)
    return out.getvalue()


def _same(old: Any, new: Any) -> bool:
    """Equal as data and as written: 58.4 and 58.40 differ (precision is stated)."""
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return type(old) is type(new) and str(old) == str(new)
    return type(old) is type(new) and old == new


def _merged(node: Any, old: Any, new: Any) -> Any:
    if isinstance(new, list) and len(new) == 1 and not isinstance(old, list):
        # The editor's short form of a list of one ("cagr: 5.82", "cagr: {value: ...}")
        # stays short while it can say the new value.
        item = new[0]
        if isinstance(old, dict) and isinstance(item, dict):
            return _merged(node, old, item)
        if isinstance(item, dict) and set(item) == {"value"}:
            return node if _same(old, item["value"]) else _fresh(item["value"])
    if isinstance(node, dict) and isinstance(old, dict) and isinstance(new, dict):
        for key in [key for key in node if key not in new]:
            del node[key]
        for key, value in new.items():
            if key in node and key in old:
                node[key] = _merged(node[key], old[key], value)
            else:
                node[key] = _fresh(value, flow=_is_flow(node))
        return node
    if isinstance(node, list) and isinstance(old, list) and isinstance(new, list):
        flow_items = any(_is_flow(item) for item in node)
        for index, value in enumerate(new):
            if index < len(node) and index < len(old):
                node[index] = _merged(node[index], old[index], value)
            else:
                node.append(_fresh(value, flow=flow_items))
        del node[len(new) :]
        return node
    if _same(old, new):
        return node
    return _fresh(new, flow=_is_flow(node))


def _is_flow(node: Any) -> bool:
    return isinstance(node, CommentedMap | CommentedSeq) and bool(node.fa.flow_style())


def _fresh(value: Any, flow: bool = False) -> Any:
    """A new value as a node: small records in flow style where their siblings are,
    text of several lines as a ``|`` block."""
    if isinstance(value, dict):
        mapping = CommentedMap((key, _fresh(item)) for key, item in value.items())
        if flow:
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        return CommentedSeq(_fresh(item, flow) for item in value)
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value
