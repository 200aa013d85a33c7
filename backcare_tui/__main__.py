"""``python -m backcare_tui``: the same as the ``backcare`` command."""

from backcare_tui.cli.main import main

raise SystemExit(main())
