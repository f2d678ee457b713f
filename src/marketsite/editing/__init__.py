"""Editing tools: the live preview, scaffolding, spreadsheets, translations, schemas."""
