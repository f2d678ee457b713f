"""The editor's preview (`marketsite serve`), shaped like ``mkdocs/commands/serve.py``.

:func:`serve` builds its own live-reload server: the served language is built
into ``<preview>/<lang>/`` and the other languages beside it (in a background
thread, after every rebuild), and the folder is served at "/", so the language
selector works as on the published site. Everything the preview keeps from one
rebuild to the next lives in one :class:`PreviewSession`, handed to each build;
stopping the preview (Ctrl-C, SIGTERM) removes its folder.

A rebuild takes well under a second at 1,000 reports because the session keeps
parsed files, validated reports and rendered pages (:class:`marketsite.data.memory.Memory`),
the theme's compiled templates, and what the last build was made of.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import signal
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from mkdocs.plugins import get_plugin_logger

from marketsite.site.session import PreviewSession

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from marketsite.data.dataset import Dataset
    from marketsite.site.settings import SiteSettings

log = get_plugin_logger(__name__)

#: Signals that end the preview as Ctrl-C does (SIGHUP: its terminal was closed).
STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def serve(
    settings: SiteSettings,
    lang: str,
    dev_addr: str | None = None,
    history: Callable[[Dataset], list[dict[str, Any]]] | None = None,
) -> None:
    """Preview ``lang`` with live reload; the other languages are built beside it.
    ``history`` gives a draft edition's notes for the data as it is, for the "What
    changed" page."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer, _serve_url

    from marketsite.site.build import locale_overrides, set_preview

    root = Path(tempfile.mkdtemp(prefix="marketsite-preview-"))
    session = PreviewSession(
        lang,
        dirty=True,
        published_url=settings.site_url,
        settings=settings,
        root=root,
        history=history,
    )
    overrides = locale_overrides(settings, lang)
    if dev_addr:
        overrides["dev_addr"] = dev_addr
    watched = [settings.content_dir, settings.data_dir, settings.config_file]
    if settings.overrides_dir is not None:
        watched.append(settings.overrides_dir)
    # The plugin keeps dirty rebuilds exact (it removes what changed), so MkDocs' warning
    # that they may show stale navigation does not apply.
    logging.getLogger("mkdocs.commands.build").addFilter(
        lambda record: (
            "'dirty' build" not in record.getMessage()
            and "contains stale files" not in record.getMessage()
        )
    )
    # SIGTERM (a process manager) and SIGHUP (the terminal closed) stop the preview as
    # Ctrl-C does, so that its folder is removed.
    previous_handlers = {sig: signal.signal(sig, _interrupt) for sig in STOP_SIGNALS}
    try:

        def get_config() -> MkDocsConfig:
            config = load_config(str(settings.config_file), site_dir=str(root / lang), **overrides)
            set_preview(config, session)
            return config

        config = get_config()
        config.plugins.on_startup(command="serve", dirty=True)
        host, port = config.dev_addr
        session.serve_root = _serve_url(host, port, "/")
        served_url = _serve_url(host, port, f"/{lang}/")
        config.site_url = served_url

        def builder(config: MkDocsConfig | None = None) -> None:
            if config is None:
                config = get_config()
                config.site_url = served_url
            log.info("Building the preview ...")
            with session.served_build():
                build(config, serve_url=served_url, dirty=True)

        server = guarded(LiveReloadServer)(
            builder=builder, host=host, port=port, root=str(root), mount_path="/"
        )

        def error_page(code: int) -> bytes | None:
            page = root / lang / f"{code}.html"
            return page.read_bytes() if code in (404, 500) and page.is_file() else None

        server.error_handler = error_page
        try:
            # The watcher starts with the server, after the first build: a file saved
            # during that build (by `marketsite edit`, an editor's IDE) would never show.
            # So build again until the inputs held still through a build.
            before = _snapshot(watched)
            builder(config)
            while (now := _snapshot(watched)) != before:
                before = now
                builder()
            for path in watched:
                server.watch(str(path))
            server = config.plugins.on_serve(server, config=config, builder=builder)
            try:
                server.serve()
            except KeyboardInterrupt:
                log.info("Shutting down ...")
            finally:
                server.shutdown()
        finally:
            config.plugins.on_shutdown()
    finally:
        session.close()
        for sig, handler in previous_handlers.items():
            signal.signal(sig, handler)


def _snapshot(paths: list[Path]) -> list[tuple[str, int, int]]:
    """Every file under ``paths`` with its modification time and size."""
    files: list[tuple[str, int, int]] = []
    for root in paths:
        for path in [root] if root.is_file() else sorted(root.rglob("*")):
            with contextlib.suppress(OSError):
                stat = path.stat()
                if path.is_file():
                    files.append((str(path), stat.st_mtime_ns, stat.st_size))
    return files


def local_host(host: str) -> bool:
    """Whether a request's Host header names this machine: ``localhost`` or an IP address
    (with or without port). A page of another site that a DNS trick points at the
    preview sends its own name, so it cannot read the preview (DNS rebinding)."""
    name = host.strip().lower()
    if name.startswith("["):  # [::1]:8000
        name = name[1 : name.find("]")] if "]" in name else ""
    elif name.count(":") == 1:
        name = name.split(":", 1)[0]
    if name in ("localhost", "localhost."):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def guarded(server_class: type[Any]) -> type[Any]:
    """``server_class`` (MkDocs' live-reload server) answering only requests for this
    machine's names, and 404 instead of an error for paths no file can have."""

    class GuardedServer(server_class):
        def serve_request(self, environ: dict[str, Any], start_response: Any) -> Any:
            if not local_host(str(environ.get("HTTP_HOST", ""))):
                start_response("400 Bad Request", [("Content-Type", "text/plain")])
                return [b"400 Bad Request: the preview answers only for localhost"]
            path = str(environ.get("PATH_INFO", ""))
            if "\x00" in path:  # no file has it; MkDocs' server would answer 500
                start_response("404 Not Found", [("Content-Type", "text/plain")])
                return [b"404 Not Found"]
            return super().serve_request(environ, start_response)

    return GuardedServer


def _interrupt(signum: int, frame: FrameType | None) -> Any:
    """A stop signal ends the preview as Ctrl-C does, so that its folder is removed."""
    raise KeyboardInterrupt
