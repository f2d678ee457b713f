"""What a page costs a reader on a cold load: every response, raw and gzip-compressed.

Shared by the browser tests (limits) and ``make bench`` (figures). Hosts such as
GitHub Pages send text compressed; the local test server does not, so each
response body is compressed here at gzip's default level, as a host would.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field

from playwright.sync_api import Browser, Response

#: Types a host compresses; images, fonts and WebAssembly are sent as they are.
COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml")


@dataclass
class PageWeight:
    """The responses of one page load."""

    url: str
    files: list[tuple[str, int, int]] = field(default_factory=list)  # url, raw, gzip

    @property
    def raw(self) -> int:
        return sum(raw for _, raw, _ in self.files)

    @property
    def gzip(self) -> int:
        return sum(packed for _, _, packed in self.files)


def sizes(response: Response) -> tuple[int, int]:
    """A response's body size, raw and as a host sends it (gzip for text types)."""
    body = response.body() if response.status < 300 else b""
    kind = response.headers.get("content-type", "")
    return len(body), len(gzip.compress(body, 6)) if kind.startswith(COMPRESSED) else len(body)


def packed(responses: list[Response]) -> int:
    """The bytes a reader fetched for ``responses``, compressed as a host sends them."""
    return sum(sizes(response)[1] for response in responses)


def weigh(browser: Browser, url: str, width: int = 1280) -> PageWeight:
    """Load ``url`` in a fresh context (cold cache) and weigh everything it fetched."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    weight = PageWeight(url)
    responses: list[Response] = []
    try:
        page = context.new_page()
        page.on("response", lambda response: responses.append(response))
        response = page.goto(url)
        if response is None or not response.ok:
            raise RuntimeError(f"{url}: {response.status if response else 'no response'}")
        page.wait_for_load_state("networkidle")
        for response in responses:
            weight.files.append((response.url, *sizes(response)))
    finally:
        context.close()
    return weight
