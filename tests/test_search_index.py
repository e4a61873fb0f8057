"""What goes into the search index (issue 8): every reader downloads it on their first visit, so it
holds what a reader searches for (question prompts, metric pair features, page text) and not the
answers and metric details shown under them, which would make it grow by kilobytes per question."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from macros import model


@pytest.fixture(scope="module")
def index(built_site: Path) -> list[dict[str, str]]:
    return json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


@pytest.fixture(scope="module")
def real() -> model.Model:
    return model.load_or_raise(model.DATA_DIR)


def _text(index: list[dict[str, str]]) -> str:
    return "\n".join(d["title"] + "\n" + d["text"] for d in index)


def test_every_question_is_indexed_by_its_prompt(index: list[dict[str, str]], real: model.Model) -> None:
    # Titles are stored as HTML: compare their text.
    # A question's prompt is the title of its own page, question/<id>/ (Material files a page's first heading
    # under the page's location, without the anchor).
    titles = {
        d["location"].split("#", 1)[0].removeprefix("question/").strip("/"): html.unescape(re.sub(r"<[^>]+>", "", d["title"]))
        for d in index
        if d["location"].startswith("question/")
    }
    for q in real.questions:
        assert titles.get(q["id"]) == q["prompt"], q["id"]


def test_answers_probes_and_metric_details_stay_out_of_the_index(index: list[dict[str, str]], real: model.Model) -> None:
    text = _text(index)
    for q in real.questions:
        for line in [*q["strong"]["outline"], *q["weak"]["outline"], *q["probes"]]:
            assert line[:60] not in text, (q["id"], line[:60])
    for m in real.metric_pairs:
        assert m["risk"]["definition"][:60] not in text, m["id"]
