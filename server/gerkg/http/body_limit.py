"""The request body size limit, enforced once for every endpoint at the WSGI input.

Flask's MAX_CONTENT_LENGTH refuses a body whose Content-Length is too large, but a chunked body has none:
it was read up to the limit and silently cut, so a truncated query or document was evaluated. Here a body
without a length is read up to one byte past the limit before the application sees it; past it, the
request is refused whole with 413.
"""

from __future__ import annotations

import io


class BodyLimit:
    """WSGI middleware: bodies over max_bytes get 413, with or without Content-Length."""

    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    def __call__(self, environ, start_response):
        length = environ.get("CONTENT_LENGTH")
        if length:
            try:
                too_long = int(length) > self.max_bytes
            except ValueError:
                return self._refuse(start_response, "400 Bad Request", "the Content-Length is not a number")
            if too_long:
                return self._too_large(start_response)
        elif "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            body = self._read(environ["wsgi.input"])
            if body is None:
                return self._too_large(start_response)
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            environ["wsgi.input_terminated"] = False  # the length is known now: Werkzeug reads by it
        return self.app(environ, start_response)

    def _read(self, stream) -> bytes | None:
        """The whole body, or None once it passes the limit (the rest is not read)."""
        parts, size = [], 0
        while True:
            chunk = stream.read(min(64 * 1024, self.max_bytes + 1 - size))
            if not chunk:
                return b"".join(parts)
            parts.append(chunk)
            size += len(chunk)
            if size > self.max_bytes:
                return None

    def _too_large(self, start_response):
        return self._refuse(start_response, "413 Request Entity Too Large",
                            f"the request body is larger than this server's limit of {self.max_bytes} bytes")

    @staticmethod
    def _refuse(start_response, status, message):
        body = (message + "\n").encode()
        start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body))),
                                ("Access-Control-Allow-Origin", "*"), ("Connection", "close")])
        return [body]
