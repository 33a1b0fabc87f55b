"""JSON, JSONL and YAML: a list of row objects per table, each row with the line its object begins on.

A document is either a list of rows (the table its file name says) or an object with one key per table.
JSON is scanned item by item with `JSONDecoder.raw_decode`, so each row's position is known; numbers
with a fraction are read as `Decimal`, never float, and `NaN`/`Infinity` stay text (and fail as
amounts).  YAML is read with PyYAML's safe loader, node by node for the positions, once its aliases are
known not to expand it beyond safe_yaml.MAX_VALUES values; a number written plainly in a row (`version:
2.0`) keeps its text beside its value (`raw.Written`), so that a text column reads `2.0` as the JSON
`2.0` or a CSV cell is read, not as `2`.  When several rows
begin on one line (minified JSON), the rows are numbered by their place in the list instead.  A key
given twice, a table's in the document or a column's in a row object, is never read as the last one says
(what JSON and YAML parsers do): the document gives its keys in order, with their places, so readers.py
refuses a table given twice (F414), and a row object giving a key twice is `Repeated`, refused (F404) at
the key's second place.  JSON Lines
are read line by line, twice (keys, then rows), never held whole.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any, Iterable

from ..diagnostics import Sink
from .limits import MAX_ROW_PROBLEMS, MAX_ROWS
from .raw import Locator, RawTable, Written, span

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder(parse_float=Decimal, parse_constant=str)

Item = tuple[int, int, Any]  # line, column, value
_ROW_OBJECT = "a row object"
Entry = tuple[str, int, int, Any]  # a document's key, its line and column, its rows (a list of Items) or value


class Repeated(dict):
    """A row object that gives a key more than once (`{"amount": 1000, "amount": 2000}`), read as the
    last one says: the row is refused, since which value is meant cannot be told.  `again`: each key
    given again → (line, column) where it is given the second time, or None when that is not known."""

    __slots__ = ("again",)


def _pairs(pairs: list[tuple[str, Any]]) -> dict:
    """A JSON object, Repeated when it gives a key twice."""
    out = dict(pairs)
    if len(out) == len(pairs):
        return out
    repeated = Repeated(out)
    seen: set[str] = set()
    repeated.again = {}
    for key, _ in pairs:
        if key in seen:
            repeated.again.setdefault(key, None)
        seen.add(key)
    return repeated


_PAIRS = json.JSONDecoder(parse_float=Decimal, parse_constant=str, object_pairs_hook=_pairs)


def _repeated_keys(text: str, start: int, end: int, value: Any, line_of=None) -> Any:
    """A decoded row object, Repeated when `text[start:end]` gives a key twice.  A key is given once per
    `:` outside strings, so an object with as many `:` as keys has none twice and needs no second look
    (the usual row: one cheap count, where decoding every row through a hook costs two thirds more);
    any other is decoded again, keeping each key given.  `line_of(offset)`: (line, column)."""
    if value.__class__ is not dict or text.count(":", start, end) == len(value):
        return value
    again = _PAIRS.decode(text[start:end])
    if again.__class__ is not Repeated:
        return value
    for key in again.again:
        found = list(re.finditer(re.escape(json.dumps(key, ensure_ascii=False)) + r"[ \t\n\r]*:", text[start:end]))
        if len(found) > 1 and line_of is not None:
            again.again[key] = line_of(start + found[1].start())
    return again


def _line_column(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


class DocumentError(ValueError):
    def __init__(self, message: str, line: int, column: int = 1):
        super().__init__(message)
        self.line, self.column = line, column


class _Positions:
    """Line and column of increasing offsets in a text, counted once."""

    def __init__(self, text: str):
        self.text, self.offset, self.line, self.line_start = text, 0, 1, 0

    def at(self, offset: int) -> tuple[int, int]:
        text = self.text
        newlines = text.count("\n", self.offset, offset)
        if newlines:
            self.line += newlines
            self.line_start = text.rfind("\n", 0, offset) + 1
        self.offset = offset
        return self.line, offset - self.line_start + 1


def parse_json(text: str) -> tuple[str, Any]:
    """('list', [items]) or ('tables', [(key, line, column, [items] or a value)], in the document's order,
    a key given twice given twice); raises DocumentError."""
    pos = _Positions(text)
    i = _SPACE.match(text, 0).end()
    if i == len(text):
        raise DocumentError("the document is empty", 1)
    try:
        if text[i] == "[":
            items, i = _array(text, i, pos)
            kind, value = "list", items
        elif text[i] == "{":
            value, i = _object(text, i, pos)
            kind = "tables"
        else:
            raise DocumentError("expected a list of rows or an object with a key per table", *pos.at(i))
    except json.JSONDecodeError as e:
        raise DocumentError(e.msg.lower(), e.lineno, e.colno) from None
    except ValueError as e:  # a number of more digits than Python converts (sys.get_int_max_str_digits())
        raise DocumentError(f"a number cannot be read: {str(e).split(';')[0].lower()}", 1) from None
    except RecursionError:
        raise DocumentError("values are nested too deeply", 1) from None
    i = _SPACE.match(text, i).end()
    if i != len(text):
        raise DocumentError("unexpected text after the document", *pos.at(i))
    return kind, value


def _array(text: str, i: int, pos: _Positions) -> tuple[list[Item], int]:
    items: list[Item] = []
    i = _SPACE.match(text, i + 1).end()
    if text.startswith("]", i):
        return items, i + 1
    while True:
        line, column = pos.at(i)
        start = i
        value, i = _DECODER.raw_decode(text, i)
        items.append((line, column, _repeated_keys(text, start, i, value, partial(_line_column, text))))
        if len(items) > MAX_ROWS:
            raise DocumentError(f"more than {MAX_ROWS:,} rows in one list", line, column)
        i = _SPACE.match(text, i).end()
        if text.startswith(",", i):
            i = _SPACE.match(text, i + 1).end()
        elif text.startswith("]", i):
            return items, i + 1
        else:
            raise DocumentError("expected `,` or `]` after a row", *pos.at(i))


def _object(text: str, i: int, pos: _Positions) -> tuple[list[Entry], int]:
    out: list[Entry] = []
    i = _SPACE.match(text, i + 1).end()
    if text.startswith("}", i):
        return out, i + 1
    while True:
        if not text.startswith('"', i):
            raise DocumentError("expected a table name in quotes", *pos.at(i))
        line, column = pos.at(i)
        key, i = _DECODER.raw_decode(text, i)
        i = _SPACE.match(text, i).end()
        if not text.startswith(":", i):
            raise DocumentError("expected `:` after a table name", *pos.at(i))
        i = _SPACE.match(text, i + 1).end()
        if text.startswith("[", i):
            items, i = _array(text, i, pos)
            out.append((key, line, column, items))
        else:
            value, i = _DECODER.raw_decode(text, i)
            out.append((key, line, column, value))
        i = _SPACE.match(text, i).end()
        if text.startswith(",", i):
            i = _SPACE.match(text, i + 1).end()
        elif text.startswith("}", i):
            return out, i + 1
        else:
            raise DocumentError("expected `,` or `}` after a table", *pos.at(i))


def parse_yaml(text: str) -> tuple[str, Any]:
    """As parse_json, for YAML (safe loader only)."""
    import yaml

    from ..safe_yaml import YamlError, check_expansion, construct

    loader = None
    try:
        loader = yaml.SafeLoader(text)
        node = loader.get_single_node()
        if node is None:
            raise DocumentError("the document is empty", 1)
        try:
            check_expansion(node)  # aliases: no "billion laughs" reaches the constructor
        except YamlError as e:
            raise DocumentError(e.message, e.line, e.column) from None
        if isinstance(node, yaml.SequenceNode):
            return "list", _yaml_items(loader, node)
        if isinstance(node, yaml.MappingNode):
            out: list[Entry] = []
            for key_node, value_node in node.value:
                key = construct(key_node, loader)
                mark = key_node.start_mark
                out.append((str(key), mark.line + 1, mark.column + 1,
                            _yaml_items(loader, value_node) if isinstance(value_node, yaml.SequenceNode)
                            else construct(value_node, loader)))
            return "tables", out
        mark = node.start_mark
        raise DocumentError("expected a list of rows or a mapping with a key per table", mark.line + 1, mark.column + 1)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        raise DocumentError(str(e.problem or e.context or "cannot be read"),
                            mark.line + 1 if mark else 1, mark.column + 1 if mark else 1) from None
    except YamlError as e:  # (a value that cannot be constructed, located by safe_yaml.construct)
        raise DocumentError(e.message, e.line, e.column) from None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as e:
        raise DocumentError(str(e).splitlines()[0] if str(e) else "cannot be read", 1) from None
    except RecursionError:
        raise DocumentError("values are nested too deeply", 1) from None
    finally:
        if loader is not None:
            loader.dispose()


_YAML_NUMBERS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def _yaml_items(loader, node) -> list[Item]:
    return [(n.start_mark.line + 1, n.start_mark.column + 1, _yaml_row(loader, n)) for n in node.value]


def _yaml_row(loader, node) -> Any:
    """A row's value; in a row object, each number written plainly (`version: 2.0`) as `Written`, its text
    kept for text columns; a row object giving a key twice is Repeated (a key a merge `<<` brings in and
    the row gives again is YAML's way to override it, not a key given twice)."""
    import yaml

    from ..safe_yaml import construct

    again: dict[Any, tuple[int, int]] = {}
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = construct(key_node, loader)
            try:
                if key in seen and key not in again:
                    again[key] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                seen.add(key)
            except TypeError:  # a key that is a list or a mapping: the constructor refuses it
                pass
    value = construct(node, loader)
    if not isinstance(value, dict) or not isinstance(node, yaml.MappingNode):
        return value
    if again:
        value = Repeated(value)
        value.again = again
    last: dict[Any, Any] = {}
    for key_node, value_node in node.value:  # (merged `<<` keys first: the constructor put them there)
        last[loader.construct_object(key_node)] = value_node
    for key, value_node in last.items():
        if isinstance(value_node, yaml.ScalarNode) and value_node.style is None and value_node.tag in _YAML_NUMBERS \
                and isinstance(value.get(key), (int, float)) and not isinstance(value.get(key), bool):
            value[key] = Written(value_node.value, value[key])
    return value


def jsonl_table(path: Path, file: str, table: str, sha256: str, sink: Sink) -> RawTable | None:
    """JSON Lines, read twice so that memory stays flat: once for the keys (the header), then in batches."""
    header: dict[str, None] = {}
    problems: list[tuple] = []
    repeated: list[tuple[int, Repeated]] = []
    try:
        for n, line in _lines(path):
            try:
                item = _repeated_keys(line, 0, len(line), _DECODER.decode(line), lambda at, n=n: (n, at + 1))
            except json.JSONDecodeError as e:
                problems.append(_unreadable(n, f"{table}: the line is not JSON: {e.msg.lower()} at column {e.colno}",
                                            "a line that is not JSON"))
                continue
            except RecursionError:
                problems.append(_unreadable(n, f"{table}: the line is nested too deeply", "values nested too deeply"))
                continue
            except ValueError as e:  # a number of more digits than Python converts
                problems.append(_unreadable(n, f"{table}: a number cannot be read: {str(e).split(';')[0].lower()}",
                                            "a number that cannot be read"))
                continue
            if isinstance(item, dict):
                header.update(dict.fromkeys(item))
                if item.__class__ is Repeated and len(problems) <= MAX_ROW_PROBLEMS:
                    repeated.append((n, item))
            elif len(problems) <= MAX_ROW_PROBLEMS:  # beyond that the file is refused whole (build.py)
                problems.append(_not_a_row(n, table, item))
    except UnicodeDecodeError:
        from .readers import not_utf8

        data = path.read_bytes()
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            not_utf8(data, e, file, sink)
        return None
    keys = list(header)
    locator = ItemLocator({}, False)
    for n, item in repeated:
        problems.extend(_given_twice(table, n, item, keys, locator))
    refused = {n for n, _ in repeated}

    def rows():
        for n, line in _lines(path):
            try:
                item = _DECODER.decode(line)
            except (ValueError, RecursionError):
                continue  # said in the first pass
            if isinstance(item, dict) and n not in refused:
                yield n, [item.get(k) for k in keys]

    return RawTable(table, file, keys, rows(), sha256=sha256, locator=locator, problems=problems)


def _lines(path: Path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                yield n, line.rstrip("\r\n")


class ItemLocator(Locator):
    """Rows of a document: messages point at the object's first character, or at a cell's own place when
    it is known (`cells`: a key given twice)."""

    def __init__(self, places: dict[int, tuple[int, int]], numbered: bool):
        self.places, self.numbered = places, numbered
        self.cells: dict[tuple[int, int], tuple[int, int]] = {}

    def spans(self, file: str, points: Iterable[tuple[int, int]]):
        out = {}
        for line, index in points:
            at_line, column = self.cells.get((line, index)) or self.places.get(line, (line, 1))
            out[(line, index)] = span(file, at_line, column)
        return out

    def where(self, line: int, index: int) -> str:
        return f"row {line} of the list" if self.numbered else ""


def records(items: list[Item], file: str, table: str, sha256: str,
            problems: list[tuple] | None = None) -> RawTable:
    """A RawTable from row objects: the header is every key, in the order first seen."""
    lines = [line for line, _, _ in items]
    numbered = any(b <= a for a, b in zip(lines, lines[1:]))
    places = {(n if numbered else line): (line, column) for n, (line, column, _) in enumerate(items, 1)}
    header: dict[str, None] = {}
    rows: list[tuple[int, dict]] = []
    problems = list(problems or [])
    repeated: list[tuple[int, Repeated]] = []
    for n, (line, _, item) in enumerate(items, 1):
        where = n if numbered else line
        if not isinstance(item, dict):
            if len(problems) <= MAX_ROW_PROBLEMS:  # beyond that the file is refused whole (build.py)
                problems.append(_not_a_row(where, table, item))
            continue
        twice = item.__class__ is Repeated
        if twice:
            repeated.append((where, item))
        if not all(isinstance(k, str) for k in item):
            item = {str(k): v for k, v in item.items()}  # YAML keys may be numbers
        for key in item:
            if key not in header:
                header[key] = None
        if not twice:  # (one that is: refused below)
            rows.append((where, item))
    keys = list(header)
    locator = ItemLocator(places, numbered)
    for where, item in repeated:
        problems.extend(_given_twice(table, where, item, keys, locator))
    cells = ((where, [item.get(k) for k in keys]) for where, item in rows)
    return RawTable(table, file, keys, cells, header_line=items[0][0] if items else 1, sha256=sha256,
                    locator=locator, problems=problems)


def _unreadable(line: int, message: str, found: str) -> tuple:
    """A row that is not a row object at all (F412), as `RawTable.problems` holds it."""
    return line, message, "", "F412", -1, found, _ROW_OBJECT


def _not_a_row(line: int, table: str, item: Any) -> tuple:
    return _unreadable(line, f"{table}: found {_kind(item)}, expected a row object such as {{\"id\": \"P1\", …}}",
                       _kind(item).strip("`"))


def _given_twice(table: str, where: int, item: Repeated, keys: list[str], locator: ItemLocator) -> list[tuple]:
    """The problems of a row object that gives a key twice, each located where the key is given again:
    as a CSV file whose header names a column twice, the row cannot be read (whichever value was meant)."""
    out = []
    for key, place in item.again.items():
        index = keys.index(str(key))
        if place is not None:
            locator.cells[(where, index)] = place
        out.append((where, f"{table}: column `{key}` appears twice in the row", "give each column once in a row: "
                    "which of the two values is meant cannot be told", "F404", index, f"{key} twice",
                    "each column once"))
    return out


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    return f"`{value}`"
