"""The atheris (libFuzzer) front end: coverage-guided, raw bytes in, the same targets as hypothesis.

    pip install atheris                     # optional: a dev tool, not a dependency of the package
    python fuzz/atheris_fuzz.py TARGET [libFuzzer options] [CORPUS_DIR ...]
    python fuzz/atheris_fuzz.py csv -max_total_time=600 -rss_limit_mb=4096 -timeout=30 fuzz/corpus/csv

TARGET is one of rules, literals, csv, json, jsonl, yaml, xlsx, mapping, waivers, pipeline.  libFuzzer
prints `#N` (inputs run) as it goes and `Done N runs` at the end; a crash, a timeout or an out-of-memory
input is written to `crash-…`/`timeout-…`/`oom-…` and can be replayed with `python fuzz/atheris_fuzz.py
TARGET crash-…`.  See fuzz/README.md.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DIGIONE_RULES_CACHE", "off")

import atheris  # noqa: E402

with atheris.instrument_imports(include=["digione_rules"]):
    import digione_rules  # noqa: F401
    import digione_rules.book  # noqa: F401
    import digione_rules.check  # noqa: F401
    import digione_rules.cli  # noqa: F401
    import digione_rules.evaluate  # noqa: F401
    import digione_rules.facts.load  # noqa: F401
    import digione_rules.fmt  # noqa: F401
    import digione_rules.literals  # noqa: F401
    import digione_rules.report  # noqa: F401
    import digione_rules.waivers  # noqa: F401

from fuzz import targets as T  # noqa: E402
from fuzz.gen import BytesChooser, facts_rows, rule_book  # noqa: E402

HEADER_ROW = ["id", "date", "kind", "payer", "payee", "amount", "note"]


def _rules(data: bytes) -> None:
    T.rule_file(data)


def _literals(data: bytes) -> None:
    T.literal(data.decode("utf-8", "replace"))


def _facts(suffix: str):
    def run(data: bytes) -> None:
        fdp = atheris.FuzzedDataProvider(data)
        keep_going = fdp.ConsumeBool()
        T.facts_files({f"payments.{suffix}": fdp.ConsumeBytes(fdp.remaining_bytes())}, keep_going, target=suffix)
    return run


def _xlsx(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    keep_going = fdp.ConsumeBool()
    name = fdp.PickValueInList(["payments", "kirjaukset", "Sheet1", "invoices"])
    if fdp.ConsumeBool():  # a sheet's XML as the bytes say
        sheet = T.SHEET_HEAD + fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes()) + T.SHEET_TAIL
    else:  # rows of cells under the canonical header
        rows = [HEADER_ROW]
        for _ in range(fdp.ConsumeIntInRange(0, 6)):
            row = []
            for _ in range(fdp.ConsumeIntInRange(0, 9)):
                kind = fdp.ConsumeIntInRange(0, 4)
                if kind == 0:
                    row.append(fdp.ConsumeUnicodeNoSurrogates(12))
                elif kind == 1:
                    row.append(fdp.ConsumeRegularFloat())
                elif kind == 2:
                    row.append(fdp.ConsumeInt(4))
                elif kind == 3:
                    row.append(("f", fdp.ConsumeUnicodeNoSurrogates(8), fdp.PickValueInList([None, 1, "x"])))
                else:
                    row.append(None)
            rows.append(row)
        sheet = T.sheet_xml(rows)
    T.facts_files({"payments.xlsx": T.workbook({name: sheet})}, keep_going, target="xlsx")


def _mapping(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    name = fdp.PickValueInList(["m.toml", "m.yaml"])
    mapping = fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 400))
    export = b"id;date;kind;payer;payee;amount\n" + fdp.ConsumeBytes(fdp.remaining_bytes())
    T.facts_files({"export.csv": export}, False, {name: mapping}, target="mapping")


def _waivers(data: bytes) -> None:
    T.waivers_file(data)


def _pipeline(data: bytes) -> None:
    c = BytesChooser(data)
    book = rule_book(c)
    rows = facts_rows(c)
    as_of = c.choice(["2024-01-01", "2025-06-30", "2029-12-31", "1900-01-01", "9999-12-31"])
    fmt = c.choice(["text", "json", "junit", "sarif", "github", "markdown"])
    T.pipeline(book, rows, as_of, fmt)


TARGETS = {
    "rules": _rules, "literals": _literals, "csv": _facts("csv"), "json": _facts("json"),
    "jsonl": _facts("jsonl"), "yaml": _facts("yaml"), "xlsx": _xlsx, "mapping": _mapping, "waivers": _waivers,
    "pipeline": _pipeline,
}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: {sys.argv[0]} TARGET [libFuzzer options] [CORPUS ...]; TARGET is one of {', '.join(TARGETS)}")
    target = TARGETS[sys.argv[1]]
    T.packaged_book()  # load once, outside the measured inputs
    atheris.Setup([sys.argv[0], *sys.argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
