"""The core: routines, durations and the session engine. No files, no sound, no Textual."""
