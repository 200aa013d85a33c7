"""``backcare report``: a one-page summary for a physio, in Markdown or HTML, text escaped."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from backcare_tui.cli.report import Since, since
from backcare_tui.cli.report_page import md_escape
from backcare_tui.data.locations import plan_path, user_routines_dir
from tests.cli.program_cli import Backcare

NASTY = '<script>alert("x")</script> | *Core* [link](http://e.x) `tick`'


@pytest.fixture
def backcare(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Backcare:
    user_routines_dir().mkdir(parents=True)
    (user_routines_dir() / "odd.toml").write_text(
        f'name = {NASTY!r}\nlead_in = 0\n[[steps]]\nname = "Plank <b>"\nkind = "hold"\n'
        "duration = 20\nprogress = { add = 5 }\n",
        encoding="utf-8",
    )
    plan_path().write_text('name = "A & B"\n[[routines]]\nid = "odd"\nper_week = 1\n')
    return Backcare(monkeypatch, capsys)


def test_since_reads_weeks_days_or_a_date() -> None:
    today = date(2025, 3, 12)  # a Wednesday
    assert since("6w") == Since(weeks=6)
    assert since("6w").first_day(today) == date(2025, 2, 3)  # five whole weeks and this one
    assert since("30d").first_day(today) == date(2025, 2, 11)
    assert since("2025-03-01").first_day(today) == date(2025, 3, 1)
    with pytest.raises(Exception, match="weeks such as 6w"):
        since("soon")


def test_markdown_escapes_what_came_from_files(backcare: Backcare) -> None:
    backcare("2025-03-03T18:00", "checkin", "3")
    backcare("2025-03-03T18:01", "run", "odd", "--plain", "--no-sound")
    backcare("2025-03-03T18:10", "checkin", "2")
    said = backcare("2025-03-05T09:00", "report", "--since", "1w")
    assert said.code == 0
    page = said.out
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert r"\| \*Core\* \[link\](http://e.x) \`tick\`" in page
    assert "Plank &lt;b&gt;: 20 s (base 20 s; +5 s every 2 good sessions, up to 40 s)" in page
    assert "Adherence to the plan “A &amp; B” over the whole weeks: no plan routine was due" in page
    assert "| 3 Mar (part) | 1 of 1 | 1 of 1 |" in page
    assert md_escape("a_b|c") == r"a\_b\|c"


def test_html_is_escaped_self_contained_and_has_no_script(
    backcare: Backcare, tmp_path: Path
) -> None:
    backcare("2025-03-03T18:00", "checkin", "8")
    target = tmp_path / "report.html"
    said = backcare("2025-03-05T09:00", "report", "--format", "html", "-o", str(target))
    assert said.code == 0 and said.out.startswith(f"Wrote {target}")
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower() and "javascript:" not in page.lower()
    assert "default-src 'none'" in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert page.count("<svg") == 2
    assert "stiffness 8 on Mon 3 Mar" in page and "See a doctor or physical therapist" in page
    assert "A &amp; B" in page


def test_a_report_from_the_future_or_into_a_folder_is_refused(
    backcare: Backcare, tmp_path: Path
) -> None:
    future = backcare("2025-03-05T09:00", "report", "--since", "2025-04-01")
    assert future.code == 1 and "is after today" in future.err
    folder = backcare("2025-03-05T09:00", "report", "-o", str(tmp_path))
    assert folder.code == 1 and "is a folder" in folder.err
