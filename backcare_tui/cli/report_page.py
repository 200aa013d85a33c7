"""The report for a physio laid out as one page: Markdown (:func:`markdown`) or HTML (:func:`html`).

Every piece of text that came from a file or the history is escaped for the format it goes
into: in Markdown, the characters that would make a link, emphasis, a table cell or raw HTML;
in HTML, everything (``html.escape``). The HTML page holds no script, loads nothing, and says
so to the browser with a Content-Security-Policy that allows only its own inline style.
"""

from __future__ import annotations

import html as html_text
import re
from datetime import date

from backcare_tui.core.distances import km_words
from backcare_tui.core.durations import format_duration
from backcare_tui.core.progression import base_of, dose_words, rule_words
from backcare_tui.core.red_flag import ADVICE
from backcare_tui.core.routine import Routine
from backcare_tui.core.safety import RED_FLAGS
from backcare_tui.core.text import printable
from backcare_tui.data.program_report import PlannedRoutine, Report
from backcare_tui.ui.charts import (
    as_lines,
    short_day,
    stiffness_chart,
    stiffness_svg,
    week_bars,
    weeks_svg,
)

__all__ = ["html", "markdown", "md_escape"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")
CHART_WIDTH = 72


def _clean(text: str) -> str:
    """Text from a file or the history with every control character written as an escape."""
    return printable(text)


def md_escape(text: str) -> str:
    """``text`` as literal Markdown: no links, emphasis, table cells or HTML can come of it."""
    return _MD_SPECIAL.sub(r"\\\1", html_text.escape(_clean(text), quote=False))


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _percent(value: float | None) -> str:
    return "no plan routine was due" if value is None else f"{round(value * 100)} %"


def _rating(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


def _steps(planned: PlannedRoutine) -> list[str]:
    """Each step at today's dose; a progressing step with its base and rule."""
    assert planned.routine is not None and planned.today is not None
    lines = []
    for index, (step, today) in enumerate(
        zip(planned.routine.steps, planned.today.steps, strict=True)
    ):
        line = f"{step.name}: {today.summary()}"
        progress = planned.progress.get(index)
        if progress is not None:
            line += f" (base {dose_words(step, base_of(step))}; {rule_words(step)})"
        lines.append(line)
    return lines


def _summary(report: Report) -> list[str]:
    hours = format_duration(report.minutes * 60)
    plan = "the default plan" if report.plan_is_default else f"the plan “{report.plan_name}”"
    lines = [
        f"Sessions done: {report.sessions} ({hours})"
        + (f", {report.sessions_stopped} stopped early" if report.sessions_stopped else ""),
        f"Adherence to {plan} over the whole weeks: {_percent(report.adherence)}",
        f"Runs logged: {report.runs}"
        + (f" ({km_words(report.run_km)})" if report.run_km else "")
        + (f", {report.hard_runs} hard" if report.hard_runs else ""),
        f"Stiffness check-ins (backcare checkin): {report.checkins}",
    ]
    return lines


def _week_rows(report: Report) -> list[list[str]]:
    rows = []
    for week in report.weeks:
        label = short_day(week.monday) + (" (part)" if week.partial else "")
        cells = [f"{t.done} of {t.target}" if t.target else "–" for t in week.tallies]
        extra = f" +{week.extra}" if week.extra else ""
        rows.append([label, *cells, f"{week.done} of {week.target}{extra}"])
    return rows


def _chart_text(report: Report) -> list[str]:
    return (
        as_lines(stiffness_chart(report.days, report.first, report.last, CHART_WIDTH))
        + [""]
        + as_lines(week_bars(report.weeks, CHART_WIDTH))
    )


# --- Markdown ------------------------------------------------------------------------------------


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def markdown(report: Report) -> str:
    """The report as one Markdown page."""
    names = [md_escape(r.routine.name if r.routine else r.item.routine_id) for r in report.routines]
    lines = [
        f"# Back-care report: {_day(report.first)} to {_day(report.last)}",
        "",
        f"Written by backcare-tui on {_day(report.written.date())} for a physiotherapist. "
        "Stiffness is the user's own rating, 0 (none) to 10 (worst).",
        "",
        "## Summary",
        "",
        *(f"- {md_escape(line)}" for line in _summary(report)),
    ]
    if report.flags:
        lines += ["", "**Red flags** (progression held while they were up):", ""]
        lines += [f"- {_day(day)}: {md_escape(reason)}" for day, reason in report.flags]
        lines += ["", md_escape(ADVICE)]
    columns = zip(names, report.routines, strict=True)
    header = ["Week of", *(f"{n} ({md_escape(r.item.how_often)})" for n, r in columns), "Total"]
    lines += ["", "## Adherence against the plan", "", *_md_table(header, _week_rows(report))]
    stiffness = [
        [short_day(w.monday), _rating(w.before), _rating(w.after), _rating(w.checkin)]
        for w in report.week_stiffness
    ]
    lines += [
        "",
        "## Stiffness trend",
        "",
        "```text",
        *_chart_text(report),
        "```",
        "",
        *_md_table(["Week of", "Before sessions", "After sessions", "Check-ins"], stiffness),
        "",
        "## Routines and their current doses",
    ]
    for name, planned in zip(names, report.routines, strict=True):
        lines += ["", f"**{name}** ({md_escape(planned.item.how_often)})", ""]
        if planned.routine is None:
            lines.append("This routine's file cannot be loaded.")
            continue
        lines.append(" · ".join(md_escape(line) for line in _steps(planned)))
    lines += ["", "---", "", md_escape(RED_FLAGS[-1])]
    return "\n".join(lines) + "\n"


# --- HTML ----------------------------------------------------------------------------------------

_STYLE = """
body { font: 13px/1.4 system-ui, sans-serif; max-width: 46em; margin: 1.5em auto; color: #222; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { font-size: 1.15em; margin: 1.2em 0 0.4em; }
table { border-collapse: collapse; margin: 0.4em 0; } td, th { padding: 2px 8px;
border-bottom: 1px solid #ddd; text-align: left; } .flag { color: #a00; } .small { color: #555; }
@media print { body { margin: 0; } @page { size: A4; margin: 12mm; } }
"""


def _esc(text: object) -> str:
    return html_text.escape(_clean(str(text)))


def _html_table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{_esc(cell)}</th>" for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{_esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _routine_name(planned: PlannedRoutine) -> str:
    routine: Routine | None = planned.routine
    return routine.name if routine is not None else planned.item.routine_id


def html(report: Report) -> str:
    """The report as one self-contained HTML page: no script, nothing loaded from elsewhere."""
    title = f"Back-care report: {_day(report.first)} to {_day(report.last)}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>{_esc(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_esc(title)}</h1>",
        f'<p class="small">Written by backcare-tui on {_esc(_day(report.written.date()))} for a '
        "physiotherapist. Stiffness is the user's own rating, 0 (none) to 10 (worst).</p>",
        "<h2>Summary</h2><ul>",
        *(f"<li>{_esc(line)}</li>" for line in _summary(report)),
        "</ul>",
    ]
    if report.flags:
        parts.append('<p class="flag"><strong>Red flags</strong> (progression held):</p><ul>')
        parts += [f'<li class="flag">{_esc(_day(d))}: {_esc(r)}</li>' for d, r in report.flags]
        parts.append(f"</ul><p>{_esc(ADVICE)}</p>")
    header = (
        ["Week of"]
        + [f"{_routine_name(r)} ({r.item.how_often})" for r in report.routines]
        + ["Total"]
    )
    parts += [
        "<h2>Adherence against the plan</h2>",
        weeks_svg(report.weeks),
        _html_table(header, _week_rows(report)),
        "<h2>Stiffness trend</h2>",
        stiffness_svg(report.days, report.first, report.last),
        _html_table(
            ["Week of", "Before sessions", "After sessions", "Check-ins"],
            [
                [short_day(w.monday), _rating(w.before), _rating(w.after), _rating(w.checkin)]
                for w in report.week_stiffness
            ],
        ),
        "<h2>Routines and their current doses</h2>",
    ]
    for planned in report.routines:
        name, how = _esc(_routine_name(planned)), _esc(planned.item.how_often)
        parts.append(f"<p><strong>{name}</strong> ({how})<br>")
        if planned.routine is None:
            parts.append("This routine's file cannot be loaded.</p>")
            continue
        parts.append(" · ".join(_esc(line) for line in _steps(planned)) + "</p>")
    parts += [f'<hr><p class="small">{_esc(RED_FLAGS[-1])}</p>', "</body></html>"]
    return "\n".join(parts) + "\n"
