"""CORS for the read endpoints, so that browser apps on other origins can query."""

from flask import request

ALLOW_HEADERS = "Accept, Content-Type, Authorization"


def add_cors(response, methods: str = "GET, POST, OPTIONS"):
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "Content-Type, Server-Timing, X-Result-Truncated, Location"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = methods
        response.headers["Access-Control-Allow-Headers"] = ALLOW_HEADERS
        response.headers["Access-Control-Max-Age"] = "86400"
    return response
