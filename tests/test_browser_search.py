"""Search in a real browser: find a question by a distinctive word, with no request leaving the site."""

from __future__ import annotations

import re

from macros import model


def test_search_finds_a_question_and_nothing_leaves_the_site(page, site_url: str) -> None:
    data = model.load_or_raise(model.DATA_DIR)
    q = next(q for q in data.questions if q["provenance"] == "reported")
    # The longest word of the prompt is distinctive enough to find it.
    word = max(re.findall(r"[A-Za-z]{6,}", q["prompt"]), key=len)
    page.goto(site_url)
    # Open search the way a keyboard user does, then type.
    page.keyboard.press("/")
    # Type only once the search worker has loaded the index (the meta line leaves "Initializing search"):
    # a query sent earlier is dropped, which made this test flaky.
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta'); return m && !/initializing/i.test(m.textContent) }",
        timeout=15000,
    )
    page.locator(".md-search__input").fill(word)
    page.keyboard.press("End")  # Material queries on keyup
    page.wait_for_selector(".md-search-result__item", state="attached", timeout=15000)
    results = page.locator(".md-search-result__item").all_inner_texts()
    assert any(q["prompt"][:40].lower() in r.lower() for r in results), results[:5]
    assert page.foreign_requests == []  # type: ignore[attr-defined]
