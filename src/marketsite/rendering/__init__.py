"""The rendering stage: pages per locale and every per-report output."""
