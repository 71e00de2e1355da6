"""Errors a client can act on: a status code and a readable message, never a traceback."""

from __future__ import annotations

from flask import Response


class ClientError(Exception):
    status = 400

    def __init__(self, message: str, status: int | None = None, headers: dict | None = None):
        super().__init__(message)
        self.message = message
        if status:
            self.status = status
        self.headers = headers or {}

    def response(self) -> Response:
        resp = Response(self.message.rstrip() + "\n", status=self.status, mimetype="text/plain")
        resp.headers.update(self.headers)
        return resp
