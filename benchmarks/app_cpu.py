"""CPU cost of a long timer, and time to first frame, against a bare Textual clock app.

Runs each app headless in its own process (so imports and caches are not shared):

* ``backcare``: the real app running a routine with one 60 s timer step, no lead-in;
* ``bare``: a minimal Textual app showing a ``Digits`` clock updated once a second for 60 s.

Prints the CPU seconds each used while its timer ran, the time from process start to the first
frame, and the ratios (targets from issue 3: CPU at most 1.2x, first frame at most 1.3x).

    .venv/bin/python benchmarks/app_cpu.py            # 60 s each, 3 first-frame runs each
    .venv/bin/python benchmarks/app_cpu.py --seconds 10
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STARTED = time.perf_counter()

ROOT = Path(__file__).resolve().parent.parent


def run_backcare(seconds: float, first_frame_only: bool) -> dict[str, float]:
    from backcare_tui.app import BackcareApp
    from backcare_tui.routine import parse_routine
    from backcare_tui.screens.session import SessionScreen
    from backcare_tui.settings import Settings

    routine = parse_routine(
        f'name = "Bench"\nlead_in = 0\n[[steps]]\nname = "Ice"\nkind = "timer"\nduration = {seconds}\n',
        "bench.toml",
    )
    result: dict[str, float] = {}

    class Bench(BackcareApp):
        def on_mount(self) -> None:
            super().on_mount()
            self.call_after_refresh(self._first_frame)

        def _first_frame(self) -> None:
            result["first_frame"] = time.perf_counter() - STARTED
            result["cpu_start"] = time.process_time()
            if first_frame_only:
                self.exit()

        def switch_to_summary(self, session: object) -> None:  # the timer ran out
            result["cpu"] = time.process_time() - result["cpu_start"]
            self.exit()

    app = Bench(routine, settings=Settings(safety_acknowledged=True), remember_settings=False)
    app.run(headless=True, size=(80, 24))
    assert SessionScreen  # imported for parity with what the real start-up loads
    return result


def run_bare(seconds: float, first_frame_only: bool) -> dict[str, float]:
    from textual.app import App, ComposeResult
    from textual.widgets import Digits

    result: dict[str, float] = {}

    class Clock(App[None]):
        def compose(self) -> ComposeResult:
            yield Digits("0:00")

        def on_mount(self) -> None:
            self.start = time.monotonic()
            self.call_after_refresh(self._first_frame)
            self.set_interval(1.0, self._tick)

        def _first_frame(self) -> None:
            result["first_frame"] = time.perf_counter() - STARTED
            result["cpu_start"] = time.process_time()
            if first_frame_only:
                self.exit()

        def _tick(self) -> None:
            left = max(0.0, seconds - (time.monotonic() - self.start))
            self.query_one(Digits).update(f"{int(left) // 60}:{int(left) % 60:02d}")
            if left <= 0:
                result["cpu"] = time.process_time() - result["cpu_start"]
                self.exit()

    Clock().run(headless=True, size=(80, 24))
    return result


def child(variant: str, seconds: float, first_frame_only: bool) -> None:
    runner = run_backcare if variant == "backcare" else run_bare
    print(json.dumps(runner(seconds, first_frame_only)))


def measure(variant: str, seconds: float, first_frame_only: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ)
        for name in ("CONFIG", "DATA", "STATE", "CACHE"):
            env[f"XDG_{name}_HOME"] = str(Path(home) / name.lower())
        args = [sys.executable, __file__, "--child", variant, "--seconds", str(seconds)]
        if first_frame_only:
            args.append("--first-frame-only")
        done = subprocess.run(args, env=env, capture_output=True, text=True, check=True, cwd=ROOT)
    last = [line for line in done.stdout.splitlines() if line.startswith("{")][-1]
    return dict(json.loads(last))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--starts", type=int, default=3, help="first-frame runs per app")
    parser.add_argument("--child", choices=("backcare", "bare"))
    parser.add_argument("--first-frame-only", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.seconds, args.first_frame_only)
        return
    starts = {
        v: [measure(v, 1, True)["first_frame"] for _ in range(args.starts)]
        for v in ("bare", "backcare")
    }
    first = {v: statistics.median(times) for v, times in starts.items()}
    print(
        f"first frame (median of {args.starts}): bare {first['bare']:.3f} s, "
        f"backcare {first['backcare']:.3f} s, ratio {first['backcare'] / first['bare']:.2f} (target <= 1.3)"
    )
    cpu = {v: measure(v, args.seconds, False)["cpu"] for v in ("bare", "backcare")}
    print(
        f"CPU over a {args.seconds:g} s timer: bare {cpu['bare']:.3f} s, backcare {cpu['backcare']:.3f} s, "
        f"ratio {cpu['backcare'] / cpu['bare']:.2f} (target <= 1.2)"
    )


if __name__ == "__main__":
    main()
