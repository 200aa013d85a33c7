#!/bin/sh
# Install backcare-tui into a virtual environment, with simpleaudio where it can be built.
#
#     scripts/install.sh PYTHON [EXTRA]      e.g. scripts/install.sh .venv/bin/python dev
#
# simpleaudio (the `sound` extra, offered on Python 3.11 only) has no Linux wheels: pip compiles
# it against ALSA's headers. Without them pip prints a long build failure before the app falls
# back to a command-line player anyway. So the headers are looked for first, a build that still
# fails is never shown, and either way one line says how sound will play and how to get
# simpleaudio. ALSA_HEADER overrides where the header is looked for (the tests use it).
set -eu
python=$1
extra=${2:-}
log=$(dirname "$python")/../pip-sound.log
header=${ALSA_HEADER:-/usr/include/alsa/asoundlib.h}
hint="Sounds will play through a command-line player (pw-play, paplay or aplay). For simpleaudio, install the ALSA headers (Debian/Ubuntu: sudo apt install libasound2-dev), then run: $(dirname "$python")/pip install simpleaudio"

with() {
    # The package with the extras named, e.g. `.[dev,sound]`, or `.` for none.
    if [ -n "$1" ]; then echo ".[$1]"; else echo "."; fi
}

plain=$(with "$extra")
sound=$(with "${extra:+$extra,}sound")

if ! "$python" -c 'import sys; sys.exit(sys.version_info >= (3, 12))'; then
    # Python 3.12 and newer: the extra holds nothing (simpleaudio crashes there), so no build.
    exec "$python" -m pip install --quiet -e "$plain"
fi
if [ "$(uname -s)" != Darwin ] && [ ! -f "$header" ] && ! pkg-config --exists alsa 2>/dev/null; then
    echo "$hint"
    exec "$python" -m pip install --quiet -e "$plain"
fi
if "$python" -m pip install --quiet -e "$sound" >"$log" 2>&1; then
    rm -f "$log"
    exit 0
fi
echo "simpleaudio could not be built (pip's output is in $log). $hint"
exec "$python" -m pip install --quiet -e "$plain"
