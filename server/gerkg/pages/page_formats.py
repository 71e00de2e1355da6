"""HTML, JSON and CSV for the browsing pages (browse, search, diff), chosen as Datasette does: by the
extension of the path (`/browse.json`), else by `format=`, else by `Accept`; and one way of writing each."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import urlencode

from flask import Response, request

from gerkg.http.cors import add_cors
from gerkg.http.errors import ClientError
from gerkg.sparql import formats

HTML = formats.HTML
JSON = formats.Format("json", "application/json")
CSV = formats.Format("csv", "text/csv")
PAGE_FORMATS = (HTML, JSON, CSV)
EXTENSIONS = tuple(f".{f.name}" for f in PAGE_FORMATS)


def split_extension(path: str) -> tuple[str, str | None]:
    """`ger:Mission.json` -> (`ger:Mission`, `json`); a path without one of our extensions is left whole."""
    for ext in EXTENSIONS:
        if path.endswith(ext) and len(path) > len(ext):
            return path[: -len(ext)], ext[1:]
    return path, None


def choose(ext: str | None = None, offered: tuple[formats.Format, ...] = PAGE_FORMATS) -> formats.Format:
    if ext:
        fmt = formats.by_extension(offered, ext)
        if fmt is None:
            raise ClientError(f"no .{ext} here; available: " + ", ".join("." + f.name for f in offered), 404)
        return fmt
    try:
        return formats.negotiate(offered, request.headers.get("Accept"), request.args.get("format"))
    except formats.NotAcceptable as exc:
        raise ClientError(str(exc), 406) from None


def respond(body, fmt: formats.Format, filename: str | None = None) -> Response:
    response = Response(body, content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    if filename:
        response.headers["Content-Disposition"] = f'inline; filename="{filename}.{fmt.name}"'
    return add_cors(response)


def json_body(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)


def csv_body(header: list[str], rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


MAX_PAGE_SIZE = 1000


def int_arg(name: str, default: int, most: int) -> int:
    raw = request.args.get(name, "")
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= most:
        raise ClientError(f"'{name}' must be a whole number from 1 to {most}, not {raw!r}", 400)
    return int(raw)


def url_with(args: list[tuple[str, str]]) -> str:
    """This page with other query parameters."""
    return request.path + ("?" + urlencode(args) if args else "")


def page_of(items: list, default_size: int) -> tuple[list, dict]:
    """The requested page (`page`, `size`) of a list, and where the pages around it are."""
    size = int_arg("size", default_size, MAX_PAGE_SIZE)
    page = int_arg("page", 1, 10**9)
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "page"]
    pages = max(1, -(-len(items) // size))
    return items[(page - 1) * size: page * size], {
        "total": len(items), "page": page, "pages": pages, "size": size,
        "next": url_with(args + [("page", str(page + 1))]) if page < pages else None,
        "prev": url_with(args + [("page", str(page - 1))]) if page > 1 else None}
