"""Sound: cues and spoken phrases for a session, played through whatever the machine has."""
