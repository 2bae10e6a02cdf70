"""Fixes as text edits: where a check's fix changes a file, found from the positions vocheck recorded."""
