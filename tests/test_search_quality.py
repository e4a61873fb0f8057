"""Search quality in a real browser: every question is found by a phrase of its prompt, and the guide's
own words find the right page first.

All queries run in one page session through Material's search box (typed, as a reader does), so the
real index, worker, tokenizer and ranking are what is tested. The results are what a reader sees
without expanding anything, in order: each matching page and the best-matching section Material shows
under it (sections folded under "more on this page" are not on screen, and a page shown only as the
heading of its matching sections, with score 0, is not itself a match).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Sequence
from urllib.parse import urlparse

import pytest

from macros import model

# The guide's own words -> the page a reader expects first (path relative to the site root; a page
# below it also counts, so "checklists/" accepts any round's checklist).
DOMAIN_QUERIES: list[tuple[str, str]] = [
    ("counter-metric", "metric-pairs/"),
    ("metric pairs", "metric-pairs/"),
    ("launch bar", "launch-bars/"),
    ("RSP", "rsp-tensions/"),
    ("RSP tensions", "rsp-tensions/"),
    ("Responsible Scaling Policy", "rsp-tensions/"),
    ("ASL-3", "research-to-product/"),  # the ASL-3 deployment measures entry
    ("research to product", "research-to-product/"),
    ("research translation", "research-to-product/"),
    ("Constitutional Classifiers", "research-to-product/"),
    ("why Anthropic", "why-anthropic/"),
    ("commercial thesis", "why-anthropic/"),
    ("culture round", "stages/culture/"),
    ("culture interview", "stages/culture/"),
    ("recruiter screen", "stages/recruiter-screen/"),
    ("hiring manager", "stages/hiring-manager/"),
    ("product case", "stages/product-case/"),
    ("cross-functional panel", "stages/xfn-panel/"),
    ("panel", "stages/xfn-panel/"),
    ("safety judgment", "dimensions/safety-judgment/"),
    ("AI product sense", "dimensions/ai-product-sense/"),
    ("behavioral", "dimensions/behavioral/"),
    ("product execution", "dimensions/product-execution/"),
    ("stage dimension matrix", "matrix/"),
    ("question bank", "questions/"),
    ("checklist", "checklists/"),  # the index or any round's checklist
    ("sources", "sources/"),
    ("rule of three", "statistics/"),
    ("how many samples", "statistics/"),
    ("Sharma", "research-to-product/"),  # a paper's author: the translation built on the paper
]

# Pages other helpers add; their query joins the list only when the built site has the page.
OPTIONAL_QUERIES: list[tuple[str, str]] = [
    ("practice drill", "practice/"),
    ("downloads", "downloads/"),
    ("Anki deck", "downloads/"),
    ("offline", "downloads/"),
]

# Words too common to make a phrase distinctive (lunr's English stop words, abridged).
STOP = set(
    "a about after all also an and any are as at be been but by can could did do does for from had has have how i if in "
    "into is it its just me more most my no not of on one or our over said she so some than that the their them then "
    "there these they this to too up us was we were what when where which while who why will with would you your".split()
)
WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")


def distinctive_phrase(prompt: str, prompts: Sequence[str], content_words: int = 3) -> str:
    """The `content_words` consecutive words of `prompt` that are rarest across all prompts, with stop
    words and punctuation dropped: what a reader who remembers the question types into a search box.
    (Stop words are left out because Material appends a wildcard to every term, so "a" would match
    every word starting with a.)"""
    words = [w for w in WORD.findall(prompt) if w.lower() not in STOP] or WORD.findall(prompt)
    docs = [{w.lower() for w in WORD.findall(p)} for p in prompts]

    def weight(w: str) -> float:
        df = sum(1 for d in docs if w.lower() in d)
        return math.log((len(docs) + 1) / (df + 0.5))

    if len(words) <= content_words:
        return " ".join(words)
    spans = [words[i : i + content_words] for i in range(len(words) - content_words + 1)]
    return " ".join(max(spans, key=lambda span: sum(weight(w) for w in span)))  # max keeps the first of equals


def test_distinctive_phrase_prefers_rare_words() -> None:
    prompts = ["Why this lab?", "Which lab over another?", "Why this lab over the blackmail eval?"]
    assert distinctive_phrase(prompts[2], prompts, 2) == "blackmail eval"
    assert distinctive_phrase(prompts[2], prompts, 3) == "lab blackmail eval"
    assert distinctive_phrase("Why now?", prompts) == "now"


# ---------------------------------------------------------------- the browser session

# A list rendered for the new query, or Material's "no matching documents" line.
FRESH_JS = """() => document.querySelector('.md-search-result__list > li:not([data-old])')
  || (!document.querySelector('.md-search-result__list > li')
      && /no matching/i.test(document.querySelector('.md-search-result__meta').textContent))"""
RESULTS_JS = """() => [...document.querySelectorAll('.md-search-result__list .md-search-result__link')]
  .filter(a => !a.closest('details') && parseFloat(a.querySelector('article').dataset.mdScore) > 0)
  .map(a => { const u = new URL(a.href); return u.pathname + u.hash })"""


@pytest.fixture(scope="module")
def search(browser, site_url: str) -> Iterator[Callable[[str], list[str]]]:
    """Type a query into the search box; get the result locations in the order shown."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    foreign: list[str] = []
    context.on("request", lambda r: foreign.append(r.url) if urlparse(r.url).hostname not in (None, "127.0.0.1") else None)
    page.goto(site_url)
    page.keyboard.press("/")  # the keyboard shortcut readers use to open search
    box = page.locator(".md-search__input")
    base = urlparse(site_url).path

    def run(query: str) -> list[str]:
        # Mark what is on screen, type, and wait for a freshly rendered list (Material queries on keyup).
        page.evaluate("() => document.querySelectorAll('.md-search-result__list > li').forEach(li => li.dataset.old = '')")
        box.fill(query)
        page.keyboard.press("End")
        page.wait_for_function(FRESH_JS, timeout=10000)
        return [loc.removeprefix(base) for loc in page.evaluate(RESULTS_JS)]

    yield run
    assert foreign == [], foreign
    context.close()


def _page(location: str) -> str:
    return location.split("#", 1)[0]


def test_every_question_is_found_by_a_distinctive_phrase_of_its_prompt(search) -> None:
    data = model.load_or_raise(model.DATA_DIR)
    prompts = [q["prompt"] for q in data.questions]
    misses = []
    for q in data.questions:
        phrase = distinctive_phrase(q["prompt"], prompts)
        top = search(phrase)[:3]
        wanted = f"question/{q['id']}/#{q['id']}"
        if wanted not in top and wanted.split("#")[0] not in top:
            misses.append(f"{phrase!r} -> {top} (wanted {wanted})")
    assert misses == [], f"{len(misses)} of {len(prompts)} questions not in the top 3:\n" + "\n".join(misses)


def test_the_guides_own_words_find_the_right_page_first(search, built_site) -> None:
    queries = DOMAIN_QUERIES + [(q, p) for q, p in OPTIONAL_QUERIES if (built_site / p / "index.html").is_file()]
    assert len(queries) >= 20
    wrong = []
    for query, expected in queries:
        results = search(query)
        if not results or not _page(results[0]).startswith(expected):
            wrong.append(f"{query!r} -> {[_page(r) for r in results[:3]]} (wanted {expected})")
    assert wrong == [], "\n".join(wrong)


def test_the_spellings_readers_type_find_what_the_guides_spelling_finds(search) -> None:
    """Each spelling rule's `avoid` spellings (data/style_rules.yml), and an RSP version typed without its
    "v", find what the guide's own spelling finds: some of its first five pages. Not all and not in the
    same order: the guide's spelling also matches question titles (the prompts, which the search weighs
    heavily and the aliases leave alone), and a split spelling such as "health care" also matches every
    page with "health" or "care"."""
    data = model.load_or_raise(model.DATA_DIR)
    pairs = [(r["use"], a) for r in data.style_rules if r["kind"] == "spelling" for a in r["avoid"]]
    pairs += [("RSP v3.4", "RSP 3.4"), ("v2.2", "2.2")]
    wrong = []
    for use, typed in pairs:
        wanted = [_page(r) for r in search(use)]
        got = [_page(r) for r in search(typed)]
        first = list(dict.fromkeys(wanted))[:5]
        if not first or not set(first) & set(got):
            wrong.append(f"{typed!r} -> {got[:5]}, none of what {use!r} finds first: {first}")
    assert wrong == [], "\n".join(wrong)


def test_search_keeps_working_with_the_network_cut(browser, site_url: str) -> None:
    """Once a page is open the index lives in the browser: searching needs no further request."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(site_url)
        page.wait_for_load_state("networkidle")
        context.set_offline(True)
        page.keyboard.press("/")
        page.locator(".md-search__input").fill("launch bar")
        page.keyboard.press("End")
        page.wait_for_selector(".md-search-result__item", state="attached", timeout=10000)
        assert "launch-bars/" in page.locator(".md-search-result__link").first.get_attribute("href")
    finally:
        context.close()
