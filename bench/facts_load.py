"""Benchmark the facts loader: a seeded ledger of N payment rows, loaded as CI would load it.

    python bench/facts_load.py --rows 1000000                      # generate (once) and time the load
    /usr/bin/time -v python bench/facts_load.py --only load        # peak RSS of a load alone
    python bench/facts_load.py --rows 100000 --format xlsx --only load   # the same ledger as a workbook
    python bench/facts_load.py --only pydantic                     # pydantic against plain reader loops

The ledger is the payments table of bench/ledger.py's world in its Finnish shape: Windows-1252, `;`,
`d.m.yyyy`, decimal commas with no-break-space thousands, Finnish column names and party aliases, CRLF
(bench/run.py times the whole `check` over the same world's canonical export).  Prints a bare `csv.reader` pass over the same file (the floor: decoding the file and splitting the
cells, nothing converted), the loader's time and rows per second, the digest's share, and the peak
resident memory of the process.  Times are CPU seconds of the process (`time.process_time`), steadier
than wall time on a shared machine; wall time is shown too.  Files are written under `bench/out/`
(git-ignored) by bench/ledger.py and reused when they already exist for the same seed and size.
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import time
from pathlib import Path

import ledger

ROOT = Path(__file__).resolve().parent.parent


def convert(csv_path: Path, fmt: str) -> Path:
    """The same ledger as JSON Lines or an XLSX workbook (written once, next to the CSV)."""
    out = csv_path.with_suffix("." + fmt)
    if out.exists():
        return out
    with open(csv_path, encoding="cp1252", newline="") as f:
        reader = csv.reader(f, delimiter=";")
        header = next(reader)
        rows = list(reader)
    if fmt == "jsonl":
        import json

        with open(out, "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(dict(zip(header, row)), ensure_ascii=False) + "\n")
    else:
        import openpyxl

        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet("kirjaukset")
        ws.append(header)
        for row in rows:
            ws.append(row)
        wb.save(out)
    return out


def csv_floor(path: Path) -> float:
    """A bare csv.reader pass: decode the bytes and split the cells, nothing else."""
    start = time.process_time()
    with open(path, encoding="cp1252", newline="") as f:
        for _ in csv.reader(f, delimiter=";"):
            pass
    return time.process_time() - start


def load(path: Path):
    from digione_rules.book import load_rule_book
    from digione_rules.check import check_book
    from digione_rules.diagnostics import Sink
    from digione_rules.facts.load import load_facts

    sink = Sink()
    book = check_book(load_rule_book(ROOT / "rules", sink), sink)
    start, cpu = time.perf_counter(), time.process_time()
    facts = load_facts([path], book, sink)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    if facts is None:
        for d in sink.sorted()[:10]:
            print(d.concise(), file=sys.stderr)
        raise SystemExit(2)
    return facts, elapsed, cpu


def pydantic_cost(path: Path) -> None:
    """What validating through pydantic costs over calling the same readers in a plain loop: each column's
    distinct values (what the loader validates) through its TypeAdapter, then through the bare reader."""
    from digione_rules.book import load_rule_book
    from digione_rules.check import check_book
    from digione_rules.diagnostics import Sink
    from digione_rules.facts.build import spellings
    from digione_rules.facts.convert import cell_reader
    from digione_rules.facts.mapping import Shape, header_key
    from digione_rules.facts.models import column_adapter

    sink = Sink()
    book = check_book(load_rule_book(ROOT / "rules", sink), sink)
    schema = book.facts["payments"]
    with open(path, encoding="cp1252", newline="") as f:
        reader = csv.reader(f, delimiter=";")
        header = next(reader)
        columns = list(zip(*reader))
    names = spellings(schema, Shape())
    total_pydantic = total_plain = 0.0
    for pos, cell in enumerate(header):
        col = schema.columns[names[header_key(cell)]]
        values = list(columns[pos]) if col.unique else list(set(columns[pos]))
        adapter = column_adapter(schema, book, col.name)
        read = cell_reader(col, book)
        start = time.process_time()
        adapter.validate_python(values)
        mid = time.process_time()
        [read(v) for v in values]
        end = time.process_time()
        total_pydantic += mid - start
        total_plain += end - mid
        print(f"  {col.name:12} {len(values):>9,} values: pydantic {mid - start:.3f} s, plain loop {end - mid:.3f} s")
    print(f"validation: pydantic {total_pydantic:.2f} s, the same readers in a plain loop {total_plain:.2f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=ledger.SEED)
    ap.add_argument("--format", choices=("csv", "jsonl", "xlsx"), default="csv",
                    help="load the same ledger as CSV (the export CI gets), JSON Lines or XLSX")
    ap.add_argument("--only", choices=("all", "load", "floor", "pydantic"), default="all")
    args = ap.parse_args()
    path = ledger.ensure(args.rows, args.seed, "finnish") / "payments.csv"
    if args.only in ("all", "floor"):
        floor = csv_floor(path)
        print(f"csv.reader floor: {floor:.2f} s CPU ({args.rows / floor:,.0f} rows/s)")
    if args.only in ("all", "load"):
        facts, elapsed, cpu = load(path if args.format == "csv" else convert(path, args.format))
        from digione_rules.facts.digest import digest

        start = time.process_time()
        digest(facts.tables)
        dig = time.process_time() - start
        n = facts.tables["payments"].n
        print(f"load_facts: {cpu:.2f} s CPU ({elapsed:.2f} s wall) for {n} rows ({n / cpu:,.0f} rows/s), "
              f"of which the digest {dig:.2f} s")
    if args.only == "pydantic":
        pydantic_cost(path)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:.0f} MB")


if __name__ == "__main__":
    main()
