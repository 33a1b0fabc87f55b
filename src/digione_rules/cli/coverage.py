"""`digione-rules coverage`: which catalogue clauses have rules, which rules have examples, and which rules
the given facts exercised.

The catalogue is the list of clauses the rule book must encode (spec/clauses.md: 42 rule ids with their
priority), kept in the package as `catalogue.json`.  A rule is *exercised* by facts when it was
evaluated on at least one subject (`RuleResult.subjects > 0`); a rule whose fact tables were not given
is listed as not applicable, with the reason.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import click

from ..diagnostics import visible_lines
from ._common import ExitCode, SafePath, load_book, load_facts_or_exit, parse_date, print_diagnostics, rules_option, \
    today

PRIORITIES = ("P1", "P2", "P3")


def load_catalogue() -> list[dict]:
    """The catalogue's clauses in the order of spec/clauses.md: id, priority, title."""
    text = resources.files("digione_rules").joinpath("catalogue.json").read_text(encoding="utf-8")
    return json.loads(text)["clauses"]


@click.command(epilog="""\b
Examples:
  digione-rules coverage
  digione-rules coverage fixtures/clean --as-of 2025-12-31
  digione-rules coverage exports/ --format json""")
@click.argument("facts", nargs=-1, type=SafePath(path_type=Path))
@rules_option
@click.option("--as-of", "as_of", callback=parse_date, default=None, metavar="DATE",
              help="Evaluate the facts as of this day (default: today).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="Output format.")
def coverage(facts, rules_path, as_of, fmt):
    """Show which clauses have rules, which rules have examples, and which rules FACTS exercised."""
    book = load_book(rules_path)
    results = None
    errors = []
    if facts:
        from ..evaluate import evaluate

        day = as_of or today()
        report, errors = evaluate(book, load_facts_or_exit(list(facts), book), day)
        results = {r.rule: r for r in report.results}
    data = collect(book, results)
    if results is not None:
        data = {"as_of": day.isoformat(), **data}
    click.echo(visible_lines(render_json(data) if fmt == "json" else render_table(data)), nl=False)
    if errors:
        print_diagnostics(errors, book.sources)
        raise SystemExit(ExitCode.ERROR)
    raise SystemExit(ExitCode.OK)


def collect(book, results: dict | None) -> dict:
    examples: dict[str, list[str]] = {}
    for e in book.examples:
        for rule in dict.fromkeys([*e.rules, *(x.rule for x in e.expects)]):
            examples.setdefault(rule, []).append(e.id)

    def entry(rule_id: str) -> dict:
        out: dict = {"rule": rule_id in book.rules, "examples": examples.get(rule_id, [])}
        if results is not None and rule_id in results:
            out["facts"] = _exercised(results[rule_id])
        return out

    catalogue = load_catalogue()
    ids = {c["id"] for c in catalogue}
    clauses = [{**c, **entry(c["id"])} for c in catalogue]
    extra = [{"id": r, "title": info.decl.title, **entry(r)} for r, info in book.rules.items() if r not in ids]
    summary: dict = {p: {"clauses": sum(c["priority"] == p for c in clauses),
                         "with_rules": sum(c["priority"] == p and c["rule"] for c in clauses)} for p in PRIORITIES}
    summary["rules"] = len(book.rules)
    summary["rules_with_examples"] = sum(1 for r in book.rules if examples.get(r))
    if results is not None:
        summary["rules_exercised"] = sum(1 for r in results.values() if r.subjects > 0)
    return {"clauses": clauses, "extra_rules": extra, "summary": summary}


def _exercised(result) -> dict:
    if result.status == "not_applicable":
        return {"status": "not_applicable", "subjects": 0, "reason": result.reason}
    return {"status": "exercised" if result.subjects > 0 else "not_exercised", "subjects": result.subjects}


def render_json(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_table(data: dict) -> str:
    from tabulate import tabulate

    with_facts = "as_of" in data
    rows = [_row(c, c["priority"], with_facts) for c in data["clauses"]]
    rows += [_row(c, "–", with_facts) for c in data["extra_rules"]]
    headers = ["clause", "priority", "rule", "examples"] + (["facts"] if with_facts else [])
    out = [tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True), ""]
    if data["extra_rules"]:
        out.append("not in the catalogue: " + ", ".join(c["id"] for c in data["extra_rules"]))
    s = data["summary"]
    out.append("clauses with rules: " + "; ".join(f"{p} {s[p]['with_rules']} of {s[p]['clauses']}"
                                                  for p in PRIORITIES))
    out.append(f"rules with examples: {s['rules_with_examples']} of {s['rules']}")
    if with_facts:
        out.append(f"rules the facts exercised as of {data['as_of']}: {s['rules_exercised']} of {s['rules']}")
    return "\n".join(out) + "\n"


def _row(c: dict, priority: str, with_facts: bool) -> list[str]:
    row = [c["id"], priority, "yes" if c["rule"] else "–", str(len(c["examples"])) if c["examples"] else "–"]
    if with_facts:
        f = c.get("facts")
        if f is None:
            row.append("–")
        elif f["status"] == "not_applicable":
            row.append(f"not applicable: {f['reason']}")
        elif f["status"] == "exercised":
            row.append(f"exercised ({f['subjects']} subject{'s' if f['subjects'] != 1 else ''})")
        else:
            row.append("not exercised (no subject)")
    return row
