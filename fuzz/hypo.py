"""The hypothesis front end: a strategy per target, and a runner for long runs.

    python -m fuzz.hypo TARGET [--examples N] [--seed S]     # one target
    python -m fuzz.hypo all --examples 2000                  # every target, one after the other

Each run prints how many inputs it ran and, on a failure, the shrunk input that fails and the error.
tests/robustness/test_fuzz_smoke.py runs every target with a few examples as part of the test suite.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from . import targets as T
from .gen import HypothesisChooser, facts_rows, rule_book

# ------------------------------------------------------------------------------------------- strategies

# The language's own words and marks, so that generated text reaches past the lexer.
RULE_TOKENS = ["rule", "parameter", "table", "facts", "party", "enum", "document", "include", "consistency",
               "example", "let", "require", "for each", "in", "if", "else:", ":", "where", "and", "or", "not",
               "(", ")", "[", "]", ",", "=", "<=", "+", "-", "*", "/", "x", "payments", "r-1", '"t"', '"""q"""',
               "5 €", "1 287 000,50 €", "2 M€", "50 %", "31.12.2029", "30 days", "12", "1.5", "§ 6.3", "|",
               "| a | b |", "#", "\n", "\n    ", "\n        ", "\t", "{", "}", "obligation", "due", "message",
               "severity", "error", "source", "quote", "value", "from", "money", "list", "of", "by", "within",
               "is", "missing", "through", "999999999999999999999999999999 €", "99999999999999999999999",
               "31.12.9999", "1e999", "\x1b[31m", "\x00", "\u2028", "\r", "include \"../x.rules\"",
               'include "/etc/passwd"', 'include "C:\\\\x"', "otherwise", "as_of", "sum(", "count("]
rule_text = st.one_of(
    st.lists(st.sampled_from(RULE_TOKENS), max_size=80).map(" ".join).map(str.encode),
    st.lists(st.sampled_from(RULE_TOKENS), max_size=80).map("".join).map(str.encode),
    st.text(max_size=400).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.binary(max_size=400),
)

LITERAL_CHARS = "0123456789 .,-−'€%EURkMdaysworkingmonthyearstruefalsekylläei\u00a0\u202f\t+e"
literal_text = st.one_of(st.text(alphabet=LITERAL_CHARS, max_size=40), st.text(max_size=40),
                         st.from_regex(r"-?[0-9]{1,40}([.,][0-9]{0,5})? ?(€|EUR|k€|M€|%)?", fullmatch=True),
                         st.from_regex(r"[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,6}", fullmatch=True))

EXPORT_CHARS = ";,\t\n\r\"'{}[]:- .0123456789€äöÅ\u00a0idatekngpyrmouYhtesä=#&*!|<>\x1b\\"
HEADERS = ["id;date;kind;payer;payee;amount\n", "id,date,kind,payer,payee,amount\n", "tosite;kirjauspäivä;laji;maksaja;"
           "saaja;summa\n", '[{"id": ', '{"payments": [{"id": "P1", "amount": ', "- id: ", "payments:\n  - id: P1\n",
           '{"id": "P1", "date": "1.1.2025", "amount": ']
NUMBERS = ["1" * 5000, "1e999999999", "-1e-999999999", "1" * 4000 + ".5", "NaN", "Infinity", "1E+400", "0.001",
           "123456789012345678901234567890"]


def _export(head: str, body: str, number: str, encoding: str) -> bytes:
    return (head + body.replace("#", number)).encode(encoding, errors="replace")


facts_input = st.one_of(
    st.tuples(st.sampled_from(["csv", "json", "jsonl", "yaml", "yml", "xlsx", "txt", "tsv"]), st.binary(max_size=500)),
    st.tuples(st.sampled_from(["csv", "json", "jsonl", "yaml"]),
              st.builds(_export, st.sampled_from(HEADERS), st.text(alphabet=EXPORT_CHARS, max_size=400),
                        st.sampled_from(NUMBERS), st.sampled_from(["utf-8", "cp1252", "utf-8-sig"]))),
)

SHEET_NAMES = ["payments", "kirjaukset", "Payments", "invoices", "Sheet1", "x" * 40, "<&\"'>", ""]
XLSX_CELLS = ["id", "date", "kind", "payer", "payee", "amount", "note", "P1", "1.1.2025", "grant", "Espoo", "Tiera",
              5, 1.5, 1e308, -0.0, 45000, 2958466, "\x1b[31m", "]]>", "=SUM(A1)", ("f", "1+1", None),
              ("f", "A1", 7), ("f", "A1", ""), None, "yhteensä"]
xlsx_rows = st.lists(st.lists(st.sampled_from(XLSX_CELLS), max_size=9), max_size=6)
HEADER_ROW = ["id", "date", "kind", "payer", "payee", "amount", "note"]
xlsx_input = st.one_of(
    st.dictionaries(st.sampled_from(SHEET_NAMES), xlsx_rows.map(T.sheet_xml), min_size=1, max_size=3),
    st.dictionaries(st.sampled_from(SHEET_NAMES[:3]), xlsx_rows.map(lambda rows: T.sheet_xml([HEADER_ROW] + rows)),
                    min_size=1, max_size=2),
    st.dictionaries(st.sampled_from(SHEET_NAMES[:2]), st.text(alphabet='<>/="rowcvftis 0123456789AXFD:', max_size=300)
                    .map(lambda body: T.SHEET_HEAD + body + T.SHEET_TAIL), min_size=1, max_size=1),
)

MAPPING_LINES = ['table = "payments"', 'delimiter = ";"', 'delimiter = "tab"', 'encoding = "windows-1252"',
                 "header_row = 2", 'drop = ["x"]', '[rename]\n"Tosite nro" = "id"', '[constants]\nkind = "grant"',
                 '[constants]\namount = [1, 2]', '[[skip]]\ncolumn = "id"\nmatches = "T.*"',
                 '[[skip]]\ncolumn = "id"\nmatches = "(a+)+$"', '[[keep]]\ncolumn = "kind"\nvalues = ["grant"]',
                 '[date_formats]\ndate = "DMMYYYY"', '[id]\ncolumns = ["id"]\nposting_lines = true',
                 'files = ["*.csv"]', 'files = [""]', 'files = ["/", "**", "[", "\\u0000"]', 'sheet = "x"',
                 'sheet = ""', "header_row = 0", "header_row = 99999999999999999999", 'separator = ""',
                 "x = 1", "[values.kind]\n1 = \"grant\"", 'table = "nope"']
YAML_MAPPINGS = ["table: payments\nconstants: {note: &a [x, x]}\n", "table: payments\nfiles: [2025-13-01]\n",
                 "table: payments\nheader_row: " + "9" * 5000 + "\n", "table: payments\ndrop: " + "[" * 300 + "]" * 300,
                 "a: &a [1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n",
                 "!!python/object/apply:os.system ['true']\n", "table: payments\nskip:\n  - {column: id, matches: '['}\n"]
mapping_input = st.tuples(
    st.one_of(st.lists(st.sampled_from(MAPPING_LINES), max_size=6).map(lambda ls: ("m.toml", "\n".join(ls) + "\n")),
              st.sampled_from(YAML_MAPPINGS).map(lambda t: ("m.yaml", t)),
              st.text(max_size=200).map(lambda t: ("m.toml", t))),
    st.builds(_export, st.sampled_from(HEADERS[:3]), st.text(alphabet=EXPORT_CHARS, max_size=200),
              st.sampled_from(NUMBERS), st.sampled_from(["utf-8", "cp1252"])),
)

WAIVER_PIECES = ["waivers:\n", "  - rule: invoice-paid\n", "    subject: {invoice: I1}\n", "    justification: ok\n",
                 "    decision: E1\n", "    expires: 2025-12-31\n", "    expires: 31.12.2025\n", "    expires: 2025-13-01\n",
                 "    expires: 10000-01-01\n", "    expires: 1e9\n", "    subject: {a: [1, 2]}\n", "  - x\n",
                 "a: &a [x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\n", "    subject: {invoice: *b}\n",
                 "waivers: " + "[" * 2000 + "]" * 2000 + "\n", "    rule: " + "9" * 5000 + "\n", "%YAML 1.1\n---\n",
                 "    justification: \"\\x1b]0;t\\x07\"\n", "\t", ": ", "- ", "{", "["]
waivers_input = st.one_of(st.lists(st.sampled_from(WAIVER_PIECES), max_size=10).map(lambda ps: "".join(ps).encode()),
                          st.binary(max_size=200))


@st.composite
def _pipeline(draw):
    c = HypothesisChooser(draw)
    book = rule_book(c)
    rows = facts_rows(c)
    as_of = c.choice(["2024-01-01", "2025-06-30", "2029-12-31", "1900-01-01", "9999-12-31"])
    fmt = c.choice(["text", "json", "junit", "sarif", "github", "markdown"])
    return book, rows, as_of, fmt


# ------------------------------------------------------------------------------------------- tests

def _xlsx(sheets: dict[str, str], keep_going: bool) -> None:
    T.facts_files({"payments.xlsx": T.workbook(sheets)}, keep_going, target="xlsx")


def _facts(suffix: str, data: bytes, keep_going: bool) -> None:
    T.facts_files({f"payments.{suffix}": data}, keep_going, target=suffix if suffix in ("csv", "json", "jsonl",
                                                                                        "yaml") else "facts")


def _mapping(mapping: tuple[str, str], data: bytes) -> None:
    name, text = mapping
    T.facts_files({"export.csv": data}, False, {name: text.encode()}, target="mapping")


TESTS: dict[str, tuple[Callable, tuple]] = {
    "rules": (T.rule_file, (rule_text,)),
    "literals": (T.literal, (literal_text,)),
    "facts": (lambda pair, keep_going: _facts(pair[0], pair[1], keep_going), (facts_input, st.booleans())),
    "xlsx": (_xlsx, (xlsx_input, st.booleans())),
    "mapping": (lambda pair: _mapping(*pair), (mapping_input,)),
    "waivers": (T.waivers_file, (waivers_input,)),
    "pipeline": (lambda p: T.pipeline(*p), (_pipeline(),)),
}


def run(name: str, examples: int, seed: int | None = None, database=None) -> None:
    """Run one target for `examples` inputs (hypothesis shrinks and re-raises a failure)."""
    fn, strategies = TESTS[name]
    test = settings(max_examples=examples, deadline=None, database=database, suppress_health_check=list(HealthCheck), print_blob=True)(given(*strategies)(fn))
    if seed is not None:
        from hypothesis import seed as _seed

        test = _seed(seed)(test)
    test()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", choices=[*TESTS, "all"])
    parser.add_argument("--examples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    failed = 0
    for name in (TESTS if args.target == "all" else [args.target]):
        before = dict(T.RUNS)
        start = time.monotonic()
        try:
            run(name, args.examples, args.seed)
            verdict = "ok"
        except Exception as e:  # hypothesis has shrunk the failing input: show it and the error
            import traceback

            for one in getattr(e, "exceptions", [e]):
                traceback.print_exception(one, limit=-3)
            verdict = f"FAILED: {type(e).__name__}: {str(e)[:500]}"
            failed += 1
        ran = {k: v - before.get(k, 0) for k, v in T.RUNS.items() if v != before.get(k, 0)}
        print(f"{name}: {sum(ran.values())} inputs {ran} in {time.monotonic() - start:.0f} s: {verdict}", flush=True)
    if T.OUTCOMES:
        print("outcomes:", dict(sorted(T.OUTCOMES.items())), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
