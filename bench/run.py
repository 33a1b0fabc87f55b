"""Time `digione-rules check` as a whole process against the csv-read floor, at 10 000, 100 000 and
1 000 000 payment rows of bench/ledger.py's world.

    python bench/run.py                          # the table (generates the ledgers once, ~30 s for 1M)
    python bench/run.py --rows 100000 --repeat 5
    python bench/run.py --check-report           # also compare the 100 000-row JSON report with the saved one
    python bench/run.py --save-report            # save it (only from code known to give the right report)

Each size runs `digione-rules check DIR --format json --as-of 2025-12-31` in a fresh process, and in the
same run, interleaved with it, the floor: a fresh `python` that passes `csv.reader` over the same
payments.csv and does nothing else (`floor all` does the same over every file of the folder).  Wall time
is measured around the process, CPU time (user + sys) and peak resident memory from the process's own
rusage (`os.wait4`), which counts a child it forked and waited for (facts/parallel.py): its CPU time is
added, its peak is the peak only when larger.  `tree PSS` is the peak memory of the process and its
children together, from one more run of `check` on its own: every ~5 ms, the proportional set size
(`Pss:` of /proc/PID/smaps_rollup: a page a parent shares with its forked child counts half to each) of
each process of the tree, summed.  That run is not timed: reading smaps_rollup walks the process's page
tables (some 6 ms at 350 MB) under its memory map's lock, a load of its own on a two-core machine.
Each figure is the best of `--repeat` runs with the range after it: the machine is shared, so the best
run is the one least disturbed.  `ratio` is check ÷ floor, best wall over best wall and best CPU over
best CPU.

Start-up: `digione-rules --version`, and `check` on a small facts folder (fixtures/clean when it exists,
else a 1 000-row ledger), after one untimed run that warms the rule book's parse cache.

The package is byte-compiled first, as `pip install` does: with PYTHONDONTWRITEBYTECODE set (as on the
development machines) an editable install would otherwise compile every module of the tool again on each
run, some 0.2 s that an installed tool never spends.  `PYTHONPATH=/elsewhere/src python bench/run.py`
times another checkout's code the same way (the processes inherit the path).

`--check-report` guards the optimisations: the JSON report of the 100 000-row ledger must be byte for
byte the one saved in bench/expected/ (saved from the code before them).  A change of the rule book or
of the generator changes the report: save it again from a commit whose results are known to be right.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import ledger

ROOT = ledger.ROOT
EXPECTED = ROOT / "bench" / "expected"
AS_OF = "2025-12-31"
FLOOR = ("import csv, sys\n"
         "for path in sys.argv[1:]:\n"
         "    with open(path, encoding='utf-8', newline='') as f:\n"
         "        for _ in csv.reader(f):\n"
         "            pass\n")


def ensure(rows: int) -> Path:
    """The ledger of this size, written by a process of its own when it is not there yet: Linux keeps a
    process's peak memory across fork and exec, so a ledger built in this process (some 800 MB for 1M
    rows) would show as the peak of every process timed after it."""
    folder = ledger.folder_for(rows, ledger.SEED, "english")
    if not (folder / "payments.csv").exists():
        subprocess.run([sys.executable, str(Path(__file__).with_name("ledger.py")), "--rows", str(rows)], check=True)
    return folder


def run(argv: list[str], stdout=subprocess.DEVNULL) -> tuple[float, float, float, int]:
    """(wall s, CPU s, peak MB, exit code) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode


def tree_pss(argv: list[str]) -> float | None:
    """The peak proportional set size in MB of one process and its children together, sampled every
    ~5 ms while it runs; None where /proc cannot tell (not Linux)."""
    if not Path("/proc/self/smaps_rollup").exists():
        return None
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.005):
            peak = max(peak, _tree_kb(proc.pid))

    sampler = threading.Thread(target=sample)
    sampler.start()
    proc.wait()
    done.set()
    sampler.join()
    return peak / 1024


def _tree_kb(pid: int) -> int:
    """`Pss:` of the process and of its children (theirs too), in kB; a process gone meanwhile counts 0."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup", "rb") as f:
                rollup = f.read()
            with open(f"/proc/{p}/task/{p}/children", "rb") as f:
                todo.extend(map(int, f.read().split()))
        except (OSError, ValueError):
            continue
        for line in rollup.splitlines():
            if line.startswith(b"Pss:"):
                total += int(line.split()[1])
                break
    return total


def check_argv(folder: Path, out: Path | None = None) -> list[str]:
    argv = [sys.executable, "-m", "digione_rules", "check", str(folder.relative_to(ROOT)), "--format", "json",
            "--as-of", AS_OF]
    return argv + (["--output", str(out)] if out else [])


def best(samples: list[float]) -> str:
    return f"{min(samples):.2f} ({min(samples):.2f}–{max(samples):.2f})"


def measure(rows: int, repeat: int) -> dict:
    folder = ensure(rows)
    files = sorted(str(p) for p in folder.glob("*.csv"))
    floor_argv = [sys.executable, "-c", FLOOR, str(folder / "payments.csv")]
    floor_all_argv = [sys.executable, "-c", FLOOR, *files]
    m: dict[str, list[float]] = {k: [] for k in ("wall", "cpu", "peak", "fwall", "fcpu", "awall", "acpu")}
    for _ in range(repeat):
        w, c, _, _ = run(floor_argv)
        m["fwall"].append(w)
        m["fcpu"].append(c)
        w, c, p, code = run(check_argv(folder))
        if code not in (0, 1):
            raise SystemExit(f"check failed with exit code {code} on {folder}")
        m["wall"].append(w)
        m["cpu"].append(c)
        m["peak"].append(p)
        w, c, _, _ = run(floor_all_argv)
        m["awall"].append(w)
        m["acpu"].append(c)
    m["size"] = [sum(Path(f).stat().st_size for f in files) / 1e6]
    m["tree"] = [tree_pss(check_argv(folder))]
    return m


def startup(repeat: int) -> list[str]:
    clean = ROOT / "fixtures" / "clean"
    small = clean if clean.is_dir() else ensure(1000)
    run(check_argv(small))  # warm the parse cache
    version = [run([sys.executable, "-m", "digione_rules", "--version"])[0] for _ in range(max(repeat, 5))]
    checks = [run(check_argv(small)) for _ in range(max(repeat, 5))]
    what = "fixtures/clean" if small == clean else f"{small.relative_to(ROOT)} (fixtures/clean not there yet)"
    return [f"`digione-rules --version`: {best(version)} s wall",
            f"`check {what}`: {best([c[0] for c in checks])} s wall, {best([c[1] for c in checks])} s CPU, "
            f"peak {max(c[2] for c in checks):.0f} MB"]


def table(results: dict[int, dict]) -> list[str]:
    out = ["| rows | files MB | check wall s | check CPU s | peak MB | tree PSS MB | floor wall s | floor CPU s | "
           "ratio wall | ratio CPU | floor all CPU s | ratio CPU (all) |",
           "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for rows, m in results.items():
        tree = "–" if m["tree"][0] is None else f"{m['tree'][0]:.0f}"
        out.append(f"| {rows:,} | {m['size'][0]:.0f} | {best(m['wall'])} | {best(m['cpu'])} | {max(m['peak']):.0f} | "
                   f"{tree} | {best(m['fwall'])} | {best(m['fcpu'])} | {min(m['wall']) / min(m['fwall']):.1f} | "
                   f"{min(m['cpu']) / min(m['fcpu']):.1f} | {best(m['acpu'])} | "
                   f"{min(m['cpu']) / min(m['acpu']):.1f} |")
    return out


def report_check(save: bool) -> str:
    folder = ensure(100_000)
    saved = EXPECTED / "report-100000.json"
    out = ROOT / "bench" / "out" / "report-100000.json"
    _, _, _, code = run(check_argv(folder, out))
    if save:
        EXPECTED.mkdir(exist_ok=True)
        saved.write_bytes(out.read_bytes())
        return f"saved {saved.relative_to(ROOT)} (exit {code})"
    if out.read_bytes() != saved.read_bytes():
        raise SystemExit(f"the JSON report of {folder.name} differs from {saved.relative_to(ROOT)}: "
                         f"diff {out.relative_to(ROOT)} {saved.relative_to(ROOT)}")
    return f"the JSON report of {folder.name} is byte for byte {saved.relative_to(ROOT)} (exit {code})"


def compile_package() -> str:
    """Byte-compile the package the child processes will import; its folder."""
    found = subprocess.run([sys.executable, "-c", "import digione_rules, os; print(os.path.dirname(digione_rules.__file__))"],
                           cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    subprocess.run([sys.executable, "-m", "compileall", "-q", found], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--check-report", action="store_true")
    ap.add_argument("--save-report", action="store_true")
    args = ap.parse_args()
    package = compile_package()
    if args.check_report or args.save_report:
        print(report_check(args.save_report))
    results = {rows: measure(rows, args.repeat) for rows in args.rows}
    print(f"`check DIR --format json --as-of {AS_OF}`, best of {args.repeat} (range), on {os.cpu_count()} cores, "
          f"code from {Path(package).relative_to(ROOT) if Path(package).is_relative_to(ROOT) else package}:\n")
    print("\n".join(table(results)))
    print()
    print("\n".join(f"- {line}" for line in startup(args.repeat)))


if __name__ == "__main__":
    main()
