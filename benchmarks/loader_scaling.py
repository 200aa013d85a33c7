"""How the routine loader's time grows with the size of a file: linear, for every shape of text.

For each shape below, a file is built at sizes doubling from 25 KB to 800 KB (under the 1 MB
limit) and loaded with :func:`parse_routine` (read from bytes, as ``validate`` reads a file),
best of ``--repeat`` runs. It prints the time at each size and its ratio to the size before:
about 2 when the time is linear, 4 when quadratic, 8 when cubic. The line scanner this replaced
took 30 s on 3 KB of the "brackets in a string" shape (cubic); tomllib alone took 157 s on a key
of 50,000 dotted parts.

Shapes (each a routine file, valid unless its name says it is refused):

* ``steps``: an ordinary routine, made longer with more steps of longer instructions (valid at
  every size: the whole file is scanned, parsed and checked);
* ``brackets in a string``: a description of lines ``[[`` + 1,000 spaces, after a name holding
  ``'''`` (refused: the description is too long, but only after the whole file is read);
* ``quotes and escapes``: one long line of ``\\"`` escapes inside a string (too long a line);
* ``dotted keys``: keys of 8 dotted parts, the most allowed, one a line (refused once the file
  holds more keys and values than any routine, which bounds what tomllib is given);
* ``one dotted key``: a single key of ever more parts (refused at the ninth part);
* ``nested lists``: ``[[[[…]]]]`` 16 deep, the most allowed, a line (refused past the cap on
  values);
* ``long durations``: a duration of ``1`` digits and spaces (not a duration).

    .venv/bin/python benchmarks/loader_scaling.py              # about 10 s
    .venv/bin/python benchmarks/loader_scaling.py --repeat 1   # a quick look
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable

from backcare_tui.core.loader import parse_routine
from backcare_tui.core.routine import RoutineLoadError

STEP = '[[steps]]\nname = "Plank {n}"\nkind = "hold"\nduration = "30s"\ninstructions = "Hold."\n'
HEAD = 'name = "Bench"\n'


def fill(size: int, unit: str, head: str = HEAD, tail: str = "") -> str:
    """``head`` and as many ``unit`` as bring the text to ``size`` characters, then ``tail``."""
    room = max(0, size - len(head) - len(tail))
    return head + unit * (room // len(unit)) + tail


def long_steps(size: int) -> str:
    """A valid routine of about ``size`` characters: a step per 10 KB, instructions filling it."""
    count = size // 10_000 + 1
    words = "Breathe out and hold. " * (min(9_000, size // count) // 22)
    return HEAD + "".join(STEP.format(n=n).replace("Hold.", words) for n in range(count))


SHAPES: dict[str, Callable[[int], str]] = {
    "steps": long_steps,
    "brackets in a string": lambda size: fill(
        size,
        "[[" + " " * 1_000 + "\n",
        head="name = \"Hip '''\"\ndescription = '''\n",
        tail="'''\n" + STEP.format(n=1),
    ),
    "quotes and escapes": lambda size: fill(
        size, '\\"', head='name = "Bench"\ndescription = "', tail='"\n' + STEP.format(n=1)
    ),
    "dotted keys": lambda size: fill(size, "a.b.c.d.e.f.g.h = 1\n", tail=STEP.format(n=1)),
    "one dotted key": lambda size: fill(size, ".a", head=HEAD + "a", tail=" = 1\n"),
    "nested lists": lambda size: fill(size, "x = " + "[" * 16 + "]" * 16 + "\n"),
    "long durations": lambda size: (
        HEAD + STEP.format(n=1).replace('"30s"', '"' + "1 " * (size // 2) + '"')
    ),
}

SIZES = [25_000 * 2**i for i in range(6)]  # 25 KB to 800 KB


def load_seconds(text: str, repeat: int) -> tuple[float, str]:
    """The best time of ``repeat`` loads, and the first problem found (or "loads")."""
    data = text.encode("utf-8")
    best = float("inf")
    outcome = "loads"
    for _ in range(repeat):
        gc.collect()  # a collection of the last run's garbage is not this run's time
        start = time.perf_counter()
        try:
            parse_routine(data, "bench.toml")
        except RoutineLoadError as exc:
            outcome = exc.errors[0].message
        best = min(best, time.perf_counter() - start)
    return best, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="best of this many loads")
    args = parser.parse_args()
    print(f"{'shape':22} " + " ".join(f"{size // 1000:>9} KB" for size in SIZES))
    worst_ratio = 0.0
    for name, build in SHAPES.items():
        times = []
        outcome = ""
        for size in SIZES:
            seconds, outcome = load_seconds(build(size), args.repeat)
            times.append(seconds)
        ratios = [later / earlier for earlier, later in zip(times, times[1:], strict=False)]
        # Below a few milliseconds the ratio is mostly noise; judge it where time was spent.
        judged = [r for r, t in zip(ratios, times[1:], strict=True) if t > 0.005]
        worst_ratio = max([worst_ratio, *judged])
        print(f"{name:22} " + " ".join(f"{t * 1000:9.1f} ms" for t in times))
        print(
            f"{'  ratio per doubling':22} "
            + "            "
            + " ".join(f"{r:12.2f}" for r in ratios)
        )
        print(f"{'  at 800 KB':22} {outcome[:70]}")
    print()
    print(f"worst ratio per doubling (over 5 ms): {worst_ratio:.2f} (linear: 2, quadratic: 4)")


if __name__ == "__main__":
    main()
