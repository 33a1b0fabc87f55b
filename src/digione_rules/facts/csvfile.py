"""CSV: tell the encoding and the delimiter apart deterministically, then read the rows in batches.

Encoding, from one streaming pass over the bytes (which also gives the file's sha256): a UTF-8 byte order
mark means UTF-8; text that is valid UTF-8 is UTF-8; otherwise Windows-1252, the Finnish spreadsheet
default, unless that cannot be it either (bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D).  Refused: UTF-16, binary
files, a file cut off inside a character, UTF-8 that turns invalid later on (two encodings mixed), and
UTF-8 that holds the marks of text decoded twice (`Ã¤` for `ä`): which was meant cannot be told.
Windows-1252 text can also happen to be valid UTF-8 (`Ä€` is the bytes of `Ā`, `ä€€` those of `䀀`): a
file read as UTF-8 whose non-ASCII characters include none that Finnish text in UTF-8 is made of (Latin-1
letters, `€`, `§`, dashes and quotes, a letter and a combining mark: decomposed text, NFD, as macOS writes
it, which is read in NFC) is refused as ambiguous when it is valid Windows-1252 too, and a
file that turns invalid later is Windows-1252 rather than two encodings mixed when what came before held
none of them.  A mapping file's `encoding` settles any of these.

Delimiter: each of `;`, `,` and TAB is tried on the first rows; the one that splits the header and those
rows into the same number of cells wins; if several do, the one whose header names more of the table's
columns; if that ties too, the file is refused (F402) and a mapping file can name the delimiter.
Line ends (CRLF, LF, CR) are all read; a quoted cell may hold line breaks.

Rows: the text after the header is read a block of whole lines at a time (`_CHUNK` characters).  A block
without a quote character, whose lines end in LF or CRLF, cannot hold a cell that spans lines or a
delimiter inside a cell: when each of its lines has the header's number of cells (and none is longer
than csv's field limit), it is split into cells by `str.split` and handed on column by column
(`raw.Columns`).  Every other block (quotes, a blank line, a bad row, a CR alone) is read by
`csv.reader`, which gives the same rows, lines and problems as one reader over the whole file would: a
block begins where a row begins, and when a quoted cell holds a line break across the block's end the
reader goes on into the next lines until that row ends (`_Feed`).  Most exports have no quotes, or quotes
only here and there (a note with a comma), so most of a file is split, and one quote no longer sends the
whole file through `csv.reader`.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import Callable, Generator, Iterator, Sequence

from ..diagnostics import Sink
from ..source import Span
from .limits import MAX_BATCH_CELLS, LineMeter, lines_ok
from .raw import BATCH, Batch, Columns, Locator, RawTable, span

HEAD = 1 << 16
# Bytes the probe reads at a time: a block this small is a buffer the allocator reuses, where blocks of a
# megabyte were mapped and unmapped again, some 40 000 page faults (0.1 s) over a ledger of 125 MB.
_BLOCK = 1 << 16
_SEAM = 4  # bytes before a block searched again with its start: the longest pattern's (`â‚¬`, 5 bytes) less one
_CHUNK = 1 << 16  # characters read at a time: a block of some 700 rows of a ledger, a batch
_UNDEFINED_1252 = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_MOJIBAKE = re.compile(rb"\xc3\x83[\xc2\xc6]|\xc3\xa2\xe2\x82\xac")  # `Ã¤`, `Ã¶`…, `â‚¬`
# UTF-8 of the characters Finnish text is written with: Latin-1's symbols and letters, general punctuation, €,
# and a letter followed by a combining mark (U+0300-U+036F: `a` and U+0308, the decomposed `ä` that macOS
# writes), which Windows-1252 would read as a letter, `Ì` or `Í`, and a symbol: never Finnish text
_FINNISH_UTF8 = re.compile(rb"\xc2[\xa0-\xbf]|\xc3[\x80-\xbf]|\xe2[\x80-\x82][\x80-\xbf]|"
                           rb"[A-Za-z](?:\xcc[\x80-\xbf]|\xcd[\x80-\xaf])")
DELIMITERS = {";": "`;`", ",": "`,`", "\t": "TAB"}
_LINE_END = re.compile(r"\r\n|\r|\n")  # as csv counts lines
ENCODINGS = {"utf-8": "utf-8", "utf8": "utf-8", "utf-8-sig": "utf-8-sig", "cp1252": "cp1252",
             "windows-1252": "cp1252", "latin-1": "cp1252", "iso-8859-1": "cp1252"}


@dataclass
class Probe:
    """What one pass over the bytes found out."""

    sha256: str
    size: int
    head: bytes
    encoding: str | None = None
    ends_with_newline: bool = True
    compose: bool = False  # UTF-8 text holding combining marks: read in NFC (`_Text`)


def probe(path: Path, shown: str, sink: Sink, forced: str | None = None) -> Probe | None:
    """Hash the file and settle its encoding; None (after an error) when it cannot be read as text."""
    h = hashlib.sha256()
    size = 0
    head = b""
    last = b""
    marks: dict[str, tuple[int, int, int]] = {}  # what → (offset, line, byte)
    decoder = codecs.getincrementaldecoder(forced or "utf-8")()
    meter = LineMeter()
    tail = b""  # the last bytes before the block: a pattern may straddle blocks
    with open(path, "rb") as f:
        while block := f.read(_BLOCK):
            h.update(block)
            lines = meter.lines  # before this block
            meter.feed(block)
            if len(head) < HEAD:
                head += block[: HEAD - len(head)]
            utf8_so_far = "decode" not in marks
            if utf8_so_far:
                try:
                    decoder.decode(block)
                except UnicodeDecodeError as e:  # (the decoder's object: what the last blocks left pending, then this one)
                    at = e.start - (len(e.object) - len(block))  # < 0: in the pending bytes, on this block's first line
                    marks["decode"] = (size + at, lines + block.count(b"\n", 0, max(at, 0)) + 1, e.object[e.start])
            # each test only while it can still matter (`live`): mojibake and Finnish letters in text that is
            # UTF-8 so far (up to this block), bytes that Windows-1252 lacks in text that is not ASCII; cheap C
            # scans first (a byte that the marks hold), the regular expression to place a hit.  A hit that
            # begins in the previous block's tail (a pattern of two or more bytes across the blocks' border)
            # comes before any in this block.
            ascii = block.isascii()
            checks = (("nonascii", _NON_ASCII, True, not ascii),
                      ("mojibake", _MOJIBAKE, "decode" not in marks,
                       b"\x83" in block and b"\xc3\x83" in block or b"\xa2" in block and b"\xc3\xa2\xe2\x82\xac" in block),
                      ("finnish", _FINNISH_UTF8, utf8_so_far,
                       not ascii and (b"\xc2" in block or b"\xc3" in block or b"\xe2" in block or
                                      b"\xcc" in block or b"\xcd" in block)),
                      ("undefined", _UNDEFINED_1252, True, not ascii and (
                          b"\x81" in block or b"\x8d" in block or b"\x8f" in block or b"\x90" in block or
                          b"\x9d" in block)))
            seam = tail + block[:_SEAM]
            for what, pattern, live, maybe in checks:
                if what in marks or not live:
                    continue
                m = pattern.search(seam) if tail else None
                if m is not None and m.start() < len(tail):
                    marks[what] = _mark(seam, m.start(), size - len(tail), lines - tail.count(b"\n"))
                elif maybe and (m := pattern.search(block)):
                    marks[what] = _mark(block, m.start(), size, lines)
            if "nul" not in marks and b"\x00" in block:
                marks["nul"] = (0, 0, 0)
            if "combining" not in marks and not ascii and (b"\xcc" in block or b"\xcd" in block):
                marks["combining"] = (0, 0, 0)  # (UTF-8 lead bytes of U+0300-U+037F: text to compose, if UTF-8)
            size += len(block)
            last = block[-1:]
            tail = (tail + block)[-_SEAM:]
    lines = meter.lines
    if "decode" not in marks:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            marks["truncated"] = (size, lines + 1, 0)
    found = Probe("sha256:" + h.hexdigest(), size, head, ends_with_newline=last in (b"\n", b"\r"))
    if not lines_ok(meter, shown, sink):
        return None
    found.encoding = _encoding(path, found, marks, shown, sink, forced)
    found.compose = "combining" in marks and found.encoding in ("utf-8", "utf-8-sig", "utf8")
    return found if found.encoding else None


def _mark(data: bytes, at: int, offset: int, lines: int) -> tuple[int, int, int]:
    """(file offset, line, byte) of `data[at]`, where `data` begins at `offset` after `lines` line ends."""
    return offset + at, lines + data.count(b"\n", 0, at) + 1, data[at]


def _both_readings(path: Path, offset: int) -> tuple[str, str]:
    """The characters at `offset` read as UTF-8 and as Windows-1252, written visibly."""
    with open(path, "rb") as f:
        f.seek(offset)
        raw = f.read(12)
    utf8 = raw.decode("utf-8", "ignore")[:1]
    return f"`{utf8}`", f"`{raw[:len(utf8.encode())].decode('cp1252', 'replace')}`"


def _encoding(path: Path, p: Probe, marks: dict, shown: str, sink: Sink, forced: str | None) -> str | None:
    if p.head.startswith((b"\xff\xfe", b"\xfe\xff")):
        sink.error("F401", f"`{shown}` is UTF-16 text", span(shown),
                   help="save it as CSV in UTF-8 (or Windows-1252); Excel calls it `CSV UTF-8`")
        return None
    if "nul" in marks:
        hint = "it looks like an Excel workbook: name it `.xlsx`" if p.head.startswith(b"PK\x03\x04") else ""
        sink.error("F401", f"`{shown}` is not text: it holds NUL bytes", span(shown), help=hint)
        return None
    bad = marks.get("decode") or marks.get("truncated")
    if forced is not None:
        if bad is not None:
            sink.error("F401", f"`{shown}`: line {bad[1]}: byte 0x{bad[2]:02x} is not {forced} text",
                       span(shown, bad[1]), help="the mapping file names this encoding; is it the right one?")
            return None
        return forced
    if p.head.startswith(codecs.BOM_UTF8):
        if bad is not None:
            sink.error("F401", f"`{shown}`: line {bad[1]}: the file begins as UTF-8 but byte 0x{bad[2]:02x} is not "
                       "UTF-8", span(shown, bad[1]), help="save the file again as CSV UTF-8")
            return None
        return "utf-8-sig"
    if "truncated" in marks:
        sink.error("F401", f"`{shown}` ends in the middle of a UTF-8 character: the file seems cut short",
                   span(shown, marks["truncated"][1]), help="export the file again")
        return None
    if bad is None:
        if "mojibake" in marks:
            line = marks["mojibake"][1]
            sink.error("F402", f"`{shown}`: line {line}: cannot tell the encoding: the text is UTF-8 but holds `Ã¤` "
                       "or `â‚¬`, which is how `ä` and `€` look after being read with the wrong encoding",
                       span(shown, line), help="fix the text in the source system and export the file again")
            return None
        first = marks.get("nonascii")
        if first is not None and "finnish" not in marks and "undefined" not in marks:
            both = _both_readings(path, first[0])
            sink.error("F402", f"`{shown}`: line {first[1]}: cannot tell the encoding: the text is UTF-8 ({both[0]}) "
                       f"and Windows-1252 ({both[1]}) alike, and holds none of the characters (`ä`, `ö`, `€`…) "
                       "that would show it is UTF-8", span(shown, first[1]),
                       help="name the encoding in a mapping file: `encoding = \"windows-1252\"` or `\"utf-8\"`")
            return None
        return "utf-8"
    first = marks.get("finnish")
    if first is not None and first[0] < bad[0]:
        sink.error("F402", f"`{shown}`: cannot tell the encoding: the file is UTF-8 up to line {bad[1]}, where byte "
                   f"0x{bad[2]:02x} is not", span(shown, bad[1]),
                   help="the file mixes two encodings; save it again in one (CSV UTF-8)")
        return None
    if "undefined" in marks:
        line, byte = marks["undefined"][1], marks["undefined"][2]
        sink.error("F401", f"`{shown}`: line {line}: neither UTF-8 nor Windows-1252 text: byte 0x{byte:02x}",
                   span(shown, line), help="save the file as CSV UTF-8")
        return None
    return "cp1252"


# ------------------------------------------------------------------------------------------- delimiter

def sniff(sample: str, complete: bool, known: Callable[[list[str]], int], shown: str, sink: Sink,
          rows: str = "the first rows") -> str | None:
    """The delimiter of a CSV text from its first rows; None (after an F402 error) when it is ambiguous."""
    verdicts = {}
    for d in DELIMITERS:
        try:
            records = list(islice(csv.reader(io.StringIO(sample, newline=""), delimiter=d), 51))
        except csv.Error:
            records = []
        if not complete and len(records) > 1:
            records = records[:-1]  # the sample may end inside a row
        records = [r for r in records if any(c.strip() for c in r)]
        if not records:
            continue
        width = len(records[0])
        consistent = width > 1 and all(len(r) == width for r in records[1:])
        verdicts[d] = (consistent, width, known(records[0]))
    if not verdicts:
        return ","
    consistent = [d for d, v in verdicts.items() if v[0]]
    if len(consistent) == 1:
        return consistent[0]
    pool = consistent or [d for d, v in verdicts.items() if v[1] > 1]
    if not pool:
        return ","  # one column: nothing to split
    key = (lambda d: verdicts[d][2]) if consistent else (lambda d: (verdicts[d][1], verdicts[d][2]))
    best = max(key(d) for d in pool)
    winners = [d for d in pool if key(d) == best]
    if len(winners) == 1:
        return winners[0]
    sink.error("F402", f"`{shown}`: cannot tell the delimiter: "
               f"{' and '.join(DELIMITERS[w] for w in winners)} split {rows} equally well", span(shown),
               help='name it in a mapping file: delimiter = ";"')
    return None


def _after_lines(text: str, n: int) -> str:
    """`text` after its first `n` lines ("" when it has fewer)."""
    pos = 0
    for _ in range(n):
        m = _LINE_END.search(text, pos)
        if m is None:
            return ""
        pos = m.end()
    return text[pos:]


# ------------------------------------------------------------------------------------------- rows

def read_csv(path: Path, shown: str, table: str, sink: Sink, known: Callable[[list[str]], int],
             delimiter: str | None = None, encoding: str | None = None, header_row: int | None = None
             ) -> RawTable | None:
    """The table in a CSV file; its header is the first row that is not blank, or the one on `header_row`."""
    found = probe(path, shown, sink, ENCODINGS.get(encoding or "", encoding))
    if found is None:
        return None
    if not found.head.strip():
        sink.error("F410", f"`{shown}` is empty", span(shown), help="a facts file needs a header row at least")
        return None
    if delimiter is None:
        complete = found.size <= len(found.head)
        cut = found.head if complete else found.head[: found.head.rfind(b"\n") + 1]
        sample = cut.decode(found.encoding, errors="replace")
        rows = "the first rows"
        if header_row and header_row > 1:  # titles above the header say nothing of the delimiter
            sample = _after_lines(sample, header_row - 1)
            rows = f"the header (line {header_row}) and the rows after it"
        delimiter = sniff(sample, complete, known, shown, sink, rows)
        if delimiter is None:
            return None
    f = open(path, encoding=found.encoding, newline="")
    reader = csv.reader(f, delimiter=delimiter, strict=True)
    header: list[str] | None = None
    header_line = last = 0
    try:
        for cells in reader:
            start, last = last + 1, reader.line_num
            if (start >= header_row) if header_row else any(c.strip() for c in cells):
                header, header_line = cells, start
                break
    except csv.Error as e:
        sink.error("F412", f"`{shown}`: line {reader.line_num}: the header cannot be read as CSV: {e}",
                   span(shown, reader.line_num))
    if header is None:
        f.close()
        if not sink.has_errors:
            sink.error("F410", f"`{shown}` has no line {header_row} to be the header" if header_row
                       else f"`{shown}` has no header row", span(shown))
        return None
    problems: list[tuple] = []
    batches = _batches(f, delimiter, len(header), reader.line_num, table, problems, found.compose)
    return RawTable(table, shown, header, header_line=header_line, batches=batches,
                    sha256=found.sha256, locator=CsvLocator(path, found.encoding, delimiter),
                    ends_with_newline=found.ends_with_newline, problems=problems, typed=False)


def _batches(f, delimiter: str, width: int, read: int, table: str, problems: list, compose: bool = False
             ) -> Iterator[Batch]:
    """The rows after the header (`read` lines), a block at a time: split when every line of the block is
    one row (quotes only in lines that are rows by themselves), else read by csv.reader; `problems` gets
    the rows csv cannot read.  `compose`: the text is normalised to NFC, block by block."""
    limit = csv.field_size_limit()
    text = _Text(f, compose)
    with f:
        while block := text.block():
            # (a width of one: an empty line would split into one empty cell, where csv reads no cell)
            if width > 1 and ("\r" not in block or block.count("\r") == block.count("\r\n")):
                columns = _split(block, delimiter, width, limit)
                if columns is not None:
                    n = len(columns[0])
                    yield range(read + 1, read + n + 1), Columns(columns)
                    read += n
                    continue
            read += yield from _by_csv(block, text, delimiter, read, table, problems)


class _Text:
    """A text file (opened with `newline=""`), a block of whole lines at a time: some `_CHUNK` characters,
    more when a line is longer.  With `compose`, each block in NFC: decomposed letters (`a` and a combining
    diaeresis, as macOS writes `ä`) become the letters they compose, as any other file writes them, so that
    values match whichever way the file was written.  A block ends with a line end, which no mark composes
    with, so the blocks compose as the whole text would; line ends and delimiters are left as they are, so
    rows, lines and cells stay where they are (columns in messages are counted in the file's own text)."""

    def __init__(self, f, compose: bool = False):
        self.f = f
        self.compose = compose
        self.carry = ""  # read after the last line end

    def block(self) -> str:
        """The next lines ("" at the end of the file; the last line may lack its line end)."""
        while True:
            chunk = self.f.read(_CHUNK)
            text = self.carry + chunk
            if not chunk:
                self.carry = ""
                return self._composed(text)
            # a line ends with LF, or with a CR not followed by LF (a CR last in the text waits for the next)
            cut = text.rfind("\n") + 1
            cut = max(cut, text.rfind("\r", cut, len(text) - 1) + 1)
            self.carry = text[cut:]
            if cut:
                return self._composed(text[:cut])

    def _composed(self, text: str) -> str:
        if self.compose and not text.isascii() and not unicodedata.is_normalized("NFC", text):
            return unicodedata.normalize("NFC", text)
        return text


def _split(block: str, delimiter: str, width: int, limit: int) -> list[list[str]] | None:
    """The columns of a block whose lines end in LF or CRLF, by `str.split`; None when some line is not one
    row of `width` cells, or a cell is longer than csv's field `limit`.  Lines holding a quote are read by
    csv.reader (`_set_aside`), each by itself."""
    # CRLF ends a line as LF does.  Each line end becomes a cell of its own, "\n", so that rows of the
    # header's width have those cells, and only those, at every (width + 1)th place.
    text = block.replace("\r\n", "\n") if "\r" in block else block
    if not text.endswith("\n"):
        text += "\n"  # the file's last line, without a line break
    quoted: list[tuple[int, list[str]]] = []
    if '"' in text:
        aside = _set_aside(text, delimiter, width)
        if aside is None:
            return None
        text, quoted = aside
    n = text.count("\n")
    cells = text.replace("\n", delimiter + "\n" + delimiter).split(delimiter)
    if len(cells) != n * (width + 1) + 1 or cells[width::width + 1].count("\n") != n or \
            len(text) > limit and max(map(len, cells)) > limit:
        return None
    cells.pop()  # after the last line end
    columns = [cells[j::width + 1] for j in range(width)]
    for j, column in enumerate(columns):
        for row, found in quoted:
            column[row] = found[j]
    return columns


def _set_aside(text: str, delimiter: str, width: int) -> tuple[str, list[tuple[int, list[str]]]] | None:
    """The lines of `text` (each ending in LF) that hold a quote, read by csv.reader, and the text with
    each of them replaced by a line of empty cells; None unless each such line is one whole row of `width`
    cells.  A line that is a whole row by itself (no quoted cell left open at its end, which csv.reader
    over the one line would refuse) is read as csv.reader reading the whole block reads it: before it, the
    reader is at a row's start, since every line before it is a whole row too."""
    pieces: list[str] = []
    rows: list[int] = []
    lines: list[str] = []
    pos = row = 0  # the text is copied up to `pos`, a line's start or end; `row` lines come before it
    quote = text.find('"')
    while quote >= 0:
        start = max(text.rfind("\n", pos, quote) + 1, pos)
        end = text.index("\n", quote)
        row += text.count("\n", pos, start)
        pieces += (text[pos:start], delimiter * (width - 1))
        rows.append(row)
        lines.append(text[start:end + 1])
        pos = end
        quote = text.find('"', end)
    pieces.append(text[pos:])
    try:
        found = list(csv.reader(lines, delimiter=delimiter, strict=True))
    except csv.Error:
        return None
    if len(found) != len(lines) or any(len(cells) != width for cells in found):
        return None
    return "".join(pieces), list(zip(rows, found))


def _by_csv(block: str, text: _Text, delimiter: str, read: int, table: str, problems: list
            ) -> Generator[Batch, None, int]:
    """The rows of a block as csv.reader reads them (a row that csv cannot read, a stray quote, is a
    problem and the rest go on); returns how many lines were read, which is more than the block's when a
    row was still open at its end.  `read`: lines before the block."""
    feed = _Feed(block, text)
    reader = csv.reader(feed, delimiter=delimiter, strict=True)
    start = read + 1
    while True:
        rows = feed.rows = []
        try:
            rows.extend(reader)  # (rows read before an error stay in the list)
            failed = None
        except csv.Error as e:
            failed = e
        end = read + reader.line_num
        if rows:
            through = end - 1 if failed else end
            yield from _batched(range(start, through + 1) if through - start + 1 == len(rows) else _lines(rows, start),
                                rows)
        if failed is None:
            return reader.line_num
        feed.ended += len(rows) + 1
        hint = 'a quote `"` that is never closed makes the rest of the file one cell' \
            if "end of data" in str(failed) or "field larger" in str(failed) else ""
        problems.append((end, f"{table}: the row cannot be read as CSV: {failed}", hint, "F412", -1,
                         f"a row that is not CSV: {failed}", "a row of CSV"))
        start = end + 1


class _Feed:
    """The lines one csv.reader reads: a block's, then the file's next blocks for as long as a row is still
    open at a block's end (a quoted cell holding a line break).  Whether it is open is told by the rows:
    a block's last line is handed on by itself, and when neither a row nor an error ended with it, the
    reader is inside a row."""

    def __init__(self, block: str, text: _Text):
        self.block, self.text = block, text
        self.rows: list = []  # the list the reader's rows go to
        self.ended = 0  # rows, and rows that could not be read, before those

    def __iter__(self) -> Iterator[str]:
        head, last = _last_line(self.block)
        return chain(io.StringIO(head, newline=""), self._rest(last))

    def _rest(self, last: str) -> Iterator[str]:
        while True:
            before = self.ended + len(self.rows)
            yield last
            if self.ended + len(self.rows) > before:
                return  # the row ended with the block
            block = self.text.block()
            if not block:
                return  # the end of the file inside a row: csv says so
            head, last = _last_line(block)
            yield from io.StringIO(head, newline="")


def _last_line(block: str) -> tuple[str, str]:
    """A block split before its last line (lines end as csv reads them: LF, CRLF or CR)."""
    end = len(block) - (2 if block.endswith("\r\n") else 1 if block.endswith(("\n", "\r")) else 0)
    cut = max(block.rfind("\n", 0, end), block.rfind("\r", 0, end)) + 1
    return block[:cut], block[cut:]


def _batched(lines: Sequence[int], rows: list) -> Iterator[Batch]:
    """Rows read by csv.reader in batches of at most `BATCH` rows and `MAX_BATCH_CELLS` cells (a batch
    ends after the row that reaches it): a block of very short or very wide rows is converted a part at
    a time."""
    if len(rows) <= BATCH and sum(map(len, rows)) <= MAX_BATCH_CELLS:
        yield lines, rows
        return
    begin = cells = 0
    for i, row in enumerate(rows, 1):
        cells += len(row)
        if cells > MAX_BATCH_CELLS or i - begin == BATCH or i == len(rows):
            yield lines[begin:i], rows[begin:i]
            begin, cells = i, 0


def _lines(rows: list[list[str]], start: int) -> list[int]:
    """The first line of each row when some quoted cell holds line breaks."""
    out = []
    line = start
    for cells in rows:
        out.append(line)
        line += 1
        for c in cells:
            if "\n" in c or "\r" in c:
                line += c.count("\n") + c.count("\r") - c.count("\r\n")
    return out


class CsvLocator(Locator):
    """Character columns: the file is read again, only up to the last line asked about."""

    def __init__(self, path: Path, encoding: str, delimiter: str):
        self.path, self.encoding, self.delimiter = path, encoding, delimiter

    def spans(self, file: str, points) -> dict[tuple[int, int], Span]:
        wanted: dict[int, list[int]] = {}
        for line, index in points:
            wanted.setdefault(line, []).append(index)
        out: dict[tuple[int, int], Span] = {}
        if not wanted:
            return out
        last = max(wanted)
        with open(self.path, encoding=self.encoding, newline="") as f:
            for number, text in enumerate(f, 1):
                if number in wanted:
                    cells = cell_offsets(text.rstrip("\r\n"), self.delimiter)
                    for index in wanted[number]:
                        if index < 0:
                            out[(number, index)] = span(file, number, 1)
                        elif index < len(cells):
                            a, b = cells[index]
                            out[(number, index)] = span(file, number, a + 1, max(b, a + 1) + 1)
                        else:
                            end = len(text.rstrip("\r\n")) + 1
                            out[(number, index)] = span(file, number, end if index >= 0 else 1)
                if number >= last:
                    break
        for line, indexes in wanted.items():
            for index in indexes:
                out.setdefault((line, index), span(file, line, 1))
        return out


def cell_offsets(text: str, delimiter: str) -> list[tuple[int, int]]:
    """Where each cell of one line begins and ends (0-based, end exclusive), quotes respected."""
    cells = []
    begin = 0
    quoted = False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            cells.append((begin, i))
            begin = i + 1
    cells.append((begin, len(text)))
    return cells
