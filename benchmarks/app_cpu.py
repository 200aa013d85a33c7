"""CPU cost of a long timer, and time to first frame, against a bare Textual clock app.

Runs each app headless in its own process (so imports and caches are not shared):

* ``backcare``: the real app running a routine with one 60 s timer step, no lead-in;
* ``bare``: a minimal Textual app showing a ``Digits`` clock updated once a second for 60 s.

Prints the CPU seconds each used while its timer ran, the time from process start to the first
frame, and the ratios (targets from issue 3: CPU at most 1.2x, first frame at most 1.3x).

How it measures, since both figures are small and the machines are shared and virtual:

* first frame: the package is compiled to bytecode and each app started once unmeasured (a
  user's every start after the first), then the two apps start in turns, 25 times each by
  default, and the medians are compared;
* CPU: both timers run at the same time, one process each, so a busy moment on the machine
  weighs on both; this is done 3 times (``--repeat``) and the median ratio printed.

    .venv/bin/python benchmarks/app_cpu.py                          # about 4 minutes
    .venv/bin/python benchmarks/app_cpu.py --repeat 1 --seconds 20  # a quick look
"""

from __future__ import annotations

import argparse
import compileall
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
    from backcare_tui.core.loader import parse_routine
    from backcare_tui.data.settings import Settings
    from backcare_tui.ui.app import BackcareApp
    from backcare_tui.ui.screens.session import SessionScreen  # noqa: F401 - loaded as start-up loads it

    routine = parse_routine(
        f'name = "Bench"\nlead_in = 0\n[[steps]]\nname = "Ice"\nkind = "timer"\nduration = {seconds}\n',
        "bench.toml",
    )
    result: dict[str, float] = {}

    class Bench(BackcareApp):
        # No super().on_mount(): Textual calls BackcareApp.on_mount itself (handlers run for
        # each class that defines one), and calling it here too started the session twice.
        def on_mount(self) -> None:
            self.call_after_refresh(self._first_frame)

        def _first_frame(self) -> None:
            dial = self.screen.query_one("#dial")
            assert dial.region.height > 10, "the first frame must show the session"
            result["first_frame"] = time.perf_counter() - STARTED
            result["cpu_start"] = time.process_time()
            if first_frame_only:
                self.exit()

        def switch_to_summary(self, session: object) -> None:  # the timer ran out
            result["cpu"] = time.process_time() - result["cpu_start"]
            self.exit()

    app = Bench(routine, settings=Settings(safety_acknowledged=True), remember_settings=False)
    app.run(headless=True, size=(80, 24))
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


def _command(variant: str, seconds: float, first_frame_only: bool) -> list[str]:
    args = [sys.executable, __file__, "--child", variant, "--seconds", str(seconds)]
    return args + (["--first-frame-only"] if first_frame_only else [])


def _environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        env[f"XDG_{name}_HOME"] = str(home / name.lower())
    env["PYTHONPATH"] = str(ROOT)  # this checkout's code, even if another is installed
    return env


def _result(stdout: str) -> dict[str, float]:
    last = [line for line in stdout.splitlines() if line.startswith("{")][-1]
    return dict(json.loads(last))


def measure(variant: str, seconds: float, first_frame_only: bool) -> dict[str, float]:
    """One run of one app in a process of its own, with empty config and data folders."""
    with tempfile.TemporaryDirectory() as home:
        done = subprocess.run(
            _command(variant, seconds, first_frame_only),
            env=_environment(Path(home)),
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
    return _result(done.stdout)


def measure_side_by_side(seconds: float) -> dict[str, float]:
    """Both apps' timers at once, one process each: whatever else the machine is doing then
    (this benchmark is run on shared, virtual machines) weighs on both alike.

    The second starts half a second after the first, so that their once-a-second wake-ups do
    not fall together and contend for the same caches.
    """
    with tempfile.TemporaryDirectory() as home:
        running = {}
        for variant in VARIANTS:
            running[variant] = subprocess.Popen(
                _command(variant, seconds, False),
                env=_environment(Path(home) / variant),
                stdout=subprocess.PIPE,
                text=True,
                cwd=ROOT,
            )
            time.sleep(0.5)
        outputs = {variant: process.communicate()[0] for variant, process in running.items()}
    return {variant: _result(output)["cpu"] for variant, output in outputs.items()}


VARIANTS = ("bare", "backcare")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--starts", type=int, default=25, help="first-frame runs per app")
    parser.add_argument("--repeat", type=int, default=3, help="timer runs per app")
    parser.add_argument("--child", choices=VARIANTS)
    parser.add_argument("--first-frame-only", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.seconds, args.first_frame_only)
        return
    # As a user's every start after the first: bytecode written, files in the page cache.
    compileall.compile_dir(ROOT / "backcare_tui", quiet=1)
    for variant in VARIANTS:
        measure(variant, 1, True)
    starts: dict[str, list[float]] = {variant: [] for variant in VARIANTS}
    for _ in range(args.starts):  # taken in turns, so a slow moment hits both apps
        for variant in VARIANTS:
            starts[variant].append(measure(variant, 1, True)["first_frame"])
    first = {variant: statistics.median(times) for variant, times in starts.items()}
    print(
        f"first frame (median of {args.starts}): bare {first['bare']:.3f} s, "
        f"backcare {first['backcare']:.3f} s, "
        f"ratio {first['backcare'] / first['bare']:.2f} (target <= 1.3)"
    )
    runs = [measure_side_by_side(args.seconds) for _ in range(args.repeat)]
    for run in runs:
        print(
            f"CPU over a {args.seconds:g} s timer: bare {run['bare']:.3f} s, "
            f"backcare {run['backcare']:.3f} s, ratio {run['backcare'] / run['bare']:.2f}"
        )
    cpu = {variant: statistics.median(run[variant] for run in runs) for variant in VARIANTS}
    print(
        f"CPU (median of {args.repeat}): ratio {cpu['backcare'] / cpu['bare']:.2f} (target <= 1.2)"
    )


if __name__ == "__main__":
    main()
