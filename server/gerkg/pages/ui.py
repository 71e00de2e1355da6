"""The query page for people (an editor, the competency questions as examples, results as table, timeline,
bar chart or graph) and /embed, one result view alone, for other pages to embed."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode

from flask import Blueprint, render_template, request

from gerkg.http.errors import ClientError
from gerkg.service import service

bp = Blueprint("ui", __name__, static_folder="static", static_url_path="/static",
               template_folder="templates")  # the templates of every page blueprint

VIEWS = {"table": "Table", "timeline": "Timeline", "bar": "Bar chart", "graph": "Graph"}
EMBED_QUERY_LIMIT = 20_000  # characters: a link, not a body


def read_examples(folder: Path) -> list[dict]:
    """The competency questions (graph/queries/*.rq): their title, question and text."""
    examples = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text()
        meta = dict(re.findall(r"^#\s*(title|question):\s*(.+)$", text, re.M))
        examples.append({"id": path.stem, "title": meta.get("title", path.stem),
                         "question": meta.get("question", ""), "query": text})
    return examples


def page_context() -> dict:
    """What the pages' scripts need to write IRIs short and link them: the instance base and the prefixes."""
    svc = service()
    return {"base": svc.base.base + "/", "prefixes": svc.prefixes}


@bp.route("/")
def index():
    return render_template("index.html", examples=read_examples(service().config.root / "graph" / "queries"),
                           views=VIEWS.items(), **page_context())


@bp.route("/embed")
def embed():
    query = request.args.get("query", "")
    view = request.args.get("view", "auto")
    if not query.strip():
        raise ClientError("/embed needs a query: /embed?query=<SPARQL SELECT>&view=table|timeline|bar|graph")
    if len(query) > EMBED_QUERY_LIMIT:
        raise ClientError(f"the query is longer than {EMBED_QUERY_LIMIT} characters; embed a shorter one", 414)
    if view != "auto" and view not in VIEWS:
        raise ClientError(f"unknown view '{view}': choose one of auto, {', '.join(VIEWS)}")
    return render_template("embed.html", query=query, view=view, view_name=VIEWS.get(view, "Result"),
                           link=urlencode({"query": query, "view": view}), **page_context())
