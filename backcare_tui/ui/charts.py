"""The program's two charts, drawn for the terminal, for plain text and as SVG.

- **Stiffness over time**: each day's ratings on a 0-10 scale, before a session (○), after it
  (●) and check-ins on their own (◇); ◉ where before and after are the same.
- **Sessions a week against the plan**: a bar a week, done (█) against what the plan asked
  (░ still to do), sessions beyond it (+).

A chart is drawn once as rows of cells (a glyph and a style name), then given to rich
(:func:`as_text`, for ``backcare history`` and the history screen, which draw the same
renderable), to plain lines (:func:`as_lines`, for ``--plain`` and the Markdown report) or drawn
again as SVG for the HTML report. Drawing these by hand rather than with plotext keeps start-up
free of a plotting library (plotext 5 took 60 ms to import here, plotext 6 over 200 ms) and
keeps the glyphs legible at 40 columns. No Textual: the command line imports this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from html import escape

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from backcare_tui.core.agenda import week_of
from backcare_tui.core.trends import StiffnessDay, Week, since_first_use, stiffness_days, weeks
from backcare_tui.data.program import Program

__all__ = [
    "STYLES",
    "Cell",
    "ProgramCharts",
    "as_lines",
    "as_text",
    "charts_for",
    "figure_lines",
    "short_day",
    "stiffness_chart",
    "stiffness_svg",
    "week_bars",
    "weeks_svg",
]

Cell = tuple[str, str | None]
"""A glyph and the name of its style (None: plain)."""

STYLES = {
    "before": "yellow",
    "after": "green",
    "checkin": "cyan",
    "both": "bold green",
    "axis": "dim",
    "done": "green",
    "todo": "dim",
    "extra": "cyan",
}
"""What each part of a chart looks like in the terminal (rich styles)."""

_GLYPHS = {"before": "○", "after": "●", "checkin": "◇", "both": "◉"}
TOP = 10


def _row(text: str, style: str | None = None) -> list[Cell]:
    return [(char, style) for char in text]


def short_day(day: date) -> str:
    """``3 Mar``: a day as the charts and the report for a physio label it."""
    return f"{day.day} {day:%b}"


def _legend(width: int) -> list[list[Cell]]:
    title = _row("Stiffness, 0 none to 10 worst")
    key: list[Cell] = []
    for part, word in (
        ("before", "before"),
        ("after", "after"),
        ("both", "both"),
        ("checkin", "check-in"),
    ):
        key += [*_row(" "), (_GLYPHS[part], part), *_row(" " + word)]
    if len(title) + 1 + len(key) <= width:
        return [title + _row(":") + key]
    return [title, key[1:]]


def stiffness_chart(
    days: Sequence[StiffnessDay], first: date, last: date, width: int
) -> list[list[Cell]]:
    """The stiffness chart from ``first`` to ``last``, ``width`` cells wide (at least 20)."""
    width = max(20, width)
    plot = width - 4  # "10 │"
    span = (last - first).days + 1
    rows: list[list[Cell]] = [[(" ", None)] * plot for _ in range(TOP + 1)]

    def column(day: date) -> int:
        index = (day - first).days
        if span <= plot:
            return round(index * (plot - 1) / max(span - 1, 1))
        return index * plot // span

    for point in days:
        if not first <= point.day <= last:
            continue
        x = column(point.day)
        marks: dict[int, str] = {}
        if point.checkin is not None:
            marks[point.checkin] = "checkin"
        if point.before is not None:
            marks[point.before] = "before"
        if point.after is not None:
            same = point.before == point.after
            marks[point.after] = "both" if same else "after"
        for value, part in marks.items():
            rows[TOP - max(0, min(TOP, value))][x] = (_GLYPHS[part], part)
    chart = _legend(width)
    for value, cells in zip(range(TOP, -1, -1), rows, strict=True):
        chart.append([*_row(f"{value:>2} │", "axis"), *cells])
    chart.append(_row("   └" + "─" * plot, "axis"))
    labels = [" "] * plot
    day = first
    while day <= last:
        x, label = column(day), short_day(day)
        free = x + len(label) <= plot and all(
            c == " " for c in labels[max(0, x - 1) : x + len(label) + 1]
        )
        if (day == first or day.weekday() == 0) and free:
            labels[x : x + len(label)] = label
        day += timedelta(days=1)
    chart.append(_row("    " + "".join(labels).rstrip(), "axis"))
    return chart


def week_bars(all_weeks: Sequence[Week], width: int) -> list[list[Cell]]:
    """A bar a week: done against the plan's target, ``width`` cells wide (at least 30)."""
    width = max(30, width)
    chart = [_row("Sessions a week against the plan: ")]
    key: list[Cell] = [("█", "done"), *_row(" done  "), ("░", "todo"), *_row(" to do  ")]
    key += [("+", "extra"), *_row(" more")]
    if len(chart[0]) + len(key) <= width:
        chart[0] += key
    else:
        chart.append(key)
    if not all_weeks:
        return chart
    widest = max(max(w.target, w.done + w.extra) for w in all_weeks) or 1
    room = width - 7 - 18  # the date, and "12 of 12 (so far)"
    unit = 2 if widest * 2 <= room else 1
    scale = min(1.0, room / (widest * unit))
    bars = []
    for week in all_weeks:
        done = round(week.done * unit * scale)
        todo = round(max(0, week.target - week.done) * unit * scale)
        extra = round(week.extra * unit * scale)
        bars.append(
            _row("█" * done, "done") + _row("░" * todo, "todo") + _row("+" * extra, "extra")
        )
    longest = max(len(b) for b in bars)
    for week, bar in zip(all_weeks, bars, strict=True):
        row = _row(f"{short_day(week.monday):<7}", "axis") + bar + _row(" " * (longest - len(bar)))
        figures = f" {week.done} of {week.target}"
        if week.extra:
            figures += f" +{week.extra}"
        if week.partial:
            figures += " (so far)" if week is all_weeks[-1] else " (part)"
        chart.append(row + _row(figures))
    return chart


def as_lines(chart: Sequence[Sequence[Cell]]) -> list[str]:
    """A chart as plain text lines, trailing spaces trimmed."""
    return ["".join(glyph for glyph, _style in row).rstrip() for row in chart]


def as_text(chart: Sequence[Sequence[Cell]]) -> Text:
    """A chart as one rich Text, styled by :data:`STYLES`."""
    text = Text(no_wrap=True, overflow="crop")
    for number, row in enumerate(chart):
        if number:
            text.append("\n")
        for glyph, style in row:
            text.append(glyph, style=STYLES.get(style or "", "") or None)
    return text


class ProgramCharts:
    """Both charts as one rich renderable, drawn at the width it is given.

    The history screen and ``backcare history`` show the same object: Textual passes the
    widget's width, a console its own, so the charts fit 80 columns and 40 alike.
    """

    def __init__(
        self, days: Sequence[StiffnessDay], all_weeks: Sequence[Week], first: date, last: date
    ) -> None:
        self.days, self.weeks, self.first, self.last = days, all_weeks, first, last

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        yield as_text(stiffness_chart(self.days, self.first, self.last, width))
        yield Text("")
        yield as_text(week_bars(self.weeks, width))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(30, options.max_width)


CHART_WEEKS = 6
"""Weeks the history's charts cover: this one and the five before it."""


def charts_for(program: Program, weeks_shown: int = CHART_WEEKS) -> ProgramCharts:
    """The charts of the last ``weeks_shown`` weeks of ``program``, up to its today."""
    last = program.journal.day(program.now)
    first = week_of(last)[0] - timedelta(weeks=weeks_shown - 1)
    first = since_first_use(program.journal, first, last)
    return ProgramCharts(
        stiffness_days(program.journal, first, last),
        weeks(program.plan, program.journal, first, last),
        first,
        last,
    )


def figure_lines(days: Sequence[StiffnessDay], all_weeks: Sequence[Week]) -> list[str]:
    """The charts' figures as plain lines, for line mode and screen readers."""
    lines = ["Stiffness (0 none to 10 worst), by day:"]
    for point in days:
        said = [
            f"{word} {value}"
            for word, value in (
                ("before", point.before),
                ("after", point.after),
                ("check-in", point.checkin),
            )
            if value is not None
        ]
        lines.append(f"  {point.day:%a} {short_day(point.day)}: " + ", ".join(said))
    if not days:
        lines.append("  no ratings yet")
    lines.append("Sessions a week against the plan:")
    for week in all_weeks:
        more = f", {week.extra} more" if week.extra else ""
        partial = " (so far)" if week.partial else ""
        lines.append(
            f"  week of {short_day(week.monday)}: {week.done} of {week.target}{more}{partial}"
        )
    return lines


# --- SVG, for the HTML report -----------------------------------------------------------------

_SVG_COLOURS = {"before": "#b8860b", "after": "#2e7d32", "checkin": "#0277bd"}


def stiffness_svg(days: Sequence[StiffnessDay], first: date, last: date) -> str:
    """The stiffness chart as an SVG element: lines for before and after, dots for check-ins."""
    width, height, left, top, bottom = 640, 260, 36, 28, 40
    plot_w, plot_h = width - left - 12, height - top - bottom
    span = max((last - first).days, 1)

    def x(day: date) -> float:
        return left + (day - first).days * plot_w / span

    def y(value: int) -> float:
        return top + (TOP - value) * plot_h / TOP

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        'aria-label="Stiffness over time, 0 none to 10 worst">'
    ]
    for value in range(0, TOP + 1, 2):
        parts.append(
            f'<line x1="{left}" y1="{y(value):.1f}" x2="{width - 12}" y2="{y(value):.1f}" '
            'stroke="#ddd"/>'
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}" font-size="11" text-anchor="end">'
            f"{value}</text>"
        )
    day = first
    while day <= last:
        if day == first or day.weekday() == 0:
            parts.append(
                f'<text x="{x(day):.1f}" y="{height - bottom + 16}" font-size="11">'
                f"{escape(short_day(day))}</text>"
            )
        day += timedelta(days=1)
    for part in ("before", "after"):
        points = [(p.day, getattr(p, part)) for p in days if getattr(p, part) is not None]
        colour = _SVG_COLOURS[part]
        if len(points) > 1:
            line = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in points)
            parts.append(f'<polyline points="{line}" fill="none" stroke="{colour}"/>')
        for d, v in points:
            fill = colour if part == "after" else "white"
            parts.append(
                f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="4" fill="{fill}" stroke="{colour}"/>'
            )
    for p in days:
        if p.checkin is not None:
            cx, cy = x(p.day), y(p.checkin)
            parts.append(
                f'<path d="M{cx:.1f} {cy - 5:.1f} l5 5 l-5 5 l-5 -5 z" fill="white" '
                f'stroke="{_SVG_COLOURS["checkin"]}"/>'
            )
    legend = (("before", "○ before a session"), ("after", "● after"), ("checkin", "◇ check-in"))
    for number, (part, words) in enumerate(legend):
        parts.append(
            f'<text x="{left + number * 150}" y="16" font-size="12" '
            f'fill="{_SVG_COLOURS[part]}">{escape(words)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def weeks_svg(all_weeks: Sequence[Week]) -> str:
    """Sessions a week against the plan as an SVG bar chart: a bar of sessions done (and a
    lighter one of sessions beyond), and a black line at what the plan asked."""
    width, bar, gap, left, top = 640, 34, 16, 36, 34
    widest = max([max(w.target, w.done + w.extra) for w in all_weeks] + [1])
    plot_h = 160
    height = top + plot_h + 40
    unit = plot_h / widest

    def y(value: float) -> float:
        return top + plot_h - value * unit

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        'aria-label="Sessions a week against the plan">',
        f'<text x="{left}" y="14" font-size="12"><tspan fill="#2e7d32">■ done</tspan>'
        '<tspan dx="12" fill="#81c784">■ more than asked</tspan>'
        '<tspan dx="12">▬ what the plan asked</tspan></text>',
    ]
    step = max(1, round(widest / 5))
    for value in range(0, widest + 1, step):
        parts.append(
            f'<line x1="{left}" y1="{y(value):.1f}" x2="{width - 12}" y2="{y(value):.1f}" '
            'stroke="#eee"/>'
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}" font-size="11" text-anchor="end">'
            f"{value}</text>"
        )
    for number, week in enumerate(all_weeks):
        x = left + 8 + number * (bar + gap)
        done_h, extra_h = week.done * unit, week.extra * unit
        parts.append(
            f'<rect x="{x}" y="{y(week.done):.1f}" width="{bar}" height="{done_h:.1f}" '
            'fill="#2e7d32"/>'
            f'<rect x="{x}" y="{y(week.done + week.extra):.1f}" width="{bar}" '
            f'height="{extra_h:.1f}" fill="#81c784"/>'
            f'<line x1="{x - 3}" y1="{y(week.target):.1f}" x2="{x + bar + 3}" '
            f'y2="{y(week.target):.1f}" stroke="#000" stroke-width="2"/>'
            f'<text x="{x}" y="{height - 22}" font-size="11">'
            f"{escape(short_day(week.monday))}</text>"
            f'<text x="{x}" y="{height - 8}" font-size="11">{week.done}/{week.target}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
