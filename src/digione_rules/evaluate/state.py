"""What a rule has judged while it runs: the subject in hand, its findings and pending items, the subjects
judged and the money obligations reconciled.

Rows a loop judged in bulk (batch.py) are kept as blocks, a loop's subject template and the rows' subject
values, rather than as a tuple per row; they are counted, and their obligation records written, when the
rule ends or the records are read, with the results the row-by-row way gives.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from operator import and_, not_
from itertools import compress
from typing import Any

from .. import types as T
from ..check.model import RuleInfo
from ..report.model import Finding, ObligationRecord, Pending
from .values import Row, Sel, plain


class Template:
    """The subject of a loop's rows: the enclosing loops' keys around the loop's own `key`, in the dict's
    order (`before`, `after`, for records) and in key order (`sorted_before`, `sorted_after`, as `mark`
    writes a subject)."""

    __slots__ = ("key", "before", "after", "sorted_before", "sorted_after")

    def __init__(self, subject: dict, key: str):
        items = list(subject.items())
        at = [k for k, _ in items].index(key) if key in subject else len(items)  # a new key goes at the end
        self.key, self.before, self.after = key, tuple(items[:at]), tuple(items[at + 1:])
        ordered = sorted(items[:at] + items[at + 1:])  # by key: keys are unique
        cut = sum(1 for k, _ in ordered if k < key)
        self.sorted_before, self.sorted_after = tuple(ordered[:cut]), tuple(ordered[cut:])

    def items(self, value: Any) -> tuple:
        return self.before + ((self.key, value),) + self.after

    def marked(self, value: Any) -> tuple:
        return self.sorted_before + ((self.key, value),) + self.sorted_after


class RuleState:
    def __init__(self, rule: RuleInfo):
        self.rule = rule
        self.subject: dict[str, Any] = {}
        self.subject_rows: list[Row] = []
        self.findings: list[Finding] = []
        self.pending: list[Pending] = []
        # (subject items, (owed, paid, due, state)) per obligation judged, or a RecordBlock of many
        self.obligations: list = []
        self.judged: set = set()
        self.judged_blocks: list[tuple[Template, Sequence]] = []  # subjects judged in bulk: template, values
        # False while a loop judged in bulk runs its rows with something to report the scalar way: its
        # block counts them already
        self.counting = True
        # The tables the rule reads that were not given (read as empty), and what rests on them: a
        # finding or pending item that read one, or was made where an `if` or a loop was decided by one
        # (`tainted` > 0), says nothing about the facts; its id goes in `on_absent`
        self.absent: frozenset[str] = frozenset()
        self.tainted = 0
        self.on_absent: set[int] = set()
        # a requirement of severity error held, or an obligation was met, on the tables given alone (a
        # warning's check of the data, such as a version recorded, does not judge the rule)
        self.judged_given = False

    def held(self, trace: list) -> None:
        """A requirement held, or an obligation was met, having read `trace`: judged on the tables given
        alone, unless it rested on one not given."""
        if self.absent and not self.judged_given and not self.rests_on_absent(trace):
            self.judged_given = True

    def rests_on_absent(self, trace: list) -> bool:
        """Whether what a statement read (its trace) or where it stands depends on a table not given."""
        if self.tainted:
            return True
        absent = self.absent
        return any(item.table.name in absent for item in trace if isinstance(item, (Row, Sel)))

    def subject_dict(self) -> dict:
        return dict(self.subject)

    def mark(self) -> None:
        if not self.counting:
            return
        # by key: keys are unique, so sorting the items never compares their values
        items = tuple(self.subject.items())
        self.judged.add(items if len(items) < 2 else tuple(sorted(items)))

    def subjects(self) -> int:
        """How many distinct subjects were judged."""
        if not self.judged_blocks:
            return len(self.judged)
        blocks: dict[tuple, list] = {}  # template (as marked) → the blocks of the key's values judged with it
        for template, judged in self.judged_blocks:
            blocks.setdefault((template.sorted_before, template.key, template.sorted_after), []).append(judged)
        others: dict[tuple, set] = {t: set().union(*b[1:]) for t, b in blocks.items()}  # all but the first
        alone = 0
        for subject in self.judged:
            for (before, key, after), seen in others.items():
                at = len(before)
                if len(subject) == at + 1 + len(after) and subject[at][0] == key and subject[:at] == before \
                        and subject[at + 1:] == after:
                    seen.add(subject[at][1])
                    break
            else:
                alone += 1
        # a block's values are distinct (judge_quietly): the first block of a template is counted without
        # making a set of it (a loop over every invoice), less what the template's other values share with it
        return alone + sum(len(b[0]) + len(seen) - (len(seen.intersection(b[0])) if seen else 0)
                           for b, seen in zip(blocks.values(), others.values()))


class Ids(Sequence):
    """The ids of a loop's rows, read from the table's column when they are read: a loop over every invoice
    counts its rows, and only the audit report and loops judging the same subjects read the ids."""

    __slots__ = ("column", "rows")

    def __init__(self, column: list, rows: list[int]):
        self.column, self.rows = column, rows

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, k):
        return self.column[self.rows[k]]

    def __iter__(self):
        return map(self.column.__getitem__, self.rows)


class RecordBlock:
    """The obligation records of rows judged in bulk: a template, the rows' subject values, and columns of
    owed, paid (in cents), due and state for all the loop's rows, of which the records are those at `at`
    (the rows judged in bulk).  Only the audit report reads them: they are picked out, and what was paid
    written in euros, when read."""

    __slots__ = ("template", "subjects", "columns", "at")

    def __init__(self, template: Template, subjects: list, columns: tuple[list, list, list, list], at: list[int]):
        self.template, self.subjects, self.columns, self.at = template, subjects, columns, at

    def __len__(self) -> int:
        return len(self.at)

    def raw(self):
        subjects, (owed, paid, due, state) = list(self.subjects), self.columns
        for k in self.at:
            yield self.template.items(subjects[k]), (owed[k], Decimal(paid[k]).scaleb(-2), due[k], state[k])


class ObligationRecords(Sequence):
    """A rule's `ObligationRecord`s in `sort_key` order, made from what `RuleState.obligations` keeps when
    first read (only the audit report reads them); equal to the tuple of them."""

    __slots__ = ("_raw", "_records")

    def __init__(self, raw: list):
        self._raw: list | None = raw
        self._records: tuple[ObligationRecord, ...] | None = None

    def _all(self) -> tuple[ObligationRecord, ...]:
        if self._records is None:
            self._records = tuple(sorted(self._made(), key=lambda o: o.sort_key))
            self._raw = None
        return self._records

    def _made(self):
        for entry in self._raw or ():
            for subject, (owed, paid, due, state) in entry.raw() if isinstance(entry, RecordBlock) else (entry,):
                yield ObligationRecord(dict(subject), plain(owed, T.MONEY), plain(paid, T.MONEY),
                                       due.isoformat() if due else None, state)

    def __len__(self) -> int:
        if self._records is None and self._raw is not None:
            return sum(len(e) if isinstance(e, RecordBlock) else 1 for e in self._raw)
        return len(self._all())

    def __getitem__(self, i):
        return self._all()[i]

    def __iter__(self):
        return iter(self._all())

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and not isinstance(other, str) and self._all() == tuple(other)

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return repr(self._all())


def judge_quietly(st: RuleState, key: str, table, rows: list, bulks: list) -> list[int] | None:
    """Keep what the scalar statements would keep of the rows the bulk pass found nothing to report about
    (each `bulks` item has a `clean` flag per row, and an obligation's its record columns); the positions
    of the rows still to run the scalar way, the last always among them.  Every row's subject is counted
    as judged here, as each row's statements (`require`, `obligation`) would mark it: the loop runs the
    others with `st.counting` off.  None when two rows have the same subject: the loop then runs the
    scalar way throughout (its records and findings keep their order)."""
    ids = table.columns[table.id_column] if table.id_column else None
    subjects: Sequence
    if ids is not None and table.in_id_order():  # every row has its id, and ids that increase are unique
        subjects = Ids(ids, rows)
    else:
        subjects = list(map(table.row_subject, rows))
        if len(set(subjects)) != len(subjects):
            return None
    clean = bulks[0].clean
    for bulk in bulks[1:]:
        clean = list(map(and_, clean, bulk.clean))
    last = len(rows) - 1  # the last row runs the scalar way: the variables it leaves are the loop's
    quiet = list(compress(range(last), clean))
    template = Template(st.subject, key)
    st.judged_blocks.append((template, subjects))
    for bulk in bulks:
        if bulk.records is not None:
            st.obligations.append(RecordBlock(template, subjects, bulk.records, quiet))
    return [*compress(range(last), map(not_, clean)), last]
