"""Date formats a mapping file may name: `D.M.YYYY`, `YYYY-MM-DD`, `DMMYYYY`, `YYYYMMDD`…

`D` and `M` are one or two digits, `DD` and `MM` exactly two, `YYYY` four; anything else is written
as is.  `DMMYYYY` reads the real exports whose leading zero was lost: `1102022` is 1.10.2022 and
`10102022` is 10.10.2022.  Two one-or-two-digit parts side by side (`DMYYYY`) cannot be told apart
(`1112022`), so such a format is refused.
"""

from __future__ import annotations

import re

_TOKENS = re.compile(r"YYYY|DD|MM|D|M")
_GROUPS = {"YYYY": r"(?P<y>\d{4})", "DD": r"(?P<d>\d{2})", "MM": r"(?P<m>\d{2})", "D": r"(?P<d>\d{1,2})",
           "M": r"(?P<m>\d{1,2})"}


class DateFormatError(ValueError):
    pass


def compile_date_format(fmt: str) -> re.Pattern:
    parts = []
    last_end = 0
    previous_loose = False
    seen = set()
    for m in _TOKENS.finditer(fmt):
        literal = fmt[last_end : m.start()]
        token = m.group()
        loose = token in ("D", "M")
        if loose and previous_loose and not literal:
            raise DateFormatError(f"`{fmt}` cannot be read: `{fmt[:m.end()]}` could split more than one way; "
                                  "write `DD` or `MM` for one of them")
        if token[0] in seen:
            raise DateFormatError(f"`{fmt}` names the {'year' if token[0] == 'Y' else 'day' if token[0] == 'D' else 'month'} twice")
        seen.add(token[0])
        parts.append(re.escape(literal))
        parts.append(_GROUPS[token])
        previous_loose = loose
        last_end = m.end()
    parts.append(re.escape(fmt[last_end:]))
    if seen != {"Y", "D", "M"}:
        raise DateFormatError(f"`{fmt}` needs a day (`D`), a month (`M`) and a year (`YYYY`)")
    return re.compile("".join(parts))
