"""Whatever bytes a facts file holds, the loader answers with facts or with its own diagnostics, never a crash."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from writers import xlsx_bytes

from digione_rules.codes import CODES
from digione_rules.diagnostics import Sink
from digione_rules.facts.load import load_facts

SUFFIXES = ["csv", "json", "jsonl", "yaml", "xlsx", "txt"]
# Text made of what exports are made of, so that the bytes get past the first checks more often.
EXPORTISH = st.text(alphabet=";,\t\n\r\"'{}[]:- .0123456789€äöÅ\u00a0idatekngpyrmouYhtesä=#", max_size=300)
HEADERS = ["id;date;kind;payer;payee;amount\n", "id,date,kind,payer,payee,amount\n", '[{"id": ', "- id: ",
           '{"payments": [{"id": "P1", "amount": ']
VALID_XLSX = xlsx_bytes(["id", "date", "kind", "payer", "payee", "amount"], [["P1", "1.3.2025", "grant", "BF",
                                                                             "Vantaa", 100.5]])


def _answer(book, name: str, data: bytes) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        (folder / name).write_bytes(data)
        sink = Sink()
        facts = load_facts([folder], book, sink)
        assert facts is not None or sink.has_errors
        assert all(d.code in CODES for d in sink.items)
        assert all(d.span is not None and d.span.line >= 1 for d in sink.items)
    finally:
        shutil.rmtree(folder)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SUFFIXES), st.binary(max_size=400))
def test_arbitrary_bytes_give_facts_or_diagnostics(book, suffix, data):
    """Random bytes under any facts file name give facts or diagnostics, nothing else."""
    _answer(book, f"payments.{suffix}", data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SUFFIXES[:4]), st.sampled_from(HEADERS), EXPORTISH, st.sampled_from(["utf-8", "cp1252"]))
def test_export_like_text_gives_facts_or_diagnostics(book, suffix, head, body, encoding):
    """Text that looks half like an export gives facts or diagnostics, nothing else."""
    _answer(book, f"payments.{suffix}", (head + body).encode(encoding, errors="replace"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(VALID_XLSX) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_damaged_workbook_gives_facts_or_diagnostics(book, changes):
    """A workbook with some bytes changed gives facts or diagnostics, nothing else."""
    data = bytearray(VALID_XLSX)
    for at, byte in changes:
        data[at] = byte
    _answer(book, "payments.xlsx", bytes(data))
