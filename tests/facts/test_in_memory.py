"""The in-memory entry points (rule-book examples, tests): rows given as (line, cells), errors to a sink."""

from __future__ import annotations

from digione_rules.diagnostics import Sink
from digione_rules.facts.load import RawTable, build_table, check_references, check_required_when, digest
from digione_rules.facts.table import FactSet


def test_rows_in_memory_build_a_table(book):
    """Rows held in memory build a table located by their lines, its cells by number."""
    sink = Sink()
    raw = RawTable("payments", "rules/main.rules", ["id", "date", "kind", "payer", "payee", "amount"],
                   [(12, ["P1", "1.3.2025", "grant", "BF", "Vantaa", "1 300 000 €"]),
                    (13, ["P2", "2.3.2025", "grant", "BF", "Vantaa", "-1 €"])], header_line=11)
    assert build_table(raw, book, sink) is None
    assert [d.concise() for d in sink.sorted()] == [
        "rules/main.rules:13:6: error[F405 bad-value]: payments.amount: found `-1 €`, expected a positive amount"]


def test_references_and_conditions_in_memory(book):
    """References and `required when` are checked across tables held in memory, errors to the sink."""
    sink = Sink()
    events = build_table(RawTable("events", "ex.rules", ["id", "date", "type", "body", "subject", "ref"],
                                  [(3, ["E1", "1.2.2025", "decision", "", "release_installment", "M1"])]), book, sink)
    votes = build_table(RawTable("votes", "ex.rules", ["decision", "voter", "vote"], [(6, ["E1", "Espoo", "jaa"])]),
                        book, sink)
    tables = {"events": events, "votes": votes}
    check_references(tables, sink)
    check_required_when(tables, book, sink)
    assert [d.concise() for d in sink.sorted()] == [
        "ex.rules:3:4: error[F406 missing-value]: events.body: found an empty cell, expected a value when "
        "`type in [decision, procurement, report]`"]
    assert FactSet(tables, digest(tables)).digest.startswith("sha256:")
    assert votes.columns["vote"] == ["for"]
