"""The plan as a calendar (``backcare plan --ics FILE``): repeating events any calendar reads.

RFC 5545 through the icalendar package, which folds lines at 75 octets and ends them in CRLF.
Each routine due so many times a week, or on fixed days, becomes one weekly event with an RRULE;
rest days become one more. Calendars want a UID on each event (here the same each time the plan
is written, so importing it again updates the events rather than doubling them), a DTSTAMP in
UTC, PRODID and VERSION. Events are all-day dates, or floating local times with ``at``: no zone
to define, and a reminder at the start.

What depends on what happens (a stretch after a run, relief on a stiff day) has no date to put
in a calendar: :func:`unscheduled` lists it, and the calendar's description says so.

icalendar is imported here only, when a calendar is written: no other command pays for it.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta

from backcare_tui import __version__
from backcare_tui.core.phases import session_total
from backcare_tui.core.plan import Cadence, Plan, PlanItem, day_names
from backcare_tui.data.catalog import Catalog

__all__ = ["PRODID", "event_days", "plan_calendar", "unscheduled"]

PRODID = f"-//backcare-tui//plan {__version__}//EN"
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def event_days(item: PlanItem, plan: Plan) -> tuple[int, ...]:
    """The weekdays (Monday 0) a calendar shows ``item`` on.

    Fixed days as written. ``per_week`` days are spread over the days that are not rest days,
    as evenly as they go: two a week are Monday and Thursday.
    """
    if item.cadence is Cadence.DAYS:
        return item.days
    if item.cadence is not Cadence.WEEKLY:
        return ()
    open_days = [d for d in range(7) if d not in plan.rest_days]
    return tuple(open_days[i * len(open_days) // item.per_week] for i in range(item.per_week))


def unscheduled(plan: Plan) -> list[PlanItem]:
    """The routines of the plan that events in the day bring due, not the calendar."""
    return [item for item in plan.items if not event_days(item, plan)]


def _first(days: tuple[int, ...], today: date) -> date:
    """The first of ``days`` on or after ``today``: where the repeating event starts."""
    return today + timedelta(days=min((d - today.weekday()) % 7 for d in days))


def _uid(*parts: str) -> str:
    return "-".join(parts) + "@backcare-tui"


def plan_calendar(plan: Plan, catalog: Catalog, *, now: datetime, at: time | None = None) -> bytes:
    """The calendar of ``plan`` as written on ``now``'s day; ``at`` gives events a start time."""
    from icalendar import Alarm, Calendar, Event

    today = now.astimezone().date()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"backcare: {plan.name}")
    later = unscheduled(plan)
    notes = [f"{item.routine_id} {item.how_often}" for item in later]
    description = "Your back-care plan from backcare-tui. `backcare today` says what is due."
    if notes:
        description += " Not in the calendar, as it depends on your day: " + "; ".join(notes) + "."
    calendar.add("x-wr-caldesc", description)
    stamp = now.astimezone(UTC)
    for item in plan.items:
        days = event_days(item, plan)
        if not days:
            continue
        routine = catalog.routines.get(item.routine_id)
        name = routine.name if routine is not None else item.routine_id
        event = Event()
        event.add("uid", _uid(item.routine_id, item.cadence.value))
        event.add("dtstamp", stamp)
        event.add("summary", f"{name} ({item.how_often})")
        lines = [routine.description] if routine is not None and routine.description else []
        lines.append(f"Start it with: backcare run {item.routine_id}")
        event.add("description", "\n".join(lines))
        first = _first(days, today)
        if at is None:
            event.add("dtstart", first)
            event.add("dtend", first + timedelta(days=1))
        else:
            start = datetime.combine(first, at)  # floating: the user's own time, wherever
            minutes = math.ceil(session_total(routine) / 60) if routine is not None else 15
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(minutes=max(1, minutes)))
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"Time for {name}")
            alarm.add("trigger", timedelta(0))
            event.add_component(alarm)
        event.add("rrule", {"freq": "weekly", "byday": [_BYDAY[d] for d in days]})
        calendar.add_component(event)
    if plan.rest_days:
        rest = Event()
        rest.add("uid", _uid("rest-days"))
        rest.add("dtstamp", stamp)
        rest.add("summary", "Rest day (backcare)")
        rest.add(
            "description",
            f"No strength work today ({day_names(plan.rest_days)}). "
            "A stretch after a run, or relief on a stiff day, is still fine.",
        )
        first = _first(plan.rest_days, today)
        rest.add("dtstart", first)
        rest.add("dtend", first + timedelta(days=1))
        rest.add("rrule", {"freq": "weekly", "byday": [_BYDAY[d] for d in plan.rest_days]})
        calendar.add_component(rest)
    return bytes(calendar.to_ical())
