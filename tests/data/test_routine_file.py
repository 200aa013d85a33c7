"""Reading routine files: regular files only, never blocking, never more than the limit; paths as
the user is shown them, the same on every machine."""

from __future__ import annotations

import os
import signal
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from backcare_tui.core.routine import RoutineLoadError
from backcare_tui.core.toml_limits import MAX_FILE_BYTES
from backcare_tui.data.catalog import load_catalog, load_routine, source_of
from backcare_tui.data.locations import shown_path, user_routines_dir
from backcare_tui.data.routine_file import (
    NotARoutineFile,
    not_a_routine_file,
    read_routine_file,
)
from backcare_tui.data.routine_store import SaveError, save_routine

GOOD = 'name = "Hill day"\n[[steps]]\nname = "Plank"\nkind = "hold"\nduration = 30\n'


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail, rather than hang the suite, if the body blocks for ``seconds``."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still blocked after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with deadline(10), pytest.raises(NotARoutineFile, match=r"is a named pipe \(FIFO\)"):
        read_routine_file(fifo)
    with deadline(10), pytest.raises(RoutineLoadError) as caught:
        load_routine(fifo)
    assert str(caught.value) == f"{fifo}: is a named pipe (FIFO), not a routine file"


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_is_refused(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    with deadline(10), pytest.raises(NotARoutineFile, match="is a device, not a routine file"):
        read_routine_file(Path(device))


def test_a_folder_and_a_socket_are_refused_and_say_what_they_are(tmp_path: Path) -> None:
    assert not_a_routine_file(tmp_path) == "is a folder, not a routine file"
    sock = tmp_path / "s.toml"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(sock))
        assert not_a_routine_file(sock) == "is a socket, not a routine file"
        with pytest.raises(NotARoutineFile):
            read_routine_file(sock)
    finally:
        server.close()
    assert not_a_routine_file(tmp_path / "missing.toml") is None  # reading it will say so


def test_a_link_to_a_routine_is_read(tmp_path: Path) -> None:
    target = tmp_path / "real.toml"
    target.write_text(GOOD, encoding="utf-8")
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    assert read_routine_file(link) == GOOD.encode()


def test_only_one_byte_past_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:
        handle.truncate(4 * 1024**3)  # sparse: reading it all would take seconds and 4 GB
    with deadline(10):
        assert len(read_routine_file(path)) == MAX_FILE_BYTES + 1
        with pytest.raises(RoutineLoadError, match="is too large for a routine"):
            load_routine(path)


def test_a_file_name_with_a_control_character_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil\x1b]0;x\x07.toml"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(RoutineLoadError) as caught:
        load_routine(path)
    assert str(caught.value) == (
        f"{tmp_path}/evil\\u001b]0;x\\u0007.toml: has a control character (\\u001b) in its "
        "name; rename the file"
    )


def test_paths_under_home_are_shown_from_tilde(isolated_dirs: Path, tmp_path: Path) -> None:
    assert shown_path(isolated_dirs / "config" / "x.toml") == "~/config/x.toml"
    assert shown_path(isolated_dirs) == "~"
    assert shown_path(tmp_path / "elsewhere.toml") == str(tmp_path / "elsewhere.toml")
    assert shown_path(Path("relative.toml")) == "relative.toml"


def test_a_routine_is_from_built_in_or_from_its_file_under_home() -> None:
    folder = user_routines_dir()
    folder.mkdir(parents=True)
    (folder / "hill-day.toml").write_text(GOOD, encoding="utf-8")
    catalog = load_catalog()
    assert source_of(catalog.routines["core-strength"]) == "built-in"
    assert source_of(catalog.routines["hill-day"]) == "~/config/backcare-tui/routines/hill-day.toml"


def test_a_save_never_replaces_a_file_it_could_only_read_part_of() -> None:
    routine = load_routine(_write_user("hill-day", GOOD))
    path = _write_user("big", "# " + "x" * MAX_FILE_BYTES + "\n")
    before = path.read_bytes()
    with pytest.raises(SaveError) as caught:
        save_routine(routine, "big")
    assert str(caught.value) == (
        "~/config/backcare-tui/routines/big.toml: is larger than any routine; move it aside first"
    )
    assert path.read_bytes() == before
    assert not path.with_name("big.toml.bak").exists()


def _write_user(routine_id: str, text: str) -> Path:
    folder = user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{routine_id}.toml"
    path.write_text(text, encoding="utf-8")
    return path
