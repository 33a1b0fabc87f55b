"""What a rule has judged while it runs: the subject in hand, its findings and pending items, the subjects
judged and the money obligations reconciled.

Rows a loop judged in bulk (batch.py) are kept as blocks, a loop's subject template and the rows' subject
values, rather than as a tuple per row; they are counted, and their obligation records written, when the
rule ends or the records are read, with the results the row-by-row way gives.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import and_, not_
from itertools import compress
from typing import Any

from .. import types as T
from ..check.model import RuleInfo
from ..report.model import Finding, ObligationRecord, Pending
from .values import Row, plain


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
        self.judged_blocks: list[tuple[Template, list]] = []  # subjects judged in bulk: template, values

    def subject_dict(self) -> dict:
        return dict(self.subject)

    def mark(self) -> None:
        # by key: keys are unique, so sorting the items never compares their values
        items = tuple(self.subject.items())
        self.judged.add(items if len(items) < 2 else tuple(sorted(items)))

    def subjects(self) -> int:
        """How many distinct subjects were judged."""
        if not self.judged_blocks:
            return len(self.judged)
        values: dict[tuple, set] = {}  # template (as marked) → the key's values judged with it
        for template, judged in self.judged_blocks:
            values.setdefault((template.sorted_before, template.key, template.sorted_after), set()).update(judged)
        alone = 0
        for subject in self.judged:
            for (before, key, after), seen in values.items():
                at = len(before)
                if len(subject) == at + 1 + len(after) and subject[at][0] == key and subject[:at] == before \
                        and subject[at + 1:] == after:
                    seen.add(subject[at][1])
                    break
            else:
                alone += 1
        return alone + sum(map(len, values.values()))


class RecordBlock:
    """The obligation records of rows judged in bulk: a template, the rows' subject values, and columns of
    owed, paid, due and state."""

    __slots__ = ("template", "subjects", "columns")

    def __init__(self, template: Template, subjects: list, columns: tuple[list, list, list, list]):
        self.template, self.subjects, self.columns = template, subjects, columns

    def raw(self):
        for value, *record in zip(self.subjects, *self.columns):
            yield self.template.items(value), record


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
            return sum(len(e.subjects) if isinstance(e, RecordBlock) else 1 for e in self._raw)
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
    of the rows still to run the scalar way, the last always among them.  None when two rows have the same
    subject: the loop then runs the scalar way throughout (its records and findings keep their order)."""
    ids = table.columns[table.id_column] if table.id_column else None
    subjects = list(map(ids.__getitem__, rows)) if ids is not None else [None] * len(rows)
    if None in subjects:
        subjects = [s if s is not None else table.row_subject(i) for s, i in zip(subjects, rows)]
    if len(set(subjects)) != len(subjects):
        return None
    clean = list(bulks[0].clean)
    for bulk in bulks[1:]:
        clean = list(map(and_, clean, bulk.clean))
    clean[-1] = False  # the last row runs the scalar way: the variables it leaves are the loop's
    quiet = list(compress(range(len(rows)), clean))
    template = Template(st.subject, key)
    judged = list(map(subjects.__getitem__, quiet))
    st.judged_blocks.append((template, judged))
    for bulk in bulks:
        if bulk.records is not None:
            columns = tuple(list(map(col.__getitem__, quiet)) for col in bulk.records)
            st.obligations.append(RecordBlock(template, judged, columns))  # type: ignore[arg-type]
    return list(compress(range(len(rows)), map(not_, clean)))
