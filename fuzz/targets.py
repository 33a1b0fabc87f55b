"""The fuzz targets: each takes one input the tool reads and fails (raises) when the tool answers with
anything but a result or its own diagnostics.  hypothesis.py and atheris_fuzz.py drive them.

What every target checks (the oracle):
- nothing raises out of the tool's entry points: no traceback, no `internal error`;
- every diagnostic has a code from codes.py and, when it has a place, a line of 1 or more;
- facts are returned exactly when no error was reported (an error never comes with facts);
- reports parse as what they claim to be (JSON, XML) and hold no raw control character: a terminal,
  a CI log or GitHub's workflow-command parser sees only what the tool meant to write;
- a rule that could not be evaluated is never `passed`; the same input gives the same bytes, and
  shuffled rows give the same report (`pipeline`).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

os.environ.setdefault("DIGIONE_RULES_CACHE", "off")

from digione_rules.codes import CODES  # noqa: E402
from digione_rules.diagnostics import Sink  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RUNS: Counter = Counter()  # inputs run, by target
OUTCOMES: Counter = Counter()  # what became of them, where a target tells


class Bug(AssertionError):
    """What a target found: the tool did something other than answer with a result or diagnostics."""


def _expect(condition: bool, what: str) -> None:
    if not condition:
        raise Bug(what)


def _diagnostics_ok(items) -> None:
    for d in items:
        _expect(d.code in CODES, f"unknown code {d.code}")
        _expect(d.span is None or d.span.line >= 0, f"negative line in {d.concise()}")


_book_cache: dict = {}


def packaged_book():
    """The packaged rule book, checked once."""
    if "book" not in _book_cache:
        from digione_rules.book import load_rule_book
        from digione_rules.check import check_book

        sink = Sink()
        book = check_book(load_rule_book(ROOT / "rules", sink), sink)
        assert not sink.has_errors, [d.concise() for d in sink.items]
        _book_cache["book"] = book
    return _book_cache["book"]


@contextlib.contextmanager
def _folder():
    folder = Path(tempfile.mkdtemp(prefix="digione-fuzz-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# ------------------------------------------------------------------------------------------- rule files

def rule_file(data: bytes) -> None:
    """A rule file's bytes: the book loader, parser, formatter and checker answer with diagnostics."""
    RUNS["rules"] += 1
    from digione_rules.book import load_rule_book
    from digione_rules.check import check_book
    from digione_rules.fmt import format_text

    with _folder() as folder:
        (folder / "main.rules").write_bytes(data)
        sink = Sink()
        loaded = load_rule_book(folder, sink)
        if loaded is not None and not sink.has_errors:
            check_book(loaded, sink)
        _diagnostics_ok(sink.items)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    formatted = format_text(text, "fuzz.rules")
    _expect(all(d.code != "C605" for d in formatted.diagnostics),
            f"the formatter would change the meaning: {[d.concise() for d in formatted.diagnostics]}")
    _diagnostics_ok(formatted.diagnostics)
    if formatted.ok:
        again = format_text(formatted.text, "fuzz.rules")
        _expect(again.ok and again.text == formatted.text, "formatting is not idempotent")


# ------------------------------------------------------------------------------------------- literals

def literal(text: str) -> None:
    """Each literal reader returns a value or raises LiteralError, and what it formats it reads back."""
    RUNS["literals"] += 1
    from digione_rules import literals as L

    readers = [L.money_cents, L.read_money, L.read_money_token, L.read_percent, L.read_date, L.read_duration,
               L.read_bool, L.read_int, L.read_decimal]
    for read in readers:
        try:
            value = read(text)
        except L.LiteralError:
            continue
        if read is L.money_cents:
            euros = L.cents_to_euros(value)
            _expect(L.money_cents(L.format_money(euros)) == value, f"money {text!r} does not read back")
            _expect(L.money_cents(L.plain_money(euros)) == value, f"money {text!r} does not read back plainly")
            _expect(L.read_money_token(L.format_money_literal(euros)) == euros if value >= 0 else True,
                    f"money {text!r} does not read back as a rule literal")
        elif read is L.read_date:
            _expect(L.read_date(L.format_date(value)) == value, f"date {text!r} does not read back")
        elif read is L.read_percent:
            L.format_percent(value)


# ------------------------------------------------------------------------------------------- facts

def facts_files(files: dict[str, bytes], keep_going: bool = False, mappings: dict[str, bytes] | None = None,
                book=None, target: str = "facts") -> object:
    """Facts files (name → bytes) in a folder, and mapping files beside it: facts or errors, never both,
    never an exception; with facts, the whole check runs and every report format renders."""
    RUNS[target] += 1
    from digione_rules.facts.load import load_facts

    book = book or packaged_book()
    with _folder() as folder:
        facts_dir = folder / "facts"
        facts_dir.mkdir()
        for name, data in files.items():
            (facts_dir / name).write_bytes(data)
        mapping_paths = []
        for name, data in (mappings or {}).items():
            (folder / name).write_bytes(data)
            mapping_paths.append(folder / name)
        sink = Sink(cap=1000)
        facts = load_facts([facts_dir], book, sink, mapping_paths, keep_going)
        _diagnostics_ok(sink.items)
        _expect((facts is None) == sink.has_errors, "facts came with errors, or no facts without an error")
        if facts is not None:
            _check_and_render(book, facts)
        return facts


def _check_and_render(book, facts, as_of=None) -> dict[str, str]:
    import datetime as _dt

    from digione_rules.evaluate import evaluate
    from digione_rules.facts.problems import with_unreadable_rows

    report, errors = evaluate(book, facts, as_of or _dt.date(2025, 6, 30), None, 30, "0.0.0")
    report = with_unreadable_rows(report, facts.unreadable)
    _diagnostics_ok(errors)
    for e in errors:
        _expect(e.code.startswith("R"), f"evaluation gave a {e.code}")
    failed = {m.group(1) for e in errors if (m := re.match(r"rule `([^`]+)`", e.message))}
    for r in report.results:
        if r.rule in failed:
            _expect(r.status == "not_applicable", f"rule {r.rule} failed at run time but is {r.status}")
    return render_all(report)


_RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def render_all(report) -> dict[str, str]:
    """Every format of a report, each checked for what it must be."""
    from digione_rules.report import FORMATS, render

    out = {}
    for fmt in FORMATS:
        for explain in (False, True):
            text = render(report, fmt, color=False, explain=explain)
            _expect(render(report, fmt, color=False, explain=explain) == text, f"{fmt} is not the same twice")
            raw = _RAW_CONTROL.search(text)
            _expect(raw is None, f"{fmt} holds a raw control character: {raw and raw.group()!r}")
            if fmt in ("json", "sarif"):
                json.loads(text)
            elif fmt == "junit":
                ET.fromstring(text)
            elif fmt == "github":
                for line in text.splitlines():
                    _expect(line.startswith(("::error ", "::warning ", "::notice ", "digione-rules ")),
                            f"github line is not one command: {line[:80]!r}")
            elif fmt in ("text", "markdown"):
                _expect("\r" not in text and "\u2028" not in text and "\u2029" not in text,
                        f"{fmt} has a line break of its own")
            if not explain:
                out[fmt] = text
    return out


# ------------------------------------------------------------------------------------------- xlsx

_XLSX_BASE: dict = {}


def workbook(sheets: dict[str, str], shared_strings: str | None = None) -> bytes:
    """An .xlsx whose sheets (name → the sheet's XML) and shared strings are given as they are."""
    import zipfile

    names = list(sheets)
    content = ['<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
               '2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
               'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
               '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
               'main+xml"/>']
    for i in range(len(names)):
        content.append(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/vnd.'
                       'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
    if shared_strings is not None:
        content.append('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                       'officedocument.spreadsheetml.sharedStrings+xml"/>')
    content.append("</Types>")
    rels = ['<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships">']
    sheet_entries = []
    for i, name in enumerate(names):
        rels.append(f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    f'relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>')
        escaped = name.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
        sheet_entries.append(f'<sheet name="{escaped}" sheetId="{i + 1}" r:id="rId{i + 1}"/>')
    if shared_strings is not None:
        rels.append(f'<Relationship Id="rId{len(names) + 1}" Type="http://schemas.openxmlformats.org/officeDocument/'
                    '2006/relationships/sharedStrings" Target="sharedStrings.xml"/>')
    rels.append("</Relationships>")
    wb = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
          '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
          + "".join(sheet_entries) + "</sheets></workbook>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "".join(content))
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                   'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                   '</Relationships>')
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", "".join(rels))
        for i, name in enumerate(names):
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml", sheets[name])
        if shared_strings is not None:
            z.writestr("xl/sharedStrings.xml", shared_strings)
    return buf.getvalue()


SHEET_HEAD = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
SHEET_TAIL = "</sheetData></worksheet>"


def sheet_xml(rows: list[list[object]]) -> str:
    """A sheet's XML from rows of cells: str → inline string, numbers → numbers, ('f', formula, cached)."""
    from xml.sax.saxutils import escape

    out = [SHEET_HEAD]
    for r, row in enumerate(rows, 1):
        out.append(f'<row r="{r}">')
        for c, cell in enumerate(row):
            ref = f"{chr(65 + c % 26) * (1 + c // 26)}{r}"
            if cell is None:
                continue
            if isinstance(cell, tuple):
                _, formula, cached = cell
                value = "" if cached is None else f"<v>{escape(str(cached))}</v>"
                kind = ' t="str"' if isinstance(cached, str) else ""
                out.append(f'<c r="{ref}"{kind}><f>{escape(formula)}</f>{value}</c>')
            elif isinstance(cell, (int, float)):
                out.append(f'<c r="{ref}" t="n"><v>{cell}</v></c>')
            else:
                out.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(cell))}</t></is></c>')
        out.append("</row>")
    out.append(SHEET_TAIL)
    return "".join(out)


# ------------------------------------------------------------------------------------------- waivers

def waivers_file(data: bytes) -> None:
    """A waivers file: waivers or R507, never an exception; applied to a report, it never raises."""
    RUNS["waivers"] += 1
    import datetime as _dt

    from digione_rules.report.model import Report, summarize
    from digione_rules.waivers import apply_waivers, load_waivers

    with _folder() as folder:
        path = folder / "waivers.yaml"
        path.write_bytes(data)
        sink = Sink()
        waivers = load_waivers(path, "waivers.yaml", sink)
        _diagnostics_ok(sink.items)
        _expect((waivers is None) == sink.has_errors, "waivers came with errors, or none without an error")
        if waivers:
            report = Report("0", "2025-06-30", "", "", summarize(()), ())
            out, diags = apply_waivers(report, waivers, packaged_book(), None, _dt.date(2025, 6, 30))
            _diagnostics_ok(diags)
            render_all(out)


# ------------------------------------------------------------------------------------------- pipeline

def pipeline(book_text: str, rows: list[list[str]], as_of: str, fmt: str) -> None:
    """A generated rule book over generated facts, through the command line and the library: the exit
    code follows the spec, nothing raises, every format renders, shuffled rows give the same report."""
    RUNS["pipeline"] += 1
    import datetime as _dt

    from digione_rules.book import load_rule_book
    from digione_rules.check import check_book
    from digione_rules.cli import main
    from digione_rules.evaluate import evaluate
    from digione_rules.facts.load import load_facts
    from digione_rules.report import render

    from .gen import csv_text

    with _folder() as folder:
        (folder / "book").mkdir()
        (folder / "book" / "main.rules").write_text(book_text, encoding="utf-8")
        (folder / "facts").mkdir()
        (folder / "facts" / "t.csv").write_text(csv_text(rows), encoding="utf-8")
        (folder / "facts" / "u.csv").write_text("id;amount\nU1;5\n", encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["check", str(folder / "facts"), "--rules", str(folder / "book"), "--as-of", as_of,
                         "--format", fmt])
        _expect("internal error" not in err.getvalue() and "Traceback" not in err.getvalue(),
                f"the command line failed: {err.getvalue()[-2000:]}")
        _expect(code in (0, 1, 2), f"exit code {code}")
        raw = _RAW_CONTROL.search(err.getvalue())
        _expect(raw is None, f"a diagnostic holds a raw control character: {raw and raw.group()!r}")

        sink = Sink()
        loaded = load_rule_book(folder / "book", sink)
        book = check_book(loaded, sink) if loaded is not None and not sink.has_errors else None
        if book is None or sink.has_errors:
            _expect(code == 2, f"a rule book with errors exits {code}")
            OUTCOMES["pipeline: the book had errors"] += 1
            return
        facts = load_facts([folder / "facts"], book, sink)
        if facts is None:
            _expect(code == 2, f"facts with errors exit {code}")
            OUTCOMES["pipeline: the facts had errors"] += 1
            return
        day = _dt.date.fromisoformat(as_of)
        report, errors = evaluate(book, facts, day, None, 30, _version())
        _diagnostics_ok(errors)
        OUTCOMES["pipeline: evaluated"] += 1
        OUTCOMES["pipeline: a rule failed at run time (R5xx)"] += bool(errors)
        OUTCOMES.update(f"pipeline: rules {r.status}" for r in report.results)
        expected_code = 2 if errors else report.exit_code
        _expect(code == expected_code, f"exit {code}, the report says {expected_code}")
        if code != 2:
            _expect(out.getvalue() == render(report, fmt), f"the command's {fmt} differs from the library's")
        _check_and_render(book, facts, day)

        for command in (["lint", "--as-of", as_of], ["test"], ["explain", "r-0", "--as-of", as_of],
                        ["params", "--as-of", as_of], ["coverage", str(folder / "facts")]):
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main([*command, "--rules", str(folder / "book")])
            _expect("internal error" not in err.getvalue(), f"`{command[0]}` failed: {err.getvalue()[-2000:]}")
            _expect(code in (0, 1, 2), f"`{command[0]}` exit code {code}")
            raw = _RAW_CONTROL.search(out.getvalue() + err.getvalue())
            _expect(raw is None, f"`{command[0]}` wrote a raw control character {raw and raw.group()!r}")

        if len(rows) > 1:  # the same rows in another order: the same report, evidence named by id
            (folder / "facts" / "t.csv").write_text(csv_text(rows[::-1]), encoding="utf-8")
            again = load_facts([folder / "facts"], book, Sink())
            if again is not None:
                report2, _ = evaluate(book, again, day, None, 30, _version())
                _expect(_by_id(render(report2, "json")) == _by_id(render(report, "json")),
                        "shuffled rows give another report")


def _version() -> str:
    from digione_rules import __version__

    return __version__


def _by_id(text: str) -> str:
    """The JSON report with evidence named by table and id only, and file hashes left out."""
    doc = json.loads(text)
    doc.pop("facts_digest", None)
    for i in doc.get("inputs", []):
        i.pop("sha256", None)
    for r in doc["results"]:
        for item in r.get("findings", []) + r.get("pending", []):
            item["evidence"] = sorted((e["table"], e.get("id") or "") for e in item.get("evidence", []))
        for o in r.get("obligations", []):
            o.pop("evidence", None)
        r.get("findings", []).sort(key=lambda f: json.dumps(f, sort_keys=True))
        r.get("pending", []).sort(key=lambda f: json.dumps(f, sort_keys=True))
    return json.dumps(doc, sort_keys=True)
