"""The audit report in Markdown: a document an auditor can file with the exports it judged.

Layout (the spec leaves it to us):

1. the title and the run: as-of date, tool version, rules and facts digests; the notes;
2. **Summary**: rules by status, then findings by severity, then every rule in one table;
3. **Findings and pending obligations, rule by rule**: per rule with either (rule-id order), its citation and
   quote, then each finding: severity, subject, message, expected and actual, evidence rows, the
   waiver if any, and with `--explain` the computation;
4. **Reconciliation**: for every rule that judged money obligations, per party (the subject's
   `party`, or "all"), what was owed and paid per installment (or invoice…), the balance, the due date
   and the state, with totals;
5. **Pending obligations**: those due within the horizon first, then the later and undated ones;
6. **Not applicable**: each rule that could not be judged and why;
7. **Inputs**: each facts file with its table, rows and sha256, and the two digests.

All text from the facts (ids, notes, names) goes through `md()`: it can neither break a table nor
become a link, emphasis or HTML.
"""

from __future__ import annotations

from decimal import Decimal

from ._common import STATUS_WORDS, by_subject, counts_text, evidence_of, human_date, md, money, \
    obligations_by_party, ordered, pending_rows, plural, row_text, subject_text, visible, where_text
from .model import Finding, Pending, Report, RuleResult


def render(report: Report, color: bool = False, explain: bool = False, strict: bool = False) -> str:
    parts = [_head(report), _summary(report), _findings(report, explain), _reconciliation(report),
             _pending(report), _not_applicable(report), _inputs(report)]
    return "\n".join(p for p in parts if p).rstrip("\n") + "\n"


def _table(headers: list[str], rows: list[list[str]], align: str = "") -> str:
    """A GitHub-flavoured table; `align` has one letter per column, `r` for right-aligned numbers."""
    marks = ["---:" if (align[i:i + 1] == "r") else "---" for i in range(len(headers))]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _head(report: Report) -> str:
    out = [f"# DigiOne compliance report as of {human_date(report.as_of)}", "",
           _table(["", ""], [["As of", report.as_of], ["Tool", f"digione-rules {md(report.version)}"],
                             ["Rules digest", f"`{report.rules_digest}`"],
                             ["Facts digest", f"`{report.facts_digest}`"]])]
    if report.notes:
        out += ["**Notes**", ""] + [f"- {md(n)}" for n in report.notes] + [""]
    return "\n".join(out)


def _summary(report: Report) -> str:
    s = report.summary
    by_status = [["passed", str(s.passed)], ["violated", str(s.violated)], ["pending", str(s.pending)],
                 ["not applicable", str(s.not_applicable)], ["**total**", f"**{s.rules}**"]]
    by_severity = [["violations (error)", str(s.violations)], ["warnings", str(s.warnings)]]
    infos = sum(1 for r in report.results for f in r.findings if f.severity == "info" and f.waived is None)
    by_severity.append(["notes (info)", str(infos)])
    if s.waived:
        by_severity.append(["waived", str(s.waived)])
    rules = [[f"`{r.rule}`", md(r.title), md(r.source), _status(r.status), str(len(r.findings)), str(len(r.pending))]
             for r in ordered(report)]
    return "\n".join([
        "## Summary", "", md(counts_text(report)) + ".", "",
        _table(["Rules", "Count"], by_status, "lr"),
        _table(["Findings", "Count"], by_severity, "lr"),
        _table(["Rule", "Title", "Source", "Status", "Findings", "Pending"], rules, "llllrr"),
    ])


def _status(status: str) -> str:
    word = STATUS_WORDS[status]
    return f"**{word}**" if status == "violated" else word


def _findings(report: Report, explain: bool) -> str:
    out = ["## Findings and pending obligations, rule by rule", ""]
    shown = [r for r in ordered(report) if r.findings or r.pending]
    if not shown:
        out += ["No rule has a finding or a pending obligation.", ""]
    for r in shown:
        out += _rule_head(r)
        n = 0
        for _, findings, pending in by_subject(r):
            for f in findings:
                n += 1
                out += _finding(n, f, explain)
            for p in pending:
                n += 1
                out += _pending_item(n, p)
    return "\n".join(out)


def _rule_head(r: RuleResult) -> list[str]:
    out = [f"### `{r.rule}`: {md(r.title)}", "",
           f"Source: {md(r.source)} · severity {r.severity} · status {_status(r.status)}", ""]
    if r.quote:
        out += [f"> {md(r.quote)}", ""]
    if r.interpretation:
        out += [f"Interpretation: {md(r.interpretation)}", ""]
    if r.reason and r.status != "not_applicable":  # judged on some of its tables only
        out += [f"Note: {md(r.reason)}.", ""]
    return out


def _finding(n: int, f: Finding, explain: bool) -> list[str]:
    out = [f"{n}. **{f.severity}** · {md(subject_text(f.subject))}: {md(f.message)}"]
    if f.expected is not None or f.actual is not None:
        out.append(f"   - expected `{_code(f.expected)}`, actual `{_code(f.actual)}`")
    out += _evidence(f.evidence, f.evidence_omitted)
    if f.waived is not None:
        w = f.waived
        out.append(f"   - waived: {md(w.justification)} ({md(w.decision)}, until {human_date(w.expires)}; "
                   f"{md(w.file)}:{w.line})")
    if explain and (f.condition or f.values):
        out.append(f"   - computation: required {md(f.condition)}" if f.condition else "   - computation:")
        out += [f"     - {md(name)} = {md(value)}" for name, value in f.values]
    return out + [""]


def _pending_item(n: int, p: Pending) -> list[str]:
    due = f"due {human_date(p.due)}" if p.due else "no due date yet"
    out = [f"{n}. **pending** ({due}) · {md(subject_text(p.subject))}: {md(p.message)}"]
    if p.expected is not None or p.actual is not None:
        out.append(f"   - owed `{_code(p.expected)}`, paid `{_code(p.actual)}`")
    return out + _evidence(p.evidence, 0) + [""]


def _evidence(items, omitted: int) -> list[str]:
    rows = [f"{md(where_text(e))} ({md(row_text(e))})" for e in evidence_of(items)]
    if omitted:
        rows.append(f"and {plural(omitted, 'more row')}")
    return [f"   - evidence: {'; '.join(rows)}"] if rows else []


def _code(value: str | None) -> str:
    """Expected and actual values in a code span: plain machine values; backticks cannot end it, and
    controls and line breaks are written out."""
    return "–" if value is None else visible(value.replace("`", "'").replace("|", "\\|"))


def _reconciliation(report: Report) -> str:
    rules = [r for r in ordered(report) if r.obligations]
    if not rules:
        return ""
    out = ["## Reconciliation", "", "What each party owed and paid, per obligation, as of "
           f"{human_date(report.as_of)}. Balance is owed minus paid.", ""]
    for r in rules:
        out += [f"### `{r.rule}`: {md(r.title)}", ""]
        for party, records in obligations_by_party(r):
            keys = [k for k in records[0].subject if k != "party"]
            rows, owed, paid = [], Decimal(0), Decimal(0)
            for o in records:
                owed += Decimal(o.owed)
                paid += Decimal(o.paid)
                what = ", ".join(md(str(o.subject[k])) for k in keys if k in o.subject) or "–"
                rows.append([what, human_date(o.due), money(o.owed), money(o.paid),
                             money(str(Decimal(o.owed) - Decimal(o.paid))), o.state])
            rows.append(["**total**", "", f"**{money(str(owed))}**", f"**{money(str(paid))}**",
                         f"**{money(str(owed - paid))}**", ""])
            out += [f"#### {md(party)}", "",
                    _table([md(", ".join(keys)) or "obligation", "Due", "Owed", "Paid", "Balance", "State"],
                           rows, "llrrrl")]
    return "\n".join(out)


def _pending(report: Report) -> str:
    soon, later = pending_rows(report)
    if not soon and not later:
        return ""
    out = ["## Pending obligations", ""]
    for title, rows in ((f"Due within {report.horizon_days} days", soon), ("Due later or undated", later)):
        if not rows:
            continue
        out += [f"### {title}", "",
                _table(["Due", "Rule", "Subject", "What"],
                       [[human_date(p.due) if p.due else "no due date yet", f"`{rule}`",
                         md(subject_text(p.subject)), md(p.message)] for rule, p in rows])]
    return "\n".join(out)


def _not_applicable(report: Report) -> str:
    rows = [[f"`{r.rule}`", md(r.title), md(r.reason or "not given")]
            for r in ordered(report) if r.status == "not_applicable"]
    if not rows:
        return ""
    return "\n".join(["## Not applicable", "", "Rules that could not be judged on these facts, and why.", "",
                      _table(["Rule", "Title", "Why"], rows)])


def _inputs(report: Report) -> str:
    rows = [[md(i.file), md(i.table), str(i.rows), f"`{i.sha256}`" if i.sha256 else "–"]
            for i in sorted(report.inputs, key=lambda i: (i.file, i.table))]
    out = ["## Inputs", "", f"- Rules digest: `{report.rules_digest}`",
           f"- Facts digest: `{report.facts_digest}` (the facts' content, whatever their format or row order)", ""]
    if rows:
        out.append(_table(["File", "Table", "Rows", "sha256"], rows, "llrl"))
    else:
        out += ["No facts files.", ""]
    return "\n".join(out)
