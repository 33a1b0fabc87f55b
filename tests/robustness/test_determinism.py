"""The same inputs give the same bytes, in every report format, whatever the environment: locale (LANG,
LC_ALL), time zone (TZ), hash seed (PYTHONHASHSEED), the console's encoding (PYTHONIOENCODING), the
folder the command runs in; and the same report (evidence named by row id) whatever the order of the
rows.  Each run is a separate `python -m digione_rules` process."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import write

DATA = Path(__file__).resolve().parents[1] / "report" / "data"
FORMATS = ["text", "json", "junit", "sarif", "github", "markdown"]
ENVIRONMENTS = {
    "baseline": {"LANG": "C.UTF-8", "TZ": "UTC", "PYTHONHASHSEED": "0"},
    "finnish locale, Helsinki": {"LANG": "fi_FI.UTF-8", "LC_ALL": "fi_FI.UTF-8", "TZ": "Europe/Helsinki",
                                 "PYTHONHASHSEED": "1"},
    "C locale, UTC+14": {"LC_ALL": "C", "TZ": "Pacific/Kiritimati", "PYTHONHASHSEED": "4242"},
    "Turkish locale, UTC-10": {"LANG": "tr_TR.UTF-8", "TZ": "Pacific/Honolulu", "PYTHONHASHSEED": "random"},
    "POSIX TZ string, latin-1 console": {"LANG": "POSIX", "TZ": "EST+5EDT,M3.2.0/2,M11.1.0/2",
                                         "PYTHONIOENCODING": "latin-1", "PYTHONHASHSEED": "123456"},
    "ascii console, no TZ": {"LANG": "en_US.UTF-8", "PYTHONIOENCODING": "ascii", "PYTHONHASHSEED": "random"},
}


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "TZ", "PYTHONHASHSEED",
                                                                       "PYTHONIOENCODING"))}
    clean.update(env)
    return subprocess.run([sys.executable, "-m", "digione_rules", *args], capture_output=True, env=clean, cwd=cwd,
                          timeout=300)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """The reporter tests' rule book and facts, with a note full of what is hard to keep the same."""
    root = tmp_path_factory.mktemp("determinism")
    folder = root / "facts"
    folder.mkdir()
    for f in (DATA / "facts").iterdir():
        (folder / f.name).write_bytes(f.read_bytes())
    with open(folder / "payments.csv", "a", encoding="utf-8") as f:
        f.write('P-99,2025-03-15,grant,BF,Vantaa,"1 000,00",,"ä€ 🙂 \u202e ı İ ß"\n')
    return root


@pytest.fixture(scope="module")
def runs(inputs):
    out = {}
    for name, env in ENVIRONMENTS.items():
        for fmt in FORMATS:
            ran = _run(["check", "facts", "--rules", str(DATA / "rules"), "--as-of", "2025-06-30", "--format", fmt],
                       env, inputs)
            assert ran.returncode in (0, 1), (name, fmt, ran.stderr.decode(errors="replace"))
            out[name, fmt] = ran
    return out


@pytest.mark.parametrize("env", [e for e in ENVIRONMENTS if e != "baseline"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_the_same_bytes_in_every_environment(runs, env, fmt):
    """Stdout, stderr and the exit code are byte for byte those of the baseline environment."""
    base, other = runs["baseline", fmt], runs[env, fmt]
    assert other.returncode == base.returncode
    assert other.stdout == base.stdout
    assert other.stderr == base.stderr


def test_the_report_is_utf8_and_keeps_the_note(runs):
    """Even on an ascii console the report is UTF-8 with the note's characters intact."""
    doc = json.loads(runs["ascii console, no TZ", "json"].stdout.decode("utf-8"))
    assert doc["results"]


def test_output_file_is_the_same_bytes_as_stdout(inputs, runs, tmp_path):
    """`--output FILE` writes exactly what stdout shows."""
    for fmt in ("json", "text"):
        _run(["check", "facts", "--rules", str(DATA / "rules"), "--as-of", "2025-06-30", "--format", fmt,
              "--output", str(tmp_path / f"r.{fmt}")], ENVIRONMENTS["C locale, UTC+14"], inputs)
        assert (tmp_path / f"r.{fmt}").read_bytes() == runs["baseline", fmt].stdout


def test_the_folder_run_from_does_not_matter_for_absolute_paths(inputs, tmp_path):
    """Named by absolute path, the facts give the same report from any working folder."""
    args = ["check", str(inputs / "facts"), "--rules", str(DATA / "rules"), "--as-of", "2025-06-30", "--format",
            "json"]
    a = _run(args, ENVIRONMENTS["baseline"], inputs)
    b = _run(args, ENVIRONMENTS["baseline"], tmp_path)
    assert a.stdout == b.stdout


def _shuffled_copy(src: Path, dst: Path, seed: int) -> dict[tuple[str, str], int]:
    """Copy each CSV with its rows shuffled; the line each (table, id) starts on in the copy."""
    rnd = random.Random(seed)
    lines = {}
    for f in src.iterdir():
        rows = list(csv.reader(io.StringIO(f.read_text(encoding="utf-8"), newline="")))
        header, body = rows[0], rows[1:]
        rnd.shuffle(body)
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(header)
        line = 2
        for row in body:
            writer.writerow(row)
            lines[f.stem, row[0]] = line
            line += 1 + sum(c.count("\n") for c in row)
        write(dst, {f.name: buf.getvalue()})
    return lines


def _by_id(text: str) -> str:
    doc = json.loads(text)
    for i in doc["inputs"]:
        i["sha256"] = ""
    for r in doc["results"]:
        for item in r["findings"] + r.get("pending", []):
            for e in item["evidence"]:
                e["line"] = 0
            item["evidence"].sort(key=lambda e: json.dumps(e, sort_keys=True))
        r["findings"].sort(key=lambda f: json.dumps(f, sort_keys=True))
        r.get("pending", []).sort(key=lambda f: json.dumps(f, sort_keys=True))
    return json.dumps(doc, sort_keys=True)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_shuffled_rows_in_other_environments_give_the_same_report(inputs, runs, tmp_path, seed):
    """Rows in another order, run in another environment, give the same report with evidence by id, and
    the same facts digest."""
    _shuffled_copy(inputs / "facts", tmp_path / "facts", seed)
    env = list(ENVIRONMENTS.values())[seed]
    ran = _run(["check", "facts", "--rules", str(DATA / "rules"), "--as-of", "2025-06-30", "--format", "json"],
               env, tmp_path)
    base = runs["baseline", "json"].stdout.decode()
    assert json.loads(ran.stdout)["facts_digest"] == json.loads(base)["facts_digest"]
    assert _by_id(ran.stdout.decode()) == _by_id(base)


TIE_BOOK = '''document d "D"

facts t
    source d
    dated by date
    id: text required unique
    date: date required
    n: integer required

facts v
    source d
    dated by date
    date: date required
    n: integer required

rule r-max "The largest"
    severity error
    source d
    quote "q"
    let top = max(t.n)
    require top < 0
        message "largest {top}"

rule r-many "Many rows"
    severity error
    source d
    quote "q"
    let total = sum(t.n)
    require total < 0
        message "total {total}"

rule r-first "The first of rows without ids"
    severity error
    source d
    quote "q"
    let row = first(v)
    require row.n < 0
        message "first {row.n}"
'''


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_ties_and_long_evidence_do_not_depend_on_the_rows_order(tmp_path, seed):
    """The row `max` or `first` names among equals, and the 50 rows shown of a longer evidence, are chosen by
    the rows themselves, so a reordered export names the same rows (the pipeline fuzzer found `max`)."""
    from .conftest import cli

    book = write(tmp_path / "book", {"main.rules": TIE_BOOK})
    t_rows = [f"T{i:03d};1.1.2025;{7 if i % 10 == 0 else 1}" for i in range(120)]
    v_rows = [f"1.1.2025;{n}" for n in (5, 3, 9)]
    reports = []
    for order in (None, seed):
        rows_t, rows_v = list(t_rows), list(v_rows)
        if order is not None:
            random.Random(order).shuffle(rows_t)
            random.Random(order).shuffle(rows_v)
        folder = write(tmp_path / f"facts{order}", {"t.csv": "id;date;n\n" + "\n".join(rows_t) + "\n",
                                                    "v.csv": "date;n\n" + "\n".join(rows_v) + "\n"})
        ran = cli("check", folder, "--rules", book, "--as-of", "2025-06-30", "--format", "json")
        doc = json.loads(ran.out)
        reports.append({r["rule"]: [(f["message"], sorted(e.get("id") or "" for e in f["evidence"]))
                                    for f in r["findings"]] for r in doc["results"]})
    assert reports[0] == reports[1]
    assert reports[0]["r-max"][0][1] == ["T000"]
    assert reports[0]["r-many"][0][1] == [f"T{i:03d}" for i in range(50)]
    assert reports[0]["r-first"][0][0] == "first 3"
