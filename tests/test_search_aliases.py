"""The search aliases added to page HTML (macros/search_aliases.py): hidden, after prose only."""

from __future__ import annotations

from macros import search_aliases

RULES = (("healthcare", ("health care", "health-care")), ("counter-metric", ("countermetric",)))


def test_alias_follows_every_occurrence() -> None:
    out = search_aliases.add_aliases("<p>Healthcare buyers and healthcare again</p>", RULES)
    alias = '<span class="search-alias" hidden> health care health-care</span>'
    assert out == f"<p>Healthcare{alias} buyers and healthcare{alias} again</p>"


def test_part_of_a_longer_word_is_not_the_term() -> None:
    assert search_aliases.add_aliases("<p>counter-metrics, pre-healthcare</p>", RULES) == "<p>counter-metrics, pre-healthcare</p>"


def test_tags_attributes_code_scripts_and_headings_are_left_alone() -> None:
    page = (
        '<a title="healthcare" href="/healthcare/">x</a><code>healthcare</code>'
        '<script type="application/json">{"a": "healthcare v3.4"}</script><h2 id="h">Healthcare</h2>'
    )
    assert search_aliases.add_aliases(page, RULES) == page


def test_versions_gain_their_bare_number() -> None:
    out = search_aliases.add_aliases("<p>RSP v3.4 says, unlike v2.2.</p>", ())
    alias = '<span class="search-alias" hidden> {}</span>'
    assert out == f"<p>RSP v3.4{alias.format('3.4')} says, unlike v2.2{alias.format('2.2')}.</p>"


def test_rules_come_from_the_spelling_rules_only() -> None:
    rules = [
        {"id": "a", "kind": "spelling", "use": "healthcare", "avoid": ["health care"]},
        {"id": "b", "kind": "tracked-fact", "match": ["0.38"]},
    ]
    assert search_aliases.spelling_rules(rules) == (("healthcare", ("health care",)),)


def test_blocks_the_search_leaves_out_get_no_alias() -> None:
    page = '<section data-search-exclude=""><p>healthcare</p></section><p>healthcare</p>'
    alias = '<span class="search-alias" hidden> health care health-care</span>'
    assert search_aliases.add_aliases(page, RULES) == page.removesuffix("</p>") + alias + "</p>"


def test_terms_next_to_the_regions_left_whole_get_their_alias() -> None:
    page = 'Healthcare<CODE class="x">healthcare</code ><!-- healthcare -->healthcare <b><i>v3.4</i></b>'
    alias = '<span class="search-alias" hidden> health care health-care</span>'
    expected = (
        f'Healthcare{alias}<CODE class="x">healthcare</code ><!-- healthcare -->healthcare{alias} <b><i>v3.4'
        '<span class="search-alias" hidden> 3.4</span></i></b>'
    )
    assert search_aliases.add_aliases(page, RULES) == expected


def test_a_raw_greater_than_in_an_attribute_does_not_let_a_span_into_the_tag() -> None:
    page = '<a title="cost > value, healthcare v3.4" href="/x/">x</a>'
    assert search_aliases.add_aliases(page, RULES) == page
