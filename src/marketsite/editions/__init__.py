"""Editions: what changed between two versions of the data, notes, releases."""
