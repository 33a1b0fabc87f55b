"""Readers: a path in, `RawTable`s out, each with the `Shape` its mapping file (if any) gives it.

A facts folder holds one file per table, named after it (`payments.csv`, `payments.xlsx`…, or by its
Finnish label, `kirjaukset.csv`, in any case: `table_named`, as are a document's keys); other files
are left alone, except one named after a table in a format the tool cannot read, which is an error
rather than a table silently missing.  A single file is read as the table its name says, the table its
mapping file names, or (JSON, YAML, XLSX) as one document with a key or a sheet per table.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..check.expressions import did_you_mean
from ..check.model import CheckedBook, fold
from ..diagnostics import Sink
from .build import known_cells
from .csvfile import read_csv
from .documents import DocumentError, jsonl_table, parse_json, parse_yaml, records
from .limits import MAX_JSON_BYTES, MAX_YAML_BYTES, lines_ok, scan_lines
from .mapping import Mapping, Shape
from .raw import DATA_SUFFIXES, RawTable, span

MAX_FILE_BYTES = 2_000_000_000
Read = list[tuple[RawTable, Shape]]


@dataclass(frozen=True)
class Listed:
    """A file a path stands for: the path itself (`explicit`) or a file of the folder it names;
    `readable` False for one named after a table in a format the tool cannot read (F409 in its turn)."""

    path: Path
    explicit: bool
    readable: bool = True


@dataclass
class Listing:
    """The files a path stands for, in the order they are read, known before any of them is opened: the
    loader shares them out between two processes by their sizes (parallel.py)."""

    path: Path
    folder: bool  # the files are those of a folder, which must hold one (F409)
    files: list[Listed]


def read_path(path: Path, book: CheckedBook, sink: Sink, mappings: list[Mapping] = (), skip=()) -> Read:
    return read_listing(list_path(path, book, sink, skip), book, sink, mappings)


def list_path(path: Path, book: CheckedBook, sink: Sink, skip=()) -> Listing:
    shown = str(path)
    if path.is_dir():
        try:
            entries = sorted(p for p in path.iterdir() if not p.name.startswith("."))
        except OSError as e:
            sink.error("F401", f"cannot list `{shown}`: {e.strerror or e}", span(shown))
            return Listing(path, False, [])  # (F401 said it: no F409 besides)
        files = [p for p in entries if p.is_file()]
        for f in entries:  # named after a table but not a file that can be read: never a table silently absent
            if not f.is_file() and f.suffix.lower() in DATA_SUFFIXES and table_named(f.name.split(".")[0], book):
                what = "a broken link" if f.is_symlink() and not f.exists() else "a folder" if f.is_dir() else \
                    "not a regular file"
                sink.error("F401", f"`{f}` cannot be read: it is {what}", span(str(f)))
        listed = []
        for f in files:
            if f.resolve() in skip:
                continue
            if f.suffix.lower() in DATA_SUFFIXES:
                listed.append(Listed(f, explicit=False))
            elif table_named(f.name.split(".")[0], book):
                listed.append(Listed(f, explicit=False, readable=False))
        return Listing(path, True, listed)
    if not path.exists():
        sink.error("F401", f"`{shown}` does not exist", span(shown))
        return Listing(path, False, [])
    return Listing(path, False, [Listed(path, explicit=True)])


def read_listing(listing: Listing, book: CheckedBook, sink: Sink, mappings: list[Mapping] = ()) -> Read:
    out: Read = []
    for f in listing.files:
        out.extend(read_file(f.path, book, sink, mappings, f.explicit) if f.readable else _unsupported(f.path, sink))
    if listing.folder and not out and not sink.has_errors:
        shown = str(listing.path)
        sink.error("F409", f"`{shown}` holds no facts file", span(shown),
                   help=f"name files after tables: {', '.join(f'{t}.csv' for t in book.facts)}")
    return out


def read_file(path: Path, book: CheckedBook, sink: Sink, mappings: list[Mapping] = (), explicit: bool = True) -> Read:
    shown = str(path)
    try:
        size = path.stat().st_size
    except OSError as e:
        sink.error("F401", f"cannot read `{shown}`: {e.strerror}", span(shown))
        return []
    if size == 0:
        sink.error("F410", f"`{shown}` is empty", span(shown), help="a facts file needs a header row at least")
        return []
    if size > MAX_FILE_BYTES:
        sink.error("F415", f"`{shown}` is {size:,} bytes, more than the {MAX_FILE_BYTES:,} the loader reads",
                   span(shown), help="split the export by year")
        return []
    suffix = path.suffix.lower()
    if suffix not in DATA_SUFFIXES:
        return _unsupported(path, sink)
    stem_table = table_named(path.stem, book)
    mapping = _mapping(path, stem_table, explicit, mappings, sink)
    if mapping is False:
        return []
    table = (mapping.table if mapping else None) or stem_table
    document_limit = {".json": MAX_JSON_BYTES, ".yaml": MAX_YAML_BYTES, ".yml": MAX_YAML_BYTES}.get(suffix)
    if document_limit is not None and size > document_limit:
        sink.error("F415", f"`{shown}` is {size:,} bytes, more than the {document_limit:,} a {suffix[1:].upper()} "
                   "document may have", span(shown),
                   help="JSON and YAML documents are read whole: give a large table as JSON Lines or CSV")
        return []
    if suffix in (".jsonl", ".ndjson"):
        if table is None:
            return _no_table(path.stem, shown, book, sink, mappings)
        scanned = scan_lines(path)
        if not lines_ok(scanned, shown, sink):
            return []
        raw = jsonl_table(path, shown, table, scanned.sha256, sink)
        return [(raw, _shape_for(table, path, mapping, mappings))] if raw is not None else []
    if suffix in (".json", ".yaml", ".yml"):
        return _document(path, shown, suffix, table, book, sink, mappings, mapping)
    if suffix == ".xlsx":
        from .xlsx import read_xlsx

        sha = _sha256(path)
        raws = read_xlsx(path, shown, book, sink, sha, table, mapping.spec.sheet if mapping else None,
                         mapping.spec.header_row if mapping else None)
        return [(raw, _shape_for(raw.table, path, mapping, mappings)) for raw in raws]
    if table is None:
        return _no_table(path.stem, shown, book, sink, mappings)
    shape = mapping.shape if mapping else Shape()
    raw = read_csv(path, shown, table, sink, known_cells(book.facts[table], shape),
                   mapping.delimiter if mapping else None, mapping.spec.encoding if mapping else None,
                   mapping.spec.header_row if mapping else None)
    return [(raw, shape)] if raw is not None else []


def table_named(name: str, book: CheckedBook) -> str | None:
    """The table a file name or a document's key names: the table's name or its Finnish label (`facts
    payments "kirjaukset"`), in any case and with or without accents (`Payments`, `KIRJAUKSET`)."""
    if name in book.facts:
        return name
    key = fold(name)
    for table, schema in book.facts.items():
        if key == fold(table) or (schema.label and key == fold(schema.label)):
            return table
    return None


def _unsupported(path: Path, sink: Sink) -> Read:
    sink.error("F409", f"`{path}`: `{path.suffix or path.name}` files cannot be read", span(str(path)),
               help="give the table as .csv, .xlsx, .json, .jsonl or .yaml (Excel: save as `Excel Workbook`)")
    return []


def _mapping(path: Path, stem_table: str | None, explicit: bool, mappings, sink: Sink):
    """The one mapping that applies to a file, None, or False after an error (two apply)."""
    found = [m for m in mappings if m.applies_to(path, stem_table, explicit)]
    if len(found) > 1:
        sink.error("F413", f"`{path}`: mapping files {', '.join(f'`{m.file}`' for m in found)} all apply to it",
                   span(str(path)), help="name the files each applies to: files = [\"ostolaskut*.csv\"]")
        return False
    return found[0] if found else None


def _shape_for(table: str, path: Path, mapping: Mapping | None, mappings) -> Shape:
    if mapping is not None and mapping.table in (None, table):
        return mapping.shape
    for m in mappings:
        if m.table == table and not m.spec.files:
            return m.shape
    return Shape()


def _no_table(stem: str, shown: str, book: CheckedBook, sink: Sink, mappings=()) -> Read:
    help = did_you_mean(stem, book.facts) or f"name it after a table ({', '.join(book.facts)}), or give a mapping " \
        "file that says table = \"…\""
    loose = [m for m in mappings if m.table is not None and not m.spec.files]
    if loose and not did_you_mean(stem, book.facts):  # (a mapping given, but for files named on the command line)
        name = Path(shown).name
        help = (f"mapping `{loose[0].file}` reads a file named after its table or named on the command line: to "
                f"read this one from the folder, add files = [\"{name}\"] to it")
    sink.error("F409", f"`{shown}` names no table: `{stem}` is not declared", span(shown), help=help)
    return []


def not_utf8(data: bytes, e: UnicodeDecodeError, shown: str, sink: Sink) -> None:
    line = data[: e.start].count(b"\n") + 1
    sink.error("F401", f"`{shown}`: line {line}: byte 0x{data[e.start]:02x} is not UTF-8", span(shown, line),
               help="JSON and YAML files are UTF-8 text")


def _sha256(path: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
    return "sha256:" + h.hexdigest()


def _document(path: Path, shown: str, suffix: str, table: str | None, book: CheckedBook, sink: Sink,
              mappings, mapping: Mapping | None) -> Read:
    data = path.read_bytes()
    import hashlib

    sha = "sha256:" + hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        not_utf8(data, e, shown, sink)
        return []
    try:
        kind, value = parse_yaml(text) if suffix in (".yaml", ".yml") else parse_json(text)
    except DocumentError as e:
        what = "YAML" if suffix != ".json" else "JSON"
        sink.error("F401", f"`{shown}` is not valid {what}: {e}", span(shown, e.line, e.column))
        return []
    if kind == "list":
        if table is None:
            return _no_table(path.stem, shown, book, sink, mappings)
        return [(records(value, shown, table, sha), _shape_for(table, path, mapping, mappings))]
    out: Read = []
    given: dict[str, tuple[int, int]] = {}  # table → the line and column of its key
    for written, line, column, items in value:
        key = table_named(written, book) or written
        if key not in book.facts:
            sink.error("F409", f"`{shown}`: key `{key}` names no table", span(shown, line, column),
                       help=did_you_mean(str(key), book.facts) or f"tables are {', '.join(book.facts)}")
        elif key in given:  # (never the last one silently: the first one's rows would be dropped)
            sink.error("F414", f"table `{key}` is given twice in `{shown}`, first at {given[key][0]}:{given[key][1]}",
                       span(shown, line, column), help="give each table once: put its rows in one list")
        elif not isinstance(items, list):
            sink.error("F401", f"`{shown}`: `{key}` should be a list of rows", span(shown, line, column))
        else:
            given[key] = (line, column)
            out.append((records(items, shown, key, sha), _shape_for(key, path, mapping, mappings)))
    if not out and not sink.has_errors:
        sink.error("F410", f"`{shown}` holds no tables", span(shown))
    return out
