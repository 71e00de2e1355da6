"""The query page for people: an editor, the competency questions as examples, a results table."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, render_template

from .service import service

bp = Blueprint("ui", __name__, static_folder="static", static_url_path="/static")


def read_examples(folder: Path) -> list[dict]:
    """The competency questions (graph/queries/*.rq): their title, question and text."""
    examples = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text()
        meta = dict(re.findall(r"^#\s*(title|question):\s*(.+)$", text, re.M))
        examples.append({"id": path.stem, "title": meta.get("title", path.stem),
                         "question": meta.get("question", ""), "query": text})
    return examples


@bp.route("/")
def index():
    svc = service()
    return render_template("index.html", examples=read_examples(svc.config.root / "graph" / "queries"),
                           base=svc.base.base + "/", prefixes=svc.prefixes)
