"""The dial: the part of the session screen that moves every second, drawn as one widget.

From the top: the clock face in block digits (as large as fits), a detail line (rep n of N, the
breath count, a reminder), the phase bar, and the session bar with its time left.

Why one widget and not four: each second all four change together, and in Textual every widget
that changes costs a round of messages and a repaint of its own. Drawn as one, a second costs
one small repaint of the rows that changed: usually a few rows of one digit and two bar lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.strip import Strip

from backcare_tui.ui.session_view import Mood
from backcare_tui.ui.widgets.big_clock import changed_areas, fit
from backcare_tui.ui.widgets.styled import StyledWidget

__all__ = ["Dial", "DialRows", "bar_segments", "bar_width", "dial_rows", "filled_cells"]

STEPS_PER_CELL = 2
"""Half-cell resolution for the bars: "╸" draws the half-filled cell."""
FACE_MIN = 5
"""The phase bar gives way before the face gets fewer rows than the smallest block digits."""


def filled_cells(fraction: float, width: int) -> int:
    """How many half cells of a ``width``-column bar are filled at ``fraction``."""
    return round(min(1.0, max(0.0, fraction)) * width * STEPS_PER_CELL)


def bar_width(width: int, label: str) -> int:
    """Columns left for a bar when ``label`` sits at its right end, one space before it.

    When the label would leave fewer than 4 columns, the label gives way: a bar with no room is
    no bar at all.
    """
    if not label:
        return width
    room = width - len(label) - 1
    return room if room >= 4 else width


def bar_segments(
    fraction: float, width: int, label: str, ink: Style, empty: Style, muted: Style
) -> list[Segment]:
    """One line: the bar filled to ``fraction``, then ``label`` right-aligned if it fits."""
    bar = bar_width(width, label)
    full, half = divmod(filled_cells(fraction, bar), STEPS_PER_CELL)
    segments = [Segment("━" * full, ink)]
    if half:
        segments.append(Segment("╸", ink))
    if bar - full - half > 0:
        segments.append(Segment("━" * (bar - full - half), empty))
    if bar < width:
        segments.append(Segment(" " + label.rjust(width - bar - 1), muted))
    return segments


@dataclass(frozen=True)
class DialRows:
    """Where each part sits, as rows of the dial; ``None`` for a part not shown."""

    face: int
    """Rows of the face, from row 0; 0 while the breathing pacer takes its place."""
    detail: int | None
    phase: int | None
    session: int


def dial_rows(height: int, detail: bool, face: bool) -> DialRows:
    """Share ``height`` rows out: the bars and detail at the bottom, the face above them.

    Without a ``face`` the dial is only its lower lines (the breathing pacer is drawn above it).
    On a short screen the phase bar gives way first, so the digits keep their smallest size;
    on a very short one the detail line gives way too, so the time is never lost: it is the one
    thing the user looks over for (a face of one row is the time as plain text).
    """
    if face and height - 1 - int(detail) < 1:
        detail = False
    lower = 1 + int(detail)
    with_phase = not face or height - lower - 1 >= FACE_MIN
    lower += int(with_phase)
    face_rows = max(0, height - lower) if face else 0
    row = face_rows
    detail_row = phase_row = None
    if detail:
        detail_row, row = row, row + 1
    if with_phase:
        phase_row, row = row, row + 1
    return DialRows(face_rows, detail_row, phase_row, row)


class Dial(StyledWidget):
    """The clock face, the detail line and the two bars, repainted row by row as they change."""

    DEFAULT_CSS = """
    Dial {
        width: 1fr;
        height: 1fr;
        min-height: 2;
        text-style: bold;
    }
    Dial.-no-face {
        height: auto;
    }
    Dial > .dial--detail {
        color: $foreground;
        text-style: bold;
    }
    Dial > .dial--phase {
        color: $primary;
        text-style: not bold;
    }
    Dial > .dial--session {
        color: $secondary;
        text-style: not bold;
    }
    Dial > .dial--empty {
        color: $foreground 15%;
        text-style: not bold;
    }
    Dial > .dial--label {
        color: $text-muted;
        text-style: not bold;
    }
    """
    PREFIX = "dial"
    PARTS = ("detail", "phase", "session", "empty", "label", *Mood)
    """The parts styled apart, each a component class; each :class:`Mood` colours the face."""
    COMPONENT_CLASSES = {f"dial--{part}" for part in PARTS}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._clock = ""
        self._detail = ""
        self._phase = 0.0
        self._session = 0.0
        self._session_label = ""
        self._face_shown = True
        self._mood = ""
        self._face_cache: tuple[tuple[object, ...], list[Strip]] | None = None
        self._lines: list[Strip] = []

    # --- what it shows ---------------------------------------------------------------------------

    @property
    def clock(self) -> str:
        """The text on the face: ``0:25``, ``12:05`` or a rep count ``3/10``."""
        return self._clock

    def set_mood(self, mood: Mood) -> None:
        """Colour the face for ``mood`` (its component class: ``.dial--final`` and so on).

        A component class rather than a class on the widget: a class change restyles the widget
        through the whole stylesheet, which costs more than a minute of ticking; here the styles
        are read once and switching between them is a lookup.
        """
        if mood != self._mood:
            self._mood = mood
            self._face_cache = None
            self.refresh()

    def show_face(self, shown: bool) -> None:
        """Hide the face (while the breathing pacer shows instead) or bring it back."""
        if shown != self._face_shown:
            self._face_shown = shown
            self.set_class(not shown, "-no-face")
            self.refresh(layout=True)

    def update(
        self, *, clock: str, detail: str, phase: float, session: float, session_label: str
    ) -> None:
        """Show new values, repainting only the rows (and, on the face, the glyphs) that changed.

        A plain method, not reactive attributes: it runs every second, and one call that
        compares and marks what changed costs far less than four watchers doing it apart.
        """
        width, height = self._inner_size()
        old = dial_rows(height, bool(self._detail), self._face_shown)
        new = dial_rows(height, bool(detail), self._face_shown)
        areas: list[Region] = []
        whole = old != new  # the parts moved: draw everything again
        if not whole and clock != self._clock and new.face:
            face = changed_areas(self._clock, clock, width, new.face)
            whole = face is None
            areas.extend(Region(*area) for area in face or ())
        if new.detail is not None and detail != self._detail:
            areas.append(Region(0, new.detail, width, 1))
        if new.phase is not None and self._bar_moved(self._phase, phase, width, ""):
            areas.append(Region(0, new.phase, width, 1))
        if session_label != self._session_label or self._bar_moved(
            self._session, session, width, session_label
        ):
            areas.append(Region(0, new.session, width, 1))
        self._clock, self._detail = clock, detail
        self._phase, self._session, self._session_label = phase, session, session_label
        if whole:
            # Without the face the dial's height is its lower lines: they may have changed.
            self.refresh(layout=not self._face_shown)
        elif areas:
            self.refresh(*areas)

    def _bar_moved(self, old: float, new: float, width: int, label: str) -> bool:
        bar = bar_width(width, label)
        return filled_cells(old, bar) != filled_cells(new, bar)

    def _inner_size(self) -> Size:
        # ``outer_size`` less padding and border is the content size, and far cheaper to ask
        # than ``content_size``, which walks up to the screen.
        outer = self.outer_size
        gutter = self.styles.gutter
        return Size(max(0, outer.width - gutter.width), max(0, outer.height - gutter.height))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """Without the face, the dial is as tall as its lower lines."""
        rows = dial_rows(0, bool(self._detail), False)
        return rows.session + 1

    # --- drawing ---------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        """A colour changed (a mood class, the theme): draw the face with the new styles."""
        self._face_cache = None
        super().notify_style_update()

    def _face(self, width: int, rows: int) -> list[Strip]:
        key = (self._clock, self._mood, width, rows)
        if self._face_cache is None or self._face_cache[0] != key:
            style = self.part_style(self._mood)
            lines = fit(self._clock, width, rows)
            top = (rows - len(lines)) // 2
            blank = Strip([Segment(" " * width, style)], width)
            strips = [blank] * rows
            for index, line in enumerate(lines):
                if 0 <= top + index < rows:
                    line = line[:width]
                    left = (width - len(line)) // 2
                    text = " " * left + line + " " * (width - left - len(line))
                    strips[top + index] = Strip([Segment(text, style)], width)
            self._face_cache = (key, strips)
        return self._face_cache[1]

    def draw(self) -> list[Strip]:
        """Every line of the dial as it should look now, worked out afresh."""
        width, height = self._inner_size()
        rows = dial_rows(height, bool(self._detail), self._face_shown)
        lines = list(self._face(width, rows.face)) if rows.face else []
        if rows.detail is not None:
            detail = self._detail
            if cell_len(detail) > width:
                detail = set_cell_size(detail, max(0, width - 1)) + "…" if width else ""
            left = (width - cell_len(detail)) // 2
            text = " " * left + detail + " " * (width - left - cell_len(detail))
            lines.append(Strip([Segment(text, self.part_style("detail"))], width))
        empty, muted = self.part_style("empty"), self.part_style("label")
        if rows.phase is not None:
            segments = bar_segments(self._phase, width, "", self.part_style("phase"), empty, muted)
            lines.append(Strip(segments, width))
        segments = bar_segments(
            self._session, width, self._session_label, self.part_style("session"), empty, muted
        )
        lines.append(Strip(segments, width))
        blank = Strip.blank(width, self.part_style(""))
        return lines + [blank] * max(0, height - len(lines))

    def render_lines(self, crop: Region) -> list[Strip]:
        # Every line is worked out here, once per paint, and render_line only hands them out:
        # the size and the styles are asked for once, not once per row.
        self._lines = self.draw()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        lines = self._lines
        return lines[y] if 0 <= y < len(lines) else Strip.blank(self._inner_size().width)
