"""Mapping files: how an export that is not in the canonical shape becomes a table, without editing it.

A mapping (TOML, or YAML read safely by safe_yaml.py) names the table it produces and says, in order of use:
how to read the file (`delimiter`, `encoding`, `sheet`, `header_row`), which rows to leave out (`skip`,
`keep`: a column matching a pattern or one of some values), which columns to `drop`, how the export's
columns are called in the table (`rename`), which columns hold one value on every row (`constants`), how
raw values translate (`values`: account number → kind), how dates are written (`date_formats`, such as
`DMMYYYY` for `1102022`), and how ids are made when an export has posting lines (`id`: voucher + the
line's number within it).  Its structure is checked by pydantic models (mapping_spec.py, imported when a
mapping is read), its names against the rule book.
Names on the left of `rename`, and in `drop`, `skip`, `keep` and `id`, are the export's; the others are
the table's.  See fixtures/mappings/README.md.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ..check.expressions import did_you_mean
from ..check.model import CheckedBook, TableSchema, fold
from ..diagnostics import Sink
from .convert import bad_cell, is_empty, shown
from .dateformat import DateFormatError, compile_date_format
from .raw import span

if TYPE_CHECKING:
    from .mapping_spec import MappingFile, RowRule

_UNIT = re.compile(r"(?<=\w)\s*(?:\(\s*(?:€|eur)\s*\)|€|\s+eur)$")


def header_key(text: Any) -> str:
    """A header cell as matched: case, accents, spaces, `_`/`-`, a BOM and a trailing `€` do not count."""
    key = fold(str(text if text is not None else "").replace("\ufeff", "").replace("_", " ").replace("-", " "))
    return _UNIT.sub("", key.rstrip(":*").strip())


@dataclass
class Shape:
    """What build.py needs from a mapping; the empty shape reads a file as it is."""

    rename: dict[str, str] = field(default_factory=dict)  # header key → table column
    spelled: dict[str, str] = field(default_factory=dict)  # header key → as the mapping wrote it
    drop: set[str] = field(default_factory=set)  # header keys
    constants: dict[str, Any] = field(default_factory=dict)  # table column → raw value
    before: dict[str, tuple[Callable, ...]] = field(default_factory=dict)  # table column → validators
    id_columns: tuple[str, ...] = ()  # header keys
    posting_lines: bool = False
    separator: str = "-"
    skip: list[tuple[str, Callable[[Any], bool], str]] = field(default_factory=list)  # key, test, shown as
    keep: list[tuple[str, Callable[[Any], bool], str]] = field(default_factory=list)
    source: str = ""  # the mapping file

    @property
    def consumed(self) -> set[str]:
        """Header keys the mapping itself reads (ids, row rules): not unknown columns."""
        return {*self.id_columns, *(k for k, _, _ in self.skip), *(k for k, _, _ in self.keep)}


@dataclass
class Mapping:
    file: str
    spec: MappingFile
    table: str | None
    shape: Shape

    def applies_to(self, path: Path, stem_table: str | None, explicit: bool) -> bool:
        if self.spec.files:
            return any(path.match(pattern) for pattern in self.spec.files)
        if stem_table is not None:
            return stem_table == self.table
        return explicit and self.table is not None

    @property
    def delimiter(self) -> str | None:
        return "\t" if self.spec.delimiter == "tab" else self.spec.delimiter


def load_mapping(path: Path, book: CheckedBook, sink: Sink) -> Mapping | None:
    shown_path = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        sink.error("F413", f"cannot read mapping file `{shown_path}`: {getattr(e, 'strerror', None) or e}",
                   span(shown_path))
        return None
    is_yaml = path.suffix.lower() in (".yaml", ".yml")
    try:
        if is_yaml:
            from ..safe_yaml import load as load_yaml

            doc = load_yaml(text)  # safe, and aliases bounded
        else:
            doc = tomllib.loads(text)
    except (ValueError, RecursionError) as e:  # TOMLDecodeError and safe_yaml.YamlError are ValueErrors
        reason = str(e) if not isinstance(e, RecursionError) else "values are nested too deeply"
        sink.error("F413", f"mapping file `{shown_path}` is not valid {'YAML' if is_yaml else 'TOML'}: "
                   f"{reason[:1].lower()}{reason[1:]}", span(shown_path, *_where(e)))
        return None
    from pydantic import ValidationError

    from .mapping_spec import MappingFile  # pydantic models: imported only when a mapping is given

    try:
        spec = MappingFile.model_validate(doc if doc is not None else {})
    except ValidationError as e:
        for err in e.errors(include_url=False):
            where = ".".join(str(x) for x in err["loc"]) or "the file"
            sink.error("F413", f"mapping file `{shown_path}`: `{where}`: {_pydantic_message(err)}",
                       span(shown_path, _line_of(text, err["loc"])))
        return None
    before = len(sink.errors())
    table = spec.table
    if table is not None and table not in book.facts:
        sink.error("F413", f"mapping file `{shown_path}`: `table`: `{table}` is not a fact table",
                   span(shown_path, _line_of(text, ("table",))),
                   help=did_you_mean(table, book.facts) or f"tables are {', '.join(book.facts)}")
        return None
    if table is None and (spec.files or spec.constants or spec.values or spec.date_formats or spec.id or spec.rename):
        sink.error("F413", f"mapping file `{shown_path}`: say which table it produces: table = \"payments\"",
                   span(shown_path))
        return None
    shape = _shape(spec, book.facts[table] if table else None, text, shown_path, sink)
    if len(sink.errors()) > before:
        return None
    return Mapping(shown_path, spec, table, shape)


def _shape(spec: MappingFile, schema: TableSchema | None, text: str, path: str, sink: Sink) -> Shape:
    columns = list(schema.columns) if schema else []

    def column(name: str, where: tuple) -> bool:
        if schema is not None and name in schema.columns:
            return True
        sink.error("F413", f"mapping file `{path}`: `{'.'.join(where)}`: `{name}` is not a column of "
                   f"`{schema.name if schema else '?'}`", span(path, _line_of(text, where)),
                   help=did_you_mean(name, columns) or f"its columns are {', '.join(columns)}")
        return False

    shape = Shape(source=path, separator=spec.id.separator if spec.id else "-")
    for export, target in spec.rename.items():
        if column(target, ("rename", export)):
            shape.rename[header_key(export)] = target
            shape.spelled[header_key(export)] = export
    shape.drop = {header_key(d) for d in spec.drop}
    for name, value in spec.constants.items():
        if column(name, ("constants", name)):
            shape.constants[name] = value
    for name, table in spec.values.items():
        if column(name, ("values", name)):
            folded = {fold(k): v for k, v in table.items()}
            shape.before[name] = (*shape.before.get(name, ()), _value_map(folded))
    for name, fmt in spec.date_formats.items():
        if column(name, ("date_formats", name)):
            try:
                shape.before[name] = (_date_reader(fmt, compile_date_format(fmt)), *shape.before.get(name, ()))
            except DateFormatError as e:
                sink.error("F413", f"mapping file `{path}`: `date_formats.{name}`: {e}",
                           span(path, _line_of(text, ("date_formats", name))))
    if spec.id is not None:
        if schema is not None and schema.id_column is None:
            sink.error("F413", f"mapping file `{path}`: `id`: `{schema.name}` has no id column",
                       span(path, _line_of(text, ("id",))))
        shape.id_columns = tuple(header_key(c) for c in spec.id.columns)
        shape.posting_lines = spec.id.posting_lines
    shape.skip = [_row_rule(r) for r in spec.skip]
    shape.keep = [_row_rule(r) for r in spec.keep]
    return shape


def _value_map(folded: dict[str, str]) -> Callable[[Any], Any]:
    def mapped(cell: Any) -> Any:
        return cell if is_empty(cell) else folded.get(fold(shown(cell)), cell)
    return mapped


def _date_reader(fmt: str, pattern: re.Pattern) -> Callable[[Any], Any]:
    import datetime as _dt

    def read(cell: Any) -> Any:
        if is_empty(cell) or isinstance(cell, _dt.date):
            return cell
        text = shown(cell)
        m = pattern.fullmatch(text)
        try:
            if m:
                return _dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            raise bad_cell(text, "a date that exists in the calendar") from None
        raise bad_cell(text, f"a date written `{fmt}`", "the mapping file's `date_formats` says how dates are written")
    return read


def _row_rule(rule: RowRule) -> tuple[str, Callable[[Any], bool], str]:
    if rule.matches is not None:
        pattern = re.compile(rule.matches, re.IGNORECASE)
        return header_key(rule.column), lambda cell: pattern.fullmatch(shown(cell)) is not None, \
            f"`{rule.column}` matches `{rule.matches}`"
    values = {fold(v) for v in rule.values or ()}
    return header_key(rule.column), lambda cell: fold(shown(cell)) in values, \
        f"`{rule.column}` is one of {', '.join(f'`{v}`' for v in rule.values or ())}"


def _pydantic_message(err: dict) -> str:
    if err["type"] == "extra_forbidden":
        return "is not a setting of mapping files (see fixtures/mappings/README.md)"
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    return msg[:1].lower() + msg[1:]


def _line_of(text: str, loc: tuple) -> int:
    """The line a setting is on, found by its innermost name (TOML and YAML keep no positions for us)."""
    names = [str(x) for x in loc if not isinstance(x, int)]
    lines = text.splitlines()
    for name in reversed(names):
        for n, line in enumerate(lines, 1):
            if re.search(rf"(^|[\s\"'\[.]){re.escape(name)}([\s\"'\].=:]|$)", line):
                return n
    return 1


def _where(e: BaseException) -> tuple[int, int]:
    """(line, column) of a document error: safe_yaml's YamlError carries them; tomllib writes them in its
    message, `… (at line 2, column 8)`."""
    if hasattr(e, "line"):
        return e.line, getattr(e, "column", 1)
    m = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
    return (int(m.group(1)), int(m.group(2))) if m else (1, 1)
