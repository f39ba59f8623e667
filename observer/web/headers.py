"""What every answer carries (a policy allowing only this server, no framing, no caching of data) and the
same-origin check of websockets and forms."""

from __future__ import annotations

from urllib.parse import urlsplit

from aiohttp import web

# textual.js (textual-serve 1.1.3, pinned) inserts two <style> elements of its own: a page reset, and an empty
# one. They are allowed by their hashes, nothing else inline; everything else comes from this server only.
TEXTUAL_JS_STYLES = (
    "'sha256-03EiY9OLVCaCQVNKUgCYxdI11BJ8pKsqSKUlTlszVsE='",  # h1{...}body{margin:0;...}.textual-terminal{...}
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",  # the empty string
)
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' " + " ".join(TEXTUAL_JS_STYLES),
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "media-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
STATIC_PREFIXES = ("/static/", "/observer-static/")  # code and fonts, the same for everyone


async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """aiohttp's on_response_prepare hook: security headers on every response, no-store on all but code."""
    headers = response.headers
    headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    headers["X-Frame-Options"] = "DENY"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"  # "no-referrer" would make a form's Origin "null"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    if request.path.startswith(STATIC_PREFIXES):
        headers["Cache-Control"] = "private, max-age=3600"
    else:
        headers["Cache-Control"] = "no-store"


def same_origin(request: web.Request, *, required: bool) -> bool:
    """Whether the request's Origin is this server as the browser reached it (its Host); without an Origin,
    ``required`` decides (browsers always send one with a websocket and a form POST)."""
    origin = request.headers.get("Origin")
    if origin is None:
        return not required
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc.casefold() == request.host.casefold()
