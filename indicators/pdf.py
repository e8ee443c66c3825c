"""HTML to PDF with WeasyPrint, reading stylesheets and fonts from the static files.

The renderer never goes over the network: every URL in the document is resolved
against the static files (finders in development, the collected storage in
production); anything else is refused.
"""

import hashlib
import logging
import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache


class _SvgPresentationNoise(logging.Filter):
    """Inline SVG charts carry SVG-only style properties (fill, stroke, …) that the HTML
    style parser reports as unknown before the SVG renderer uses them; drop that noise."""

    def filter(self, record):
        if not str(record.msg).startswith("Ignored `") or not record.args:
            return True
        return not str(record.args[0]).startswith(("fill", "stroke", "text-anchor", "clip-path"))


# WeasyPrint reports each rendering step at INFO; only its warnings belong in the log.
# Set before importing it, because the import already parses its own stylesheets.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("weasyprint").addFilter(_SvgPresentationNoise())

from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

from indicators.pdf_tables import join_split_tables, table_layout  # noqa: E402

# A host that cannot resolve: relative URLs in the template are joined to it and then
# answered locally by StaticFilesFetcher.
BASE_URL = "https://rapport.invalid/"


def _static_prefix():
    return "/" + settings.STATIC_URL.lstrip("/")


def read_static(path):
    """The bytes of a static file by its name below STATIC_URL, or None."""
    if ".." in path.split("/") or path.startswith("/"):
        return None
    found = finders.find(path)
    if found:
        with open(found, "rb") as handle:
            return handle.read()
    if staticfiles_storage.exists(path):
        with staticfiles_storage.open(path) as handle:
            return handle.read()
    return None


class StaticFilesFetcher(URLFetcher):
    """Answers the document's static URLs from disk and refuses every other URL."""

    def __init__(self):
        super().__init__(timeout=1, allowed_protocols=["https", "data"])

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        prefix = _static_prefix()
        if parts.netloc != urlsplit(BASE_URL).netloc or not parts.path.startswith(prefix):
            raise ValueError(f"Ekstern adresse afvist i rapporten: {url}")
        path = unquote(parts.path[len(prefix) :])
        body = read_static(path)
        if body is None:
            raise ValueError(f"Statisk fil findes ikke: {path}")
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


# Tagged PDF (PDF/UA-1): structure tree, /Lang from <html lang> and /Title from <title>,
# so screen readers can read the report that goes into the public record.
PDF_VARIANT = "pdf/ua-1"


# The archive copy of a final: PDF/A-2b, for keeping the document readable in the long term.
ARCHIVE_VARIANT = "pdf/a-2b"


def html_to_pdf(html, variant=PDF_VARIANT):
    """Tagged PDF bytes of a complete HTML document rendered for print media; a table
    that breaks across pages is one table in the structure tree."""
    source = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher(), media_type="print")
    document = source.render(pdf_variant=variant)
    return join_split_tables(document.write_pdf(pdf_variant=variant), table_layout(document))


def html_to_pdfa(html):
    """The archive copy (PDF/A-2b) of a complete HTML document."""
    return html_to_pdf(html, variant=ARCHIVE_VARIANT)


DRAFT_CACHE_PREFIX = "indicators:pdf:"
DRAFT_CACHE_SECONDS = 60 * 30


def html_to_pdf_cached(html):
    """``html_to_pdf``, kept under the SHA-256 of the HTML: the same document is rendered
    once, and any change to what it shows gives a new key, so nothing needs invalidating."""
    key = DRAFT_CACHE_PREFIX + hashlib.sha256(html.encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = html_to_pdf(html)
        cache.set(key, pdf, DRAFT_CACHE_SECONDS)
    return pdf
