"""Round trip: generated tables, written in every format the loader reads, load to the same rows and digest."""

from __future__ import annotations

import datetime as _dt
import random
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from writers import csv_bytes, json_bytes, jsonl_bytes, xlsx_bytes

from digione_rules.diagnostics import Sink
from digione_rules.facts.load import load_facts

PARTIES = {"Espoo": ["Espoo", "Espoon kaupunki", "0101263-6", "ESBO"], "Jyväskylä": ["Jyväskylä", "Jyvaskyla",
           "jyväskylän kaupunki", "0174666-4"], "Tiera": ["Tiera", "Kuntien Tiera Oy", "2362180-3"],
           "Business Finland": ["Business Finland", "BF"]}
KINDS = {"grant": ["grant", "avustus", "Avustus"], "service_fee": ["service_fee", "palvelumaksu", "Service fee"],
         "joining_fee": ["joining_fee", "liittymismaksu"]}
PROJECTS = {"DigiOne": ["DigiOne", "digione", "DIGIONE"],
            "DigiOne2": ["DigiOne2", "DIGIONE2", "digione 2", "DigiOne 2"]}
BODIES = {"steering_group": ["steering_group", "ohjausryhmä"], "city_board": ["city_board", "kaupunginhallitus"]}
TEXT = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 äöåÄÖ€;,\"'-/.()\n",
               min_size=1, max_size=12).map(str.strip).filter(bool)
DAYS = st.dates(_dt.date(2000, 1, 1), _dt.date(2035, 12, 31))
# text that YAML written plainly reads as a number: its text as written is the value in a text column
NUMBER_LIKE = st.sampled_from(["2.0", "1.10", "2024", "3.1", "007", "0x1F", "1_000", "-0.50", "1:30"])


@st.composite
def payment(draw, i: int):
    """A payment's values and the way each is spelled in an export."""
    party_a, party_b = draw(st.permutations(sorted(PARTIES)))[:2]
    kind = draw(st.sampled_from(sorted(KINDS)))
    cents = draw(st.integers(1, 10**10))
    project = draw(st.none() | st.sampled_from(sorted(PROJECTS)))
    values = [f"P-{i}-" + draw(TEXT).replace("\n", " ").strip(), draw(DAYS), kind, party_a, party_b, cents,
              project, draw(st.none() | TEXT | NUMBER_LIKE)]
    spelled = [values[0], values[1], draw(st.sampled_from(KINDS[kind])), draw(st.sampled_from(PARTIES[party_a])),
               draw(st.sampled_from(PARTIES[party_b])), Decimal(cents).scaleb(-2),
               project and draw(st.sampled_from(PROJECTS[project])), values[7]]
    return values, spelled


@st.composite
def meeting(draw, i: int):
    body = draw(st.sampled_from(sorted(BODIES)))
    values = [f"M{i}", body, draw(DAYS), draw(st.none() | DAYS), draw(st.none() | st.integers(0, 40)),
              draw(st.booleans())]
    spelled = [values[0], draw(st.sampled_from(BODIES[body])), *values[2:]]
    return values, spelled


@st.composite
def tables(draw):
    n = draw(st.integers(1, 8))
    payments = [draw(payment(i)) for i in range(n)]
    meetings = [draw(meeting(i)) for i in range(draw(st.integers(1, 4)))]
    return payments, meetings


PAYMENT_COLUMNS = ["id", "date", "kind", "payer", "payee", "amount", "project", "note"]
PAYMENT_HEADERS = [PAYMENT_COLUMNS, ["Tosite", "Kirjauspäivä", "Laji", "Maksaja", "Saaja", "Summa €", "Projekti",
                                     "Selite"], ["ID ", " Date", "KIND", "Payer", "payee", "Amount", "project", "NOTE"]]
MEETING_COLUMNS = ["id", "body", "date", "minutes_sent", "members", "unprepared_items"]


def _csv_cell(value, style: int):
    if isinstance(value, _dt.date):
        return value.isoformat() if style % 2 else f"{value.day}.{value.month}.{value.year}"
    if isinstance(value, Decimal):
        if style % 2:
            return f"{value:.2f}"
        whole, frac = f"{value:.2f}".split(".")
        return f"{int(whole):,}".replace(",", "\u00a0" if style % 3 else " ") + f",{frac}" + (" €" if style % 5 else "")
    if isinstance(value, bool):
        return ("kyllä" if value else "ei") if style % 2 else ("true" if value else "false")
    return value


def _write(folder: Path, fmt: str, payments, meetings, header: list[str], style: int) -> None:
    pay_rows = [spelled for _, spelled in payments]
    meet_rows = [spelled for _, spelled in meetings]
    if fmt.startswith("csv"):
        _, delimiter, encoding, newline = fmt.split("|")
        delimiter = {"semicolon": ";", "comma": ",", "tab": "\t"}[delimiter]
        newline = {"crlf": "\r\n", "lf": "\n"}[newline]
        bom = encoding == "utf-8-bom"
        encoding = "utf-8" if bom else encoding
        for name, head, rows in (("payments", header, pay_rows), ("meetings", MEETING_COLUMNS, meet_rows)):
            cells = [[_csv_cell(v, style + k) for k, v in enumerate(row)] for row in rows]
            (folder / f"{name}.csv").write_bytes(csv_bytes(head, cells, delimiter, encoding, newline, bom))
    elif fmt == "json":
        (folder / "payments.json").write_bytes(json_bytes(header, pay_rows))
        (folder / "meetings.json").write_bytes(json_bytes(MEETING_COLUMNS, meet_rows))
    elif fmt == "jsonl":
        (folder / "payments.jsonl").write_bytes(jsonl_bytes(header, pay_rows))
        (folder / "meetings.jsonl").write_bytes(jsonl_bytes(MEETING_COLUMNS, meet_rows))
    elif fmt.startswith("yaml"):
        doc = {"payments": [dict(zip(header, [str(v) if isinstance(v, Decimal) else v for v in row]))
                            for row in pay_rows],
               "meetings": [dict(zip(MEETING_COLUMNS, row)) for row in meet_rows]}
        dumper = _PlainNumbers if fmt == "yaml-plain" else yaml.SafeDumper
        (folder / "facts.yaml").write_text(yaml.dump(doc, Dumper=dumper, allow_unicode=True), encoding="utf-8")
    elif fmt == "xlsx":
        (folder / "payments.xlsx").write_bytes(xlsx_bytes(header, pay_rows, "kirjaukset"))
        (folder / "meetings.xlsx").write_bytes(xlsx_bytes(MEETING_COLUMNS, meet_rows, "Sheet"))


class _PlainNumbers(yaml.SafeDumper):
    """Writes text that reads as a number in YAML (`2.0`, `2024`, amounts) plainly, unquoted, as people
    write YAML by hand: the loader reads it as written."""


def _plain_number(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    tag = dumper.resolve(yaml.ScalarNode, text, (True, False))
    if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        return yaml.ScalarNode(tag, text)
    return dumper.represent_str(text)


_PlainNumbers.add_representer(str, _plain_number)

FORMATS = [f"csv|{d}|{e}|{n}" for d in ("semicolon", "comma", "tab") for e in ("utf-8", "utf-8-bom", "cp1252")
           for n in ("crlf", "lf")] + ["json", "jsonl", "yaml", "yaml-plain", "xlsx"]


def _load(book, folder: Path):
    sink = Sink()
    facts = load_facts([folder], book, sink)
    assert facts is not None, [d.concise() for d in sink.sorted()]
    return facts


def _ambiguous(folder: Path) -> bool:
    """Whether some CSV file written in Windows-1252 is valid UTF-8 too (`Ä€` is UTF-8 `Ā`)."""
    for path in folder.glob("*.csv"):
        data = path.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if not data.isascii():
            return True
    return False


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.integers(0, 2), st.integers(0, 29), st.randoms(use_true_random=False))
def test_every_format_loads_the_same_rows_and_digest(book, data, header_style, style, rnd):
    """Tables written as CSV (three delimiters, three encodings, two line ends), JSON, JSONL, YAML (numbers
    and text that reads as a number quoted, or written plainly) and XLSX load to the generated values, and
    to one digest whatever the format, spelling or row order."""
    payments, meetings = data
    header = PAYMENT_HEADERS[header_style]
    expected_payments = {c: [values[k] for values, _ in payments] for k, c in enumerate(PAYMENT_COLUMNS)}
    expected_payments["project"] = [p if p is not None else "DigiOne" for p in expected_payments["project"]]
    expected_meetings = {c: [values[k] for values, _ in meetings] for k, c in enumerate(MEETING_COLUMNS)}
    digests = set()
    root = Path(tempfile.mkdtemp())
    try:
        for n, fmt in enumerate(FORMATS):
            folder = root / str(n)
            folder.mkdir()
            shuffled = payments[:]
            rnd.shuffle(shuffled)
            _write(folder, fmt, shuffled if n % 2 else payments, meetings, header, style)
            if "cp1252" in fmt and _ambiguous(folder):  # refused, never read as the wrong text
                sink = Sink()
                assert load_facts([folder], book, sink) is None
                assert "cannot tell the encoding" in sink.sorted()[0].message, fmt
                continue
            facts = _load(book, folder)
            got = facts.tables["payments"]
            order = sorted(range(got.n), key=lambda i: got.columns["id"][i])
            want = sorted(range(len(payments)), key=lambda i: expected_payments["id"][i])
            for column, values in expected_payments.items():
                assert [got.columns[column][i] for i in order] == [values[i] for i in want], (fmt, column)
            for column, values in expected_meetings.items():
                assert list(facts.tables["meetings"].columns[column]) == values, (fmt, column)
            digests.add(facts.digest)
    finally:
        shutil.rmtree(root)
    assert len(digests) == 1


def test_digest_changes_with_any_value(book, tmp_path):
    """Changing one cent of one row changes the digest."""
    rows = [["P1", "1.3.2025", "grant", "BF", "Vantaa", "100,00"], ["P2", "2.3.2025", "grant", "BF", "Oulu", "5"]]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "payments.csv").write_bytes(csv_bytes(PAYMENT_COLUMNS[:6], rows))
    rows[1][5] = "5,01"
    (tmp_path / "b" / "payments.csv").write_bytes(csv_bytes(PAYMENT_COLUMNS[:6], rows))
    assert _load(book, tmp_path / "a").digest != _load(book, tmp_path / "b").digest


def test_digest_of_a_table_without_ids_ignores_row_order(book, tmp_path):
    """Votes (a table without ids) give one digest in any row order."""
    events = "id;date;type;body;subject\nE1;1.2.2025;decision;steering_group;release_installment\n"
    votes = [["E1", "Espoo", "for"], ["E1", "Oulu", "against"], ["E1", "Tiera", "abstain"]]
    digests = set()
    for n in range(3):
        folder = tmp_path / str(n)
        folder.mkdir()
        (folder / "events.csv").write_text(events, encoding="utf-8")
        random.Random(n).shuffle(votes)
        (folder / "votes.csv").write_bytes(csv_bytes(["decision", "voter", "vote"], votes))
        digests.add(_load(book, folder).digest)
    assert len(digests) == 1
