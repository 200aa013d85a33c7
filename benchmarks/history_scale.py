"""``backcare history`` and its exports with a long history: time and peak memory.

For each size (10,000 and 100,000 sessions by default) a history file is made in a temporary
folder, straight through SQLite, the way a very keen user's would look after years: four
sessions a day, every day, back from now (so the streak runs through all of them, the worst
case for it), a stiffness check-in on one in three, ten steps each. Then, each in a process of
its own so that nothing is shared:

* ``history``: the report, as printed to a terminal (to /dev/null here);
* ``export json`` and ``export csv``: every session, to /dev/null;
* ``h report``: what the ``h`` screen works out in its thread, in-process (the app's event
  loop is not held up by it; this is how long the screen says "Loading…").

Each line gives the wall time and, for the commands, the peak resident memory of the process
(``os.wait4``); the last lines give the ratios of the larger size to the smaller. Targets from
issue 10: ``history`` under 0.5 s with 100,000 sessions, and export memory flat. The history is
made, and the ``h`` report timed, in processes of their own too: a child's peak memory counts
its parent's pages until it starts its program, so this one stays small.

    .venv/bin/python benchmarks/history_scale.py               # about a minute
    .venv/bin/python benchmarks/history_scale.py --sizes 1000 10000
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

COMMANDS = {
    "history": ["history"],
    "export json": ["history", "--export", "json"],
    "export csv": ["history", "--export", "csv"],
}


def environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        folder = home / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        env[f"XDG_{name}_HOME"] = str(folder)
    env["HOME"] = str(home)
    return env


def make_history(path: Path, count: int) -> None:
    """``count`` sessions, four a day back from now, written in one transaction."""
    from backcare_tui.data.history import open_history

    open_history(path).close()  # created and at the current schema, as the app leaves it
    steps = json.dumps(
        [{"index": i, "name": f"Step {i}", "status": "done", "adjusted": 0.0} for i in range(10)]
    )
    now = datetime.now(UTC).replace(microsecond=0)
    rows = []
    for n in range(count):
        start = (now - timedelta(hours=6 * n)).isoformat()
        rated = n % 3 == 0
        rows.append(
            (
                "core-strength", "Core strength", '["strength", "core"]', start, start,
                "finished", 10, 10, 0, 0, 0, 900.0,
                (n % 11) if rated else None, (n % 7) if rated else None, steps,
            )
        )  # fmt: skip
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO sessions (routine_id, routine_name, routine_tags, started_at, ended_at,"
            " status, steps_total, steps_done, steps_skipped, steps_extended, steps_shortened,"
            " seconds, stiffness_before, stiffness_after, steps)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    conn.close()


def run_command(argv: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak resident MB) of ``backcare ARGV`` in a process of its
    own. CPU time is printed too because the dev VMs are shared: wall time there swings by half
    with what else runs, CPU time much less."""
    started = time.perf_counter()
    with open(os.devnull, "w") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "backcare_tui", *argv], stdout=sink, stderr=sink, env=env
        )
        _, status, usage = os.wait4(process.pid, 0)
    took = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"backcare {' '.join(argv)} failed with status {process.returncode}")
    return took, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # kilobytes on Linux


def screen_report(path: Path, runs: int) -> float:
    """Seconds the ``h`` screen's thread takes to work the report out, on its own connection
    (the fastest of ``runs``)."""
    from backcare_tui.data.history_file import read_only
    from backcare_tui.data.history_summary import summarize
    from backcare_tui.ui.history_report import history_view

    fastest = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        conn = read_only(path)
        try:
            history_view(summarize(conn, date.today(), {"strength": 2}))
        finally:
            conn.close()
        fastest = min(fastest, time.perf_counter() - started)
    return fastest


def in_child(*argv: str) -> str:
    """This script run with ``argv`` in a process of its own; what it printed."""
    result = subprocess.run(
        [sys.executable, __file__, *argv], capture_output=True, text=True, check=True
    )
    return result.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5, help="runs of each; the fastest counts")
    parser.add_argument("--make", nargs=2, metavar=("PATH", "COUNT"), help=argparse.SUPPRESS)
    parser.add_argument("--report", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make:
        make_history(Path(args.make[0]), int(args.make[1]))
        return
    if args.report:
        print(screen_report(Path(args.report), args.runs))
        return
    results: dict[int, dict[str, tuple[float, float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="backcare-bench-") as tmp:
        for size in args.sizes:
            home = Path(tmp) / f"home-{size}"
            env = environment(home)
            path = home / "data" / "backcare-tui" / "history.sqlite3"
            made = time.perf_counter()
            subprocess.run(
                [sys.executable, __file__, "--make", str(path), str(size)], env=env, check=True
            )
            print(
                f"{size:>7} sessions: {path.stat().st_size / 2**20:.0f} MB file,"
                f" made in {time.perf_counter() - made:.1f} s",
                flush=True,
            )
            results[size] = {}
            for name, argv in COMMANDS.items():
                runs = [run_command(argv, env) for _ in range(args.runs)]
                took, cpu, peak = (min(run[i] for run in runs) for i in range(3))
                results[size][name] = (took, cpu, peak)
                print(
                    f"    {name:<12} {took:6.2f} s   cpu {cpu:6.2f} s   peak {peak:6.1f} MB",
                    flush=True,
                )
            took = float(in_child("--report", str(path), "--runs", str(args.runs)))
            results[size]["h report"] = (took, 0.0, 0.0)
            print(f"    {'h report':<12} {took:6.2f} s   (in a thread, off the event loop)")
    if len(args.sizes) >= 2:
        small, large = args.sizes[0], args.sizes[-1]
        print(f"\n{large} / {small} sessions ({large / small:.0f}x as many):")
        for name in [*COMMANDS, "h report"]:
            (t_small, _, m_small), (t_large, _, m_large) = (
                results[small][name],
                results[large][name],
            )
            memory = f"   memory x{m_large / m_small:.2f}" if m_small else ""
            print(f"    {name:<12} time x{t_large / t_small:5.2f}{memory}")
        took, cpu, _ = results[large]["history"]
        verdict = "meets" if took < 0.5 else "misses"
        print(
            f"\n`backcare history` with {large} sessions: {took:.2f} s ({cpu:.2f} s of CPU);"
            f" {verdict} the target of 0.5 s"
        )


if __name__ == "__main__":
    main()
