"""`installment: text default invoice.installment`: a payment naming its invoice and no installment pays
the invoice's installment, so every rule that counts an installment's payments counts it (it counted as
paid for `invoice-paid` and as nothing paid for `joining-fee-final-2024`)."""

from __future__ import annotations

import json

from digione_rules.cli import main

INVOICES = "id,date,kind,issuer,recipient,amount,installment,due\nL1,2024-02-01,joining_fee,Tiera,Espoo,167436.00,3.3,2024-03-02\n"
PAYMENTS = "id,date,kind,payer,payee,amount,installment,invoice\n"


def _results(tmp_path, capsys, payments: str, invoices: str = INVOICES) -> dict:
    (tmp_path / "invoices.csv").write_text(invoices, encoding="utf-8")
    (tmp_path / "payments.csv").write_text(PAYMENTS + payments, encoding="utf-8")
    capsys.readouterr()
    main(["check", str(tmp_path), "--format", "json", "--as-of", "2025-01-01"])
    return {r["rule"]: r for r in json.loads(capsys.readouterr().out)["results"]}


def _parties(result: dict) -> set:
    return {f["subject"].get("party") for f in result["findings"]}


def test_a_payment_naming_its_invoice_pays_the_invoices_installment(tmp_path, capsys):
    results = _results(tmp_path, capsys, "P1,2024-02-20,joining_fee,Espoo,Tiera,167436.00,,L1\n")
    assert results["invoice-paid"]["status"] == "passed"
    assert "Espoo" not in _parties(results["joining-fee-final-2024"])  # paid during 2024
    [refund] = results["refund-trigger"]["findings"]  # and Tiera owes Vantaa its refund
    assert (refund["subject"], refund["expected"], refund["actual"]) == ({"installment": "3.3"}, "167436.00", "0.00")


def test_an_installment_written_on_the_payment_is_kept(tmp_path, capsys):
    results = _results(tmp_path, capsys, "P1,2024-02-20,joining_fee,Espoo,Tiera,167436.00,2024,L1\n")
    assert "Espoo" in _parties(results["joining-fee-final-2024"])  # paid, but as installment 2024


def test_the_same_facts_written_either_way_digest_alike(tmp_path, capsys):
    def digest(folder, payments) -> str:
        folder.mkdir()
        (folder / "invoices.csv").write_text(INVOICES, encoding="utf-8")
        (folder / "payments.csv").write_text(PAYMENTS + payments, encoding="utf-8")
        capsys.readouterr()
        main(["check", str(folder), "--format", "json", "--as-of", "2025-01-01"])
        return json.loads(capsys.readouterr().out)["facts_digest"]

    assert digest(tmp_path / "a", "P1,2024-02-20,joining_fee,Espoo,Tiera,167436.00,,L1\n") == \
        digest(tmp_path / "b", "P1,2024-02-20,joining_fee,Espoo,Tiera,167436.00,3.3,L1\n")
