"""The JSON report against its schema, and the SARIF report against the official SARIF 2.1.0 schema."""

from __future__ import annotations

import hashlib
import json

import jsonschema
import pytest

from digione_rules.report import render
from digione_rules.report.schema import schema_text

from .helpers import ROOT, odd_report, run

REPORT_SCHEMA = ROOT / "schemas" / "report.schema.json"
SARIF_SCHEMA = ROOT / "schemas" / "sarif-schema-2.1.0.json"
SARIF_SHA256 = "ddddcccbf95c7c50c037b5b07eff4140556278ca574ff374db46786b5fce7949"


def _reports():
    return {"sample": run("facts", "2025-06-30"), "clean": run("clean", "2025-06-30"),
            "early": run("facts", "2025-01-31"), "no-line": odd_report()}


@pytest.fixture(scope="module")
def reports():
    return _reports()


def _validator(path, cls):
    schema = json.loads(path.read_text(encoding="utf-8"))
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_report_schema_is_up_to_date():
    """schemas/report.schema.json is exactly what `python -m digione_rules.report.schema` writes."""
    assert REPORT_SCHEMA.read_text(encoding="utf-8") == schema_text(), \
        "regenerate: python -m digione_rules.report.schema > schemas/report.schema.json"


@pytest.mark.parametrize("explain", [False, True], ids=["plain", "explain"])
@pytest.mark.parametrize("case", ["sample", "clean", "early", "no-line"])
def test_json_report_validates(reports, case, explain):
    """Every JSON report, with and without --explain, is valid against the report schema."""
    validator = _validator(REPORT_SCHEMA, jsonschema.Draft202012Validator)
    doc = json.loads(render(reports[case], "json", explain=explain))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)]
    assert not errors


def test_report_schema_rejects_unknown_and_missing_keys(reports):
    """The schema names the required keys and forbids keys the report does not have."""
    validator = _validator(REPORT_SCHEMA, jsonschema.Draft202012Validator)
    doc = json.loads(render(reports["sample"], "json"))
    finding = doc["results"][2]["findings"][0]
    finding["extra"] = 1
    del doc["results"][2]["status"]
    messages = " ".join(e.message for e in validator.iter_errors(doc))
    assert "'extra'" in messages and "'status' is a required property" in messages


def test_report_schema_lists_the_spec_keys():
    """The schema requires the top-level keys the spec's JSON report shows."""
    schema = json.loads(REPORT_SCHEMA.read_text(encoding="utf-8"))
    assert {"tool", "as_of", "rules_digest", "facts_digest", "summary", "results"} <= set(schema["required"])
    finding = schema["$defs"]["Finding"]
    assert set(finding["required"]) == {"severity", "message", "subject", "expected", "actual", "evidence"}


def test_vendored_sarif_schema_is_the_official_file():
    """The vendored SARIF schema has the sha256 recorded in schemas/README.md."""
    data = SARIF_SCHEMA.read_bytes()
    assert hashlib.sha256(data).hexdigest() == SARIF_SHA256
    assert SARIF_SHA256 in (ROOT / "schemas" / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", ["sample", "clean", "early", "no-line"])
def test_sarif_validates_against_official_schema(reports, case):
    """Every SARIF report is valid against the official SARIF 2.1.0 schema."""
    validator = _validator(SARIF_SCHEMA, jsonschema.Draft4Validator)
    doc = json.loads(render(reports[case], "sarif", explain=True))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)]
    assert not errors


def test_sarif_results_sit_at_evidence_rows(reports):
    """A SARIF result is located at its first evidence row: the facts file and the row's line."""
    doc = json.loads(render(reports["sample"], "sarif"))
    run_ = doc["runs"][0]
    (payee,) = [r for r in run_["results"] if r["ruleId"] == "tiera-payee"]
    location = payee["locations"][0]["physicalLocation"]
    assert location == {"artifactLocation": {"uri": "facts/payments.csv"}, "region": {"startLine": 7}}
    assert payee["level"] == "error" and payee["kind"] == "fail"
    assert [r["id"] for r in run_["tool"]["driver"]["rules"]] == sorted(r.rule for r in reports["sample"].results)
    assert run_["tool"]["driver"]["rules"][payee["ruleIndex"]]["id"] == "tiera-payee"


def test_sarif_levels_and_kinds(reports):
    """Severities map to SARIF levels; pending is kind open and not applicable kind notApplicable."""
    results = json.loads(render(reports["sample"], "sarif"))["runs"][0]["results"]
    seen = {(r["ruleId"], r["kind"], r["level"]) for r in results}
    assert ("payment-notes", "fail", "note") in seen
    assert ("invoice-paid", "fail", "warning") in seen
    assert ("invoice-paid", "open", "none") in seen
    assert ("invoice-decided", "notApplicable", "none") in seen
    assert not any(r["ruleId"] == "grant-cap" for r in results)


def test_sarif_has_no_region_without_a_line():
    """Evidence without a line gives a location with the file and no region."""
    results = json.loads(render(odd_report(), "sarif"))["runs"][0]["results"]
    physical = results[0]["locations"][0]["physicalLocation"]
    assert physical == {"artifactLocation": {"uri": "exports/ledger.json"}}
    assert results[1]["suppressions"][0]["kind"] == "external"


def test_sarif_uris_are_uri_references():
    """File names become URI references: spaces escaped, Windows paths and absolute paths as file URIs."""
    from digione_rules.report.sarif_format import file_uri

    assert file_uri("facts/payments.csv") == "facts/payments.csv"
    assert file_uri("exports/Laskut 2025.xlsx") == "exports/Laskut%202025.xlsx"
    assert file_uri("/data/Jyväskylä.csv") == "file:///data/Jyv%C3%A4skyl%C3%A4.csv"
    assert file_uri("C:\\exports\\x.csv") == "file:///C:/exports/x.csv"
    assert file_uri("sub\\x.csv") == "sub/x.csv"


def test_sarif_message_brackets_are_escaped():
    """Square brackets in a message are escaped so a ledger note cannot form an embedded link."""
    from digione_rules.report.sarif_format import _text

    assert _text("see [here](1) \\ ok") == "see \\[here\\](1) \\\\ ok"
