"""The schema's print limits hold: a stage with everything at its maximum (most items, each at the
longest length, longest name, length and room, most dimensions with the longest anchors) still
prints its checklist and its self-score sheet on one page of A4 and of US Letter.

If this fails after a change to the sheets' HTML or CSS, measure again with scripts/print_limits.py
and lower the limits in data/schema (and the bad-input cases that quote them)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from macros import checklists, render
from scripts.build import build
from scripts.pdf import PAPERS, open_page, page_url, pdf_of
from scripts.print_limits import WORST_STAGE, schema_limits, worst_case_data
from tests.serving import serve
from tests.test_checklists_browser import squash


@pytest.fixture(scope="module")
def worst_site(tmp_path_factory: pytest.TempPathFactory):
    work = tmp_path_factory.mktemp("worst")
    data = worst_case_data(work / "data", schema_limits())
    site = work / "site"
    env = {"GUIDE_DATA_DIR": str(data), "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "0")}
    assert build(site, env=env) == 0
    with serve(site) as url:
        yield url, data


def _texts(data: Path) -> tuple[list[str], list[str]]:
    from macros import model

    m = model.load_or_raise(data)
    s = m.get("stages", WORST_STAGE)
    dims = [m.get("dimensions", e["dimension"]) for e in s["dimensions"]]
    checklist = [s["name"], s["length"], *s["room"], *(d["name"] for d in dims), *(c["text"] for c in s["checklist"])]
    sheet = [s["name"], *(d["name"] for d in dims), *(a for d in dims for a in d["anchors"].values())]
    return checklist, sheet


@pytest.mark.parametrize("sheet", ["checklist", "scoresheet"])
def test_worst_case_prints_on_one_page(browser, worst_site, sheet: str) -> None:
    url, data = worst_site
    path = render.checklist_page(WORST_STAGE) if sheet == "checklist" else checklists.scoresheet_page(WORST_STAGE)
    texts = _texts(data)[0 if sheet == "checklist" else 1]
    page = browser.new_page()
    try:
        open_page(page, page_url(url, path))
        for paper in PAPERS:
            reader = PdfReader(io.BytesIO(pdf_of(page, paper)))
            assert len(reader.pages) == 1, f"the worst-case {sheet} printed to {len(reader.pages)} pages on {paper}"
            text = squash(reader.pages[0].extract_text())
            assert [t for t in texts if squash(t) not in text] == []
    finally:
        page.close()
