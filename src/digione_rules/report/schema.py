"""The JSON Schema of the JSON report, generated with pydantic's TypeAdapter.

The report's dataclasses (model.py) hold more than the JSON shows (obligations, quotes, the computation
behind each finding) and `to_dict` writes a shape of its own (`tool` as an object, optional keys left
out when empty), so TypeAdapter over the dataclasses would describe the wrong thing.  The typed dicts
below are that shape, key for key: `NotRequired` where `to_dict` leaves a key out, `None` where it writes
null, and no other keys (`additionalProperties: false`).  The tests check every report they render
against the schema, and that `schemas/report.schema.json` is what this module writes:

    python -m digione_rules.report.schema > schemas/report.schema.json
"""

from __future__ import annotations

import json
from typing import Annotated, Literal, Optional, Union

from pydantic import ConfigDict, Field, TypeAdapter, with_config
from typing_extensions import NotRequired, TypedDict

SCHEMA_ID = "https://digione-rules.invalid/schemas/report.schema.json"

Severity = Literal["error", "warning", "info"]
Status = Literal["passed", "violated", "pending", "not_applicable"]
Count = Annotated[int, Field(ge=0)]
IsoDate = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="an ISO date, 2025-06-30")]
Digest = Annotated[str, Field(pattern=r"^sha256:[0-9a-f]{64}$")]
Subject = Annotated[dict[str, Union[str, int]], Field(
    description="what the finding is about, by the keys the rule groups by (party, installment, invoice…); "
                "names and ids as text, years and counts as integers")]
Plain = Annotated[Optional[str], Field(
    description="a value written plainly: money with two decimals and `.` (1250000.00), dates ISO, counts as "
                "integers; `missing` when the facts do not hold it (a decision not recorded, an empty cell of a "
                "`facts-readable` finding, which joins with `; ` what each error of a row found and expected)")]
_STRICT = ConfigDict(extra="forbid")


@with_config(_STRICT)
class Tool(TypedDict):
    name: Literal["digione-rules"]
    version: str


@with_config(_STRICT)
class Summary(TypedDict):
    """How many rules have each status, and how many findings of each kind."""
    rules: Count
    passed: Count
    violated: Count
    pending: Count
    not_applicable: Count
    violations: Annotated[int, Field(ge=0, description="findings of severity error, not waived")]
    warnings: Annotated[int, Field(ge=0, description="findings of severity warning, not waived")]
    waived: NotRequired[Annotated[int, Field(ge=1, description="waived findings; left out when none")]]


@with_config(_STRICT)
class Evidence(TypedDict):
    """A row a finding rests on, where the user's file has it."""
    table: str
    file: Annotated[str, Field(description="the facts file as the user named it")]
    sheet: NotRequired[Annotated[str, Field(description="the worksheet, for a spreadsheet")]]
    line: Annotated[Optional[int], Field(ge=1, description="the row's line (CSV), row (XLSX) or item number (JSON); "
                                                           "null when the source has none")]
    id: NotRequired[Annotated[str, Field(description="the row's id, when its table has one")]]


@with_config(_STRICT)
class Waived(TypedDict):
    justification: str
    decision: str
    expires: IsoDate
    file: str
    line: Annotated[int, Field(ge=1)]


@with_config(_STRICT)
class Computation(TypedDict):
    """Only with `check --explain`: the condition that did not hold and the values in scope."""
    condition: str
    values: Annotated[dict[str, str], Field(description="each name in scope and its value, written for people")]


@with_config(_STRICT)
class Finding(TypedDict):
    severity: Severity
    message: str
    subject: Subject
    expected: Plain
    actual: Plain
    evidence: list[Evidence]
    evidence_omitted: NotRequired[Annotated[int, Field(ge=1, description="rows left out of `evidence`")]]
    waived: NotRequired[Waived]
    computation: NotRequired[Computation]


@with_config(_STRICT)
class Pending(TypedDict):
    """An obligation not yet due (or with no due date yet)."""
    message: str
    subject: Subject
    due: Optional[IsoDate]
    expected: Plain
    actual: Plain
    evidence: list[Evidence]


@with_config(_STRICT)
class Result(TypedDict):
    rule: str
    title: str
    source: Annotated[str, Field(description="the citation: document and section")]
    severity: Severity
    status: Status
    reason: NotRequired[Annotated[str, Field(description="why the rule could not be judged, or was judged on some of its tables only")]]
    findings: list[Finding]
    pending: NotRequired[list[Pending]]


@with_config(_STRICT)
class Upcoming(TypedDict):
    """A pending obligation falling due within the horizon."""
    rule: str
    due: IsoDate
    message: str
    subject: Subject


@with_config(_STRICT)
class Input(TypedDict):
    table: str
    file: str
    rows: Count
    sha256: Annotated[str, Field(pattern=r"^([0-9a-f]{64})?$", description="the file's sha256, hex")]


@with_config(_STRICT)
class Report(TypedDict):
    """The report of `digione-rules check --format json` (spec/cli.md)."""
    tool: Tool
    as_of: IsoDate
    rules_digest: Digest
    facts_digest: Digest
    summary: Summary
    results: list[Result]
    upcoming: list[Upcoming]
    horizon_days: Count
    inputs: list[Input]
    notes: NotRequired[list[str]]


def report_schema() -> dict:
    schema = TypeAdapter(Report).json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
            "title": "digione-rules JSON report", **{k: v for k, v in schema.items() if k != "title"}}


def schema_text() -> str:
    return json.dumps(report_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(schema_text())
