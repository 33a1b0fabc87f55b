"""Malformed inputs, each with the exact diagnostics the loader gives (code, place, message, help, notes)."""

from __future__ import annotations

import datetime as _dt

import pytest
from writers import xlsx_bytes

P = "id;date;kind;payer;payee;amount\n"
GOOD = "P1;1.3.2025;grant;Business Finland;Vantaa;1 300 000,00 €\n"
INVOICES = "id;date;kind;issuer;recipient;amount\nI1;2.1.2025;service_fee;Tiera;Oulu;100\n"
HEAD = ["id", "date", "kind", "payer", "payee", "amount"]
AMOUNT = "an amount in euros such as `1 287 000,00 €` or `231660.00`"
DATE = "a date such as `30.4.2024` or `2024-04-30`"
KINDS = ("`joining_fee`, `additional_funding`, `pioneer_refund`, `refund_compensation`, `base_maintenance_fee`, "
         "`common_services_fee`, `service_fee`, `warranty_charge`, `grant`, `exit_settlement`")
PARTIES = ("a party of the contract: a name, an alias or a business id (Business Finland, Espoo, Jyväskylä, Lahti, "
           "Oulu, Tampere, Tiera, Turku, Vantaa)")

ROW = '{"id": "P1", "date": "2025-03-01", "kind": "grant", "payer": "BF", "payee": "Vantaa", "amount": 1000}'
TWICE = ("payments: column `amount` appears twice in the row | help: give each column once in a row: which of the "
         "two values is meant cannot be told")

CASES = [
    ("bad-date", {"payments.csv": P + "P1;31.2.2025;grant;BF;Vantaa;100\n"},
     ["F405 facts/payments.csv:2:4: payments.date: found `31.2.2025`, expected a date that exists in the calendar"]),
    ("date-not-a-date", {"payments.csv": P + "P1;2025/03/01;grant;BF;Vantaa;100\n"},
     [f"F405 facts/payments.csv:2:4: payments.date: found `2025/03/01`, expected {DATE}"]),
    ("amount-groups-of-two", {"payments.csv": P + "P1;1.3.2025;grant;BF;Vantaa;12,34,56\n"},
     [f"F405 facts/payments.csv:2:29: payments.amount: found `12,34,56`, expected {AMOUNT}"]),
    ("amount-negative", {"payments.csv": P + "P1;1.3.2025;grant;BF;Vantaa;-5,00\n"},
     ["F405 facts/payments.csv:2:29: payments.amount: found `-5,00`, expected a positive amount | help: a credit "
      "note or a reversal? a mapping file's [[skip]] leaves such rows out (matches = \"-.*\")"]),
    ("amount-zero", {"payments.csv": P + "P1;1.3.2025;grant;BF;Vantaa;0\n"},
     ["F405 facts/payments.csv:2:29: payments.amount: found `0`, expected a positive amount"]),
    ("amount-fraction-of-a-cent", {"payments.json": '[{"id": "P1", "date": "2025-03-01", "kind": "grant", '
                                                    '"payer": "BF", "payee": "Vantaa", "amount": 12.345}]'},
     ["F405 facts/payments.json:1:2: payments.amount: found `12.345`, expected an amount with at most two "
      "decimals of a euro"]),
    ("unknown-party", {"payments.csv": P + "P1;1.3.2025;grant;BF;Espo;100\n"},
     [f"F405 facts/payments.csv:2:22: payments.payee: found `Espo`, expected {PARTIES} | help: did you mean `Espoo`?"]),
    ("business-id-check-digit", {"payments.csv": P + "P1;1.3.2025;grant;BF;0174666-5;100\n"},
     ["F405 facts/payments.csv:2:22: payments.payee: found `0174666-5`, expected a business id with a valid check "
      "digit | help: the check digit of `0174666` is `4`: is a digit mistyped?"]),
    ("unknown-kind", {"payments.csv": P + "P1;1.3.2025;grnt;BF;Vantaa;100\n"},
     [f"F405 facts/payments.csv:2:13: payments.kind: found `grnt`, expected one of {KINDS} | help: did you mean "
      "`grant`?"]),
    ("bad-bool", {"costs.csv": "id;date;project;amount;category;eligible\nC1;1.2.2025;DigiOne2;10;development;maybe\n"},
     ["F405 facts/costs.csv:2:37: costs.eligible: found `maybe`, expected one of `true/false`, `yes/no`, "
      "`kyllä/ei`, `1/0`"]),
    ("bad-integer", {"meetings.csv": "id;body;date;members;present\nM1;steering_group;1.2.2025;12.5;7\n"},
     ["F405 facts/meetings.csv:2:28: meetings.members: found `12.5`, expected a whole number"]),
    ("empty-required-cell", {"payments.csv": P + "P1;;grant;BF;Vantaa;100\n"},
     [f"F406 facts/payments.csv:2:4: payments.date: found an empty cell, expected {DATE}"]),
    ("required-when", {"events.csv": "id;date;type;subject\nE1;1.2.2025;decision;release_installment\n"},
     ["F406 facts/events.csv:2:1: events.body: found an empty cell, expected a value when "
      "`type in [decision, procurement, report]`"]),
    ("duplicate-id", {"payments.csv": P + GOOD + "P1;2.3.2025;grant;BF;Vantaa;5\n"},
     ["F407 facts/payments.csv:3:1: payments.id: found `P1` again, expected a unique id | note: `P1` is first on "
      "facts/payments.csv:2"]),
    ("dangling-invoice", {"payments.csv": "id;date;kind;payer;payee;amount;invoice\n"
                                          "P1;1.3.2025;service_fee;Oulu;Tiera;100;I9\n", "invoices.csv": INVOICES},
     ["F408 facts/payments.csv:2:40: payments.invoice: found `I9`, expected an id in `invoices` | help: add the row "
      "to `invoices`, or correct the reference"]),
    ("dangling-meeting", {"events.csv": "id;date;type;body;subject;ref\n"
                                        "E1;1.2.2025;decision;steering_group;release_installment;M9\n",
                          "meetings.csv": "id;body;date\nM1;steering_group;1.2.2025\n"},
     ["F408 facts/events.csv:2:57: events.ref: found `M9`, expected an id in `meetings` | help: add the row to "
      "`meetings`, or correct the reference"]),
    ("dangling-decision", {"votes.csv": "decision;voter;vote\nE9;Espoo;for\n",
                           "events.csv": "id;date;type;body;subject\nE1;1.2.2025;decision;steering_group;"
                                         "release_installment\n"},
     ["F408 facts/votes.csv:2:1: votes.decision: found `E9`, expected an id in `events` | help: add the row to "
      "`events`, or correct the reference"]),
    ("reference-to-unreadable-row", {"payments.csv": "id;date;kind;payer;payee;amount;invoice\n"
                                                     "P1;1.3.2025;service_fee;Oulu;Tiera;100;I1\n",
                                     "invoices.csv": INVOICES.replace("2.1.2025", "2.13.2025")},
     ["F405 facts/invoices.csv:2:4: invoices.date: found `2.13.2025`, expected a date that exists in the calendar",
      "F408 facts/payments.csv:2:40: payments.invoice: found `I1`, expected an id in `invoices` | note: the row of "
      "`I1` in `invoices` could not be read (facts/invoices.csv:2)"]),
    ("truncated-row", {"payments.csv": P + GOOD + "P2;2.3.2025;gra"},
     ["F412 facts/payments.csv:3:16: payments: found 3 cells, expected 6 like the header | help: the file does not "
      "end with a line break: it may have been cut short"]),
    ("truncated-inside-a-character", {"payments.csv": (P + "P1;1.3.2025;grant;BF;Jyv").encode() + "ä".encode()[:1]},
     ["F401 facts/payments.csv:2:1: `facts/payments.csv` ends in the middle of a UTF-8 character: the file seems "
      "cut short | help: export the file again"]),
    ("undecodable-bytes", {"payments.csv": (P + "P1;1.3.2025;grant;BF;Vantaa;100\x81\n").encode("latin-1")},
     ["F401 facts/payments.csv:2:1: `facts/payments.csv`: line 2: neither UTF-8 nor Windows-1252 text: byte 0x81 "
      "| help: save the file as CSV UTF-8"]),
    ("mixed-encodings", {"payments.csv": (P + "P1;1.3.2025;grant;BF;Jyväskylä;100\n").encode()
                         + "P2;1.3.2025;grant;BF;Jyväskylä;100\n".encode("cp1252")},
     ["F402 facts/payments.csv:3:1: `facts/payments.csv`: cannot tell the encoding: the file is UTF-8 up to line 3, "
      "where byte 0xe4 is not | help: the file mixes two encodings; save it again in one (CSV UTF-8)"]),
    ("windows-1252-that-is-also-utf-8", {"payments.csv": (P + "PÄ€1;1.3.2025;grant;BF;Vantaa;100\n").encode("cp1252")},
     ["F402 facts/payments.csv:2:1: `facts/payments.csv`: line 2: cannot tell the encoding: the text is UTF-8 (`Ā`) "
      "and Windows-1252 (`Ä€`) alike, and holds none of the characters (`ä`, `ö`, `€`…) that would show it is "
      "UTF-8 | help: name the encoding in a mapping file: `encoding = \"windows-1252\"` or `\"utf-8\"`"]),
    ("read-with-the-wrong-encoding", {"payments.csv": (P + "P1;1.3.2025;grant;BF;Jyväskylä;100\n").encode()
                                      .decode("cp1252").encode()},
     ["F402 facts/payments.csv:2:1: `facts/payments.csv`: line 2: cannot tell the encoding: the text is UTF-8 but "
      "holds `Ã¤` or `â‚¬`, which is how `ä` and `€` look after being read with the wrong encoding | help: fix the "
      "text in the source system and export the file again"]),
    ("utf-16", {"payments.csv": (P + GOOD).encode("utf-16")},
     ["F401 facts/payments.csv:1:1: `facts/payments.csv` is UTF-16 text | help: save it as CSV in UTF-8 (or "
      "Windows-1252); Excel calls it `CSV UTF-8`"]),
    ("workbook-named-csv", {"payments.csv": xlsx_bytes(["id"], [])},
     ["F401 facts/payments.csv:1:1: `facts/payments.csv` is not text: it holds NUL bytes | help: it looks like an "
      "Excel workbook: name it `.xlsx`"]),
    ("empty-file", {"payments.csv": b""},
     ["F410 facts/payments.csv:1:1: `facts/payments.csv` is empty | help: a facts file needs a header row at least"]),
    ("blank-lines-only", {"payments.csv": b"\r\n\r\n"},
     ["F410 facts/payments.csv:1:1: `facts/payments.csv` is empty | help: a facts file needs a header row at least"]),
    ("missing-required-column", {"payments.csv": "id;date;kind;payer;amount\nP1;1.3.2025;grant;BF;100\n"},
     ["F403 facts/payments.csv:1:1: payments: required column `payee` is missing | help: the file's columns are: "
      "`id`, `date`, `kind`, `payer`, `amount`; the column may also be called `saaja`"]),
    ("unknown-column", {"payments.csv": P.strip() + ";amout_paid\n" + GOOD.strip() + ";1\n"},
     ["F404 facts/payments.csv:1:33: payments: unknown column `amout_paid` | help: did you mean `amount`?"]),
    ("column-twice", {"payments.csv": "id;tosite;date;kind;payer;payee;amount\nP1;P1;1.3.2025;grant;BF;Vantaa;100\n"},
     ["F404 facts/payments.csv:1:4: payments: column `id` appears twice (`id` and `tosite`)"]),
    ("unnamed-column-with-values", {"payments.csv": ";" + P + "7;" + GOOD},
     ["F404 facts/payments.csv:2:1: payments: column 1 has no name in the header but holds `7` | help: name the "
      'column, or leave it out with a mapping file: drop = [""]']),
    ("totals-row", {"payments.csv": P + GOOD + "Yhteensä;;;;;1 300 000,00\n"},
     ["F416 facts/payments.csv:3:1: payments.id: found `Yhteensä`, expected rows of facts, not a totals row | help: "
      'leave totals rows out with a mapping file: [[skip]] column = "id" matches = "Yhteensä.*"']),
    ("ambiguous-delimiter", {"payments.csv": "id;amount,note\nP1;12,50\n"},
     ["F402 facts/payments.csv:1:1: `facts/payments.csv`: cannot tell the delimiter: `;` and `,` split the first "
      'rows equally well | help: name it in a mapping file: delimiter = ";"']),
    ("row-too-long", {"payments.csv": P + GOOD.strip() + ";extra\n"},
     ["F412 facts/payments.csv:2:58: payments: found 7 cells, expected 6 like the header"]),
    ("unclosed-quote", {"payments.csv": P + 'P1;1.3.2025;grant;BF;"Vantaa;100\nP2;1.3.2025;grant;BF;Vantaa;100\n'},
     ["F412 facts/payments.csv:3:1: payments: the row cannot be read as CSV: unexpected end of data | help: a quote "
      '`"` that is never closed makes the rest of the file one cell']),
    ("stray-quote", {"payments.csv": P + 'P1;1.3.2025;grant;BF;"Vantaa" x;100\n'},
     ["F412 facts/payments.csv:2:1: payments: the row cannot be read as CSV: ';' expected after '\"'"]),
    ("json-truncated", {"payments.json": '[{"id": "P1", "date": "2025-03-01",\n  "kind": "gr'},
     ["F401 facts/payments.json:2:11: `facts/payments.json` is not valid JSON: unterminated string starting at"]),
    ("json-row-not-object", {"payments.json": '[\n  ["P1", "2025-03-01"]\n]'},
     ['F412 facts/payments.json:2:3: payments: found a list, expected a row object such as {"id": "P1", …}']),
    ("json-key-not-a-table", {"facts.json": '{"paymets": []}'},
     ["F409 facts/facts.json:1:2: `facts/facts.json`: key `paymets` names no table | help: did you mean `payments`?"]),
    ("json-table-key-twice", {"facts.json": '{"payments": [\n  ' + ROW + '\n],\n "payments": []}'},
     ["F414 facts/facts.json:4:2: table `payments` is given twice in `facts/facts.json`, first at 1:2 | help: give "
      "each table once: put its rows in one list"]),
    ("yaml-table-key-twice", {"facts.yaml": "payments:\n  - {id: P1}\ninvoices: []\npayments:\n  - {id: P2}\n"},
     ["F414 facts/facts.yaml:4:1: table `payments` is given twice in `facts/facts.yaml`, first at 1:1 | help: give "
      "each table once: put its rows in one list"]),
    ("json-row-key-twice", {"payments.json": "[" + ROW[:-1] + ', "note": "klo 10:00", "amount" : 2000}]'},
     [f"F404 facts/payments.json:1:{len(ROW) + 24}: {TWICE}"]),
    ("yaml-row-key-twice", {"payments.yaml": "- id: P1\n  date: 2025-03-01\n  kind: grant\n  payer: BF\n"
                                             "  payee: Vantaa\n  amount: 1000\n  amount: 2000\n"},
     [f"F404 facts/payments.yaml:7:3: {TWICE}"]),
    ("jsonl-row-key-twice", {"payments.jsonl": ROW + "\n" + ROW.replace("P1", "P2")[:-1] + ', "amount": 5}\n'},
     [f"F404 facts/payments.jsonl:2:{len(ROW) + 2}: {TWICE}"]),
    ("jsonl-bad-line", {"payments.jsonl": '{"id": "P1", "date": "2025-03-01", "kind": "grant", "payer": "BF", '
                                          '"payee": "Vantaa", "amount": 5}\n{"id": "P2",\n'},
     ["F412 facts/payments.jsonl:2:1: payments: the line is not JSON: expecting property name enclosed in double "
      "quotes at column 13"]),
    ("yaml-invalid", {"payments.yaml": "- id: P1\n  date: [2025\n"},
     ["F401 facts/payments.yaml:3:1: `facts/payments.yaml` is not valid YAML: expected ',' or ']', but got "
      "'<stream end>'"]),
    ("file-names-no-table", {"paymnets.csv": P + GOOD},
     ["F409 facts/paymnets.csv:1:1: `facts/paymnets.csv` names no table: `paymnets` is not declared | help: did you "
      "mean `payments`?"]),
    ("table-given-twice", {"payments.csv": P + GOOD, "payments.json": "[]"},
     ["F414 facts/payments.json:1:1: table `payments` is given twice: by `facts/payments.csv` and "
      "`facts/payments.json` | help: a table is read from one file: join exports of several periods into one "
      "file (one header), or check each in a run of its own"]),
    ("old-excel-file", {"payments.xls": b"\xd0\xcf\x11\xe0 old excel"},
     ["F409 facts/payments.xls:1:1: `facts/payments.xls`: `.xls` files cannot be read | help: give the table as "
      ".csv, .xlsx, .json, .jsonl or .yaml (Excel: save as `Excel Workbook`)"]),
    ("xlsx-not-a-workbook", {"payments.xlsx": b"PK\x03\x04 not really a zip"},
     ["F401 facts/payments.xlsx:1:1: `facts/payments.xlsx` cannot be opened as an Excel workbook (.xlsx): File is "
      "not a zip file | help: save it from Excel as `Excel Workbook (*.xlsx)`, or export it as CSV"]),
    ("xlsx-formula-without-saved-value",
     {"payments.xlsx": xlsx_bytes(HEAD, [["P1", _dt.date(2025, 3, 1), "grant", "BF", "Vantaa", "=2*50"]])},
     [f"F405 facts/payments.xlsx:2:6: payments.amount: found `=2*50 (a formula with no saved value)`, expected {AMOUNT} "
      "| note: sheet "
      "`payments`, cell F2 holds the formula `=2*50`; formulas are never evaluated, only the value the workbook "
      "saved with them is read"]),
    ("xlsx-number-in-a-date-column", {"payments.xlsx": xlsx_bytes(HEAD, [["P1", 45717, "grant", "BF", "Vantaa", 100]])},
     [f"F405 facts/payments.xlsx:2:2: payments.date: found `45717`, expected {DATE} | help: the cell holds a number: "
      "write the date as text, or format the cell as a date in the workbook | note: sheet `payments`, cell B2"]),
    ("xlsx-date-with-a-time",
     {"payments.xlsx": xlsx_bytes(HEAD, [["P1", _dt.datetime(2025, 3, 1, 13, 30), "grant", "BF", "Vantaa", 100]])},
     ["F405 facts/payments.xlsx:2:2: payments.date: found `2025-03-01 13:30:00`, expected a date without a time of "
      "day | note: sheet `payments`, cell B2"]),
]


@pytest.mark.parametrize("files, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_malformed_input_gets_its_exact_diagnostics(load, files, expected):
    """A malformed input is refused with exactly these diagnostics, and no facts."""
    loaded = load(files)
    assert loaded.lines == expected
    assert loaded.facts is None


def test_there_are_at_least_thirty_malformed_cases():
    """The table of malformed inputs covers at least thirty cases."""
    assert len(CASES) >= 30


def test_json_lines_not_utf8(load):
    """A JSON Lines file with a byte that is not UTF-8 is refused at its line."""
    loaded = load({"payments.jsonl": b'{"id": "P1"}\n{"id": "P\xe42"}\n'})
    assert loaded.lines == ["F401 facts/payments.jsonl:2:1: `facts/payments.jsonl`: line 2: byte 0xe4 is not UTF-8 "
                            "| help: JSON and YAML files are UTF-8 text"]
