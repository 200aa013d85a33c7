"""Files: where things live, settings, the routine catalog and store, history. No Textual."""
