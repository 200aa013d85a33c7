"""The ``backcare`` command line and its line mode. Textual only to start the full-screen app."""
