"""The checks stage: every problem an editor can make, found before anything is derived."""
