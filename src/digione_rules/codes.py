"""Every diagnostic code, its slug and what it means (mypy's errorcodes.py).

Codes are grouped by phase: S1xx syntax, T2xx names, types and units, L3xx lint, F4xx facts,
R5xx evaluation, C6xx command line and configuration.  A code never changes meaning once released.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    slug: str
    description: str


_CODES = [
    # syntax
    Code("S101", "unexpected-token", "a token the grammar cannot take here"),
    Code("S102", "unexpected-character", "a character no token begins with"),
    Code("S103", "unexpected-end", "the file ends inside a declaration or expression"),
    Code("S104", "bad-indentation", "a line is indented to a level that does not match an open block"),
    Code("S105", "unbalanced-bracket", "a closing bracket without its opening one"),
    Code("S106", "bad-literal", "a money, percent, date or duration literal that cannot be read"),
    Code("S107", "bad-table-row", "a table row whose cells do not match the table's header"),
    Code("S108", "bad-encoding", "a rule file that is not UTF-8 text"),
    Code("S109", "too-deep", "an expression nested deeper than the parser allows"),
    Code("S110", "file-too-large", "a rule file larger than the rule book allows"),
    Code("S111", "bad-message", "a message whose {placeholders} cannot be read"),
    Code("S112", "duplicate-clause", "a clause given twice where it can be given once"),
    # names, types and units
    Code("T201", "unknown-name", "a name that is not declared"),
    Code("T202", "duplicate-name", "a name or rule id declared twice"),
    Code("T203", "type-mismatch", "a value of one type where another is needed"),
    Code("T204", "bad-operands", "an operator applied to types it is not defined for"),
    Code("T205", "unknown-type", "a type name that is not declared"),
    Code("T206", "unknown-column", "a column that the table does not have"),
    Code("T207", "bad-call", "a function called with the wrong number or kind of arguments"),
    Code("T208", "not-constant", "a parameter or table value that depends on facts"),
    Code("T209", "bad-table", "a table whose rows or columns do not match its declared keys"),
    Code("T210", "include-escapes", "an include that points outside the rule book"),
    Code("T211", "include-missing", "an include of a file that does not exist"),
    Code("T212", "include-cycle", "a file that includes itself, directly or not"),
    Code("T213", "missing-citation", "a rule, parameter or table without a source"),
    Code("T214", "bad-obligation", "an obligation without a due date or a way to be met"),
    Code("T215", "maybe-missing", "an optional value used where a value is needed"),
    Code("T216", "bad-example", "an example that names unknown rules, tables or columns"),
    Code("T217", "bad-history", "a parameter history whose dates are not increasing"),
    Code("T218", "bad-business-id", "a business id (y-tunnus) whose check digit is wrong"),
    Code("T219", "cyclic-parameter", "parameters whose values depend on each other in a circle"),
    Code("T220", "missing-severity", "a rule without a severity"),
    Code("T221", "bad-scope", "a construct used where it cannot be"),
    # lint
    Code("L301", "unused-parameter", "a parameter or table that no rule reads"),
    Code("L302", "shadowed-name", "a column name that hides a variable of the same name"),
    Code("L303", "missing-quote", "a rule without the source text it rests on"),
    Code("L304", "contract-inconsistency", "a consistency check of the contract's own figures that fails"),
    Code("L305", "known-inconsistency", "a known inconsistency of the sources, and how the rule book treats it"),
    Code("L306", "interpretation", "a point the contract leaves open, decided by the rule book"),
    Code("L307", "unused-variable", "a let-binding that nothing reads"),
    Code("L308", "no-example", "a rule without an example"),
    Code("L309", "consistency-holds", "a consistency check of the contract's own figures that holds"),
    # facts
    Code("F401", "unreadable-file", "a facts file that cannot be opened or decoded"),
    Code("F402", "ambiguous-format", "a file whose delimiter, encoding or sheet cannot be told apart"),
    Code("F403", "missing-column", "a required column that the file does not have"),
    Code("F404", "unknown-column", "a column that the table does not declare"),
    Code("F405", "bad-value", "a cell that cannot be read as its column's type"),
    Code("F406", "missing-value", "an empty cell in a required column"),
    Code("F407", "duplicate-id", "an id that occurs twice in a table"),
    Code("F408", "dangling-reference", "a reference to a row that does not exist"),
    Code("F409", "unknown-table", "a file or key that names no declared table"),
    Code("F410", "empty-file", "a facts file with nothing in it"),
    Code("F411", "empty-table", "a table with a header and no rows"),
    Code("F412", "bad-row", "a row with more or fewer cells than the header"),
    Code("F413", "bad-mapping", "a mapping file that cannot be used"),
    Code("F414", "duplicate-table", "a table given by more than one file"),
    Code("F415", "too-large", "an input beyond the tool's bounds"),
    Code("F416", "totals-row", "a row that looks like a totals row"),
    Code("F417", "skipped-rows", "rows a mapping file leaves out, counted"),
    # evaluation
    Code("R501", "evaluation-error", "an expression that could not be evaluated on these facts"),
    Code("R502", "division-by-zero", "a division by zero"),
    Code("R503", "missing-lookup", "a table lookup with a key the table does not have"),
    Code("R504", "no-value-in-force", "a parameter with no value in force on the as-of date"),
    Code("R505", "waiver-expired", "a waiver past its expiry date"),
    Code("R506", "waiver-dangling", "a waiver whose decision or rule does not exist"),
    Code("R507", "bad-waiver", "a waivers file that cannot be used"),
    # command line
    Code("C601", "bad-usage", "a command-line argument that cannot be used"),
    Code("C602", "no-rule-book", "a rule book path that does not exist"),
    Code("C603", "unknown-rule", "a rule id given on the command line that the rule book lacks"),
    Code("C604", "unknown-example", "an example id given on the command line that the rule book lacks"),
    Code("C605", "unsafe-format", "formatted text that would not mean what the original meant"),
]

CODES: dict[str, Code] = {c.code: c for c in _CODES}
BY_SLUG: dict[str, Code] = {c.slug: c for c in _CODES}


def lookup(code: str) -> Code:
    return CODES[code]
