"""The site's settings: the marketsite plugin's options and the folders of ``mkdocs.yml``.

They are read without loading any plugin, so without the pipeline the plugin imports:
about 0.2 s instead of 1.2 s. A command thus refuses a wrong argument (an output folder
that is the data) at once, and ``validate`` loads only what validation needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config import load_config
from mkdocs.utils.yaml import yaml_load

from marketsite.errors import MarketsiteError
from marketsite.site.output import Input, protected_inputs
from marketsite.site.plugin_config import MarketsiteConfig

#: The plugin's name under ``plugins:`` (its entry point).
PLUGIN_NAME = "marketsite"


class SettingsError(MarketsiteError):
    """``mkdocs.yml`` does not enable the plugin, or its options are not valid."""


@dataclass(frozen=True)
class SiteSettings:
    """The multilingual settings of ``mkdocs.yml`` (the marketsite plugin's options)."""

    config_file: Path
    languages: tuple[str, ...]
    default_language: str
    data_dir: Path
    content_dir: Path
    site_url: str
    cagr_tolerance: float
    docs_dir: Path | None = None
    overrides_dir: Path | None = None
    directory_urls: bool = True
    #: The published editor's GitHub repository ("owner/name"; "" for none), its branch
    #: and API (see ``editor:`` in the plugin's options).
    editor_repository: str = ""
    editor_branch: str = "main"
    editor_api_url: str = "https://api.github.com"
    #: The build's cache (``cache_dir``: charts, pages, templates, words; safe to delete).
    cache_dir: Path | None = None

    def inputs(self, *more: tuple[Path, str]) -> list[Input]:
        """Every folder a build reads or must leave alone (see ``output.check_output``)."""
        return protected_inputs(
            self.config_file,
            self.data_dir,
            self.content_dir,
            self.docs_dir,
            self.overrides_dir,
            more,
        )


def read_settings(config_file: Path) -> SiteSettings:
    """Read languages and folders from ``mkdocs.yml``: MkDocs' own loader for its
    settings, the plugin's option schema for the plugin's options."""
    options = plugin_options(config_file)
    # Every setting but the plugins, as MkDocs reads them (INHERIT, !ENV, defaults).
    config = load_config(str(config_file), plugins=[])
    root = config_file.resolve().parent
    return SiteSettings(
        config_file=config_file.resolve(),
        languages=tuple(options.languages),
        default_language=source_language(options),
        data_dir=root / options.data_dir,
        content_dir=root / options.content_dir,
        site_url=config.site_url or "",
        cagr_tolerance=options.cagr_tolerance,
        docs_dir=Path(config.docs_dir),
        overrides_dir=Path(config.theme.custom_dir) if config.theme.custom_dir else None,
        directory_urls=config.use_directory_urls,
        editor_repository=options.editor.repository,
        editor_branch=options.editor.branch,
        editor_api_url=options.editor.api_url,
        cache_dir=root / options.cache_dir,
    )


def source_language(options: MarketsiteConfig) -> str:
    """The language the site's texts are written in first (``default_language``, else the
    first of ``languages``)."""
    return options.default_language or options.languages[0]


def plugin_options(config_file: Path) -> MarketsiteConfig:
    """The marketsite plugin's options in ``config_file``, checked by the plugin's option
    schema as MkDocs checks them when it loads the plugin."""
    with config_file.open("rb") as handle:
        raw = yaml_load(handle) or {}
    listed, found = _listed(raw.get("plugins") if isinstance(raw, dict) else None)
    if not listed:
        raise SettingsError(
            f"{config_file}: the '{PLUGIN_NAME}' plugin is not enabled under plugins:"
        )
    if not isinstance(found or {}, dict):
        raise SettingsError(
            f"{config_file}: plugins: {PLUGIN_NAME}: its options must be a mapping of "
            "names to values, such as `languages: [de, en]`"
        )
    options = MarketsiteConfig(config_file_path=str(config_file))
    options.load_dict(found or {})
    errors, _warnings = options.validate()
    if errors:
        problems = "; ".join(f"{name}: {error}" for name, error in errors)
        raise SettingsError(f"{config_file}: plugins: {PLUGIN_NAME}: {problems}")
    return options


def _listed(plugins: Any) -> tuple[bool, Any]:
    """Whether ``plugins:`` lists the plugin (as a list of names and one-key mappings, or
    as a mapping, as MkDocs takes it), and its options there."""
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    elif isinstance(plugins, list):
        entries = [
            next(iter(item.items())) if isinstance(item, dict) and len(item) == 1 else (item, {})
            for item in plugins
        ]
    else:
        return False, None
    for name, options in entries:
        if name == PLUGIN_NAME:
            return True, options
    return False, None
