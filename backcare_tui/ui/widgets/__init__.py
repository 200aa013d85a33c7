"""Widgets of the guided session: one per file."""
