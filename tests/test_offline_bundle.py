"""The offline copy: a deterministic zip of a second build, linked from the Downloads page, that works
opened from disk (file://) with search and the practice drill, and fetches nothing from the network."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from macros import offline

# ---------------------------------------------------------------- pure parts


def test_the_offline_switch_reads_the_variable_as_mkdocs_does() -> None:
    assert offline.is_offline({offline.OFFLINE_ENV: "true"})
    assert offline.is_offline({offline.OFFLINE_ENV: "True"})
    assert not offline.is_offline({offline.OFFLINE_ENV: "false"})
    assert not offline.is_offline({offline.OFFLINE_ENV: "1"})  # mkdocs would reject a number for a bool
    assert not offline.is_offline({})


def test_the_unpkg_shim_is_replaced_by_the_vendored_copy() -> None:
    got = offline.use_vendored_shim(["assets/other.js", "https://unpkg.com/iframe-worker/shim"])
    assert got == ["assets/other.js", offline.SHIM]
    assert offline.use_vendored_shim([offline.SHIM, "https://unpkg.com/iframe-worker/shim"]) == [offline.SHIM]


def test_the_vendored_shim_and_its_licence_are_in_the_repo() -> None:
    vendor = Path(__file__).resolve().parent.parent / "content" / Path(offline.SHIM).parent
    assert "Permission is hereby granted" in (vendor / "LICENSE").read_text(encoding="utf-8")
    assert "location.protocol" in (vendor / "shim.js").read_text(encoding="utf-8")


def test_the_zip_is_deterministic(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    (folder / "b").mkdir(parents=True)
    (folder / "b" / "page.html").write_text("<p>b</p>")
    (folder / "a.html").write_text("<p>a</p>")
    (folder / "bundle.js.map").write_text("{}")
    one, two = tmp_path / "1.zip", tmp_path / "2.zip"
    offline.zip_folder(folder, one, root="guide", epoch=1700000000)
    (folder / "a.html").touch()  # a newer mtime on disk must not change the zip
    offline.zip_folder(folder, two, root="guide", epoch=1700000000)
    assert one.read_bytes() == two.read_bytes()
    with zipfile.ZipFile(one) as zf:
        assert zf.namelist() == ["guide/a.html", "guide/b/page.html"]  # sorted; source maps left out
        assert {i.date_time for i in zf.infolist()} == {(2023, 11, 14, 22, 13, 20)}


# ---------------------------------------------------------------- the built copy


@pytest.fixture(scope="module")
def unzipped(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(built_site / offline.ZIP_PATH) as zf:
        zf.extractall(dest)
    return dest / offline.BUNDLE_ROOT


def test_the_downloads_page_links_the_zip(built_site: Path) -> None:
    html = (built_site / "downloads" / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]+\.zip)"', html)
    assert hrefs, "no link to the offline zip on the Downloads page"
    assert all((built_site / "downloads" / h).resolve() == (built_site / offline.ZIP_PATH).resolve() for h in hrefs)


def test_the_copy_is_the_offline_flavour_and_references_nothing_off_site(unzipped: Path) -> None:
    assert (unzipped / "index.html").is_file() and (unzipped / "search" / "search_index.js").is_file()
    pages = sorted(unzipped.rglob("*.html"))
    assert len(pages) > 10
    offsite = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        offsite += [
            f"{page.name}: {tag}"
            for tag in re.findall(r'<(?:script|link|img|iframe)\b[^>]*(?:src|href)="https?:[^"]+"[^>]*>', text)
            if 'rel="canonical"' not in tag
        ]  # site_url in <link rel=canonical> names the page; it is never fetched
    assert offsite == []
    assert offline.SHIM in (unzipped / "index.html").read_text(encoding="utf-8")
    assert "You are reading the offline copy" in (unzipped / "downloads.html").read_text(encoding="utf-8")


@pytest.fixture
def disk_page(browser) -> Iterator[Page]:
    """A fresh profile's tab; `page.off_disk` lists the requests that did not stay on disk."""
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page.off_disk = lambda: [u for u in requests if not u.startswith(("file:", "data:", "about:", "blob:"))]  # type: ignore[attr-defined]
    yield page
    context.close()


def test_search_and_practice_work_from_disk(disk_page: Page, unzipped: Path) -> None:
    page = disk_page
    page.goto((unzipped / "index.html").as_uri())
    page.keyboard.press("/")
    page.locator(".md-search__input").fill("launch bar")
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item", state="attached", timeout=15000)
    first = page.locator(".md-search-result__link").first.get_attribute("href") or ""
    assert first.startswith("file://") and "launch-bars.html" in first

    page.goto((unzipped / "practice.html").as_uri())
    page.locator("[data-action='draw']").click(timeout=10000)
    assert page.locator("[data-role='prompt']").inner_text().strip()
    assert page.off_disk() == []  # type: ignore[attr-defined]


def test_checklist_ticks_are_kept_from_disk(disk_page: Page, unzipped: Path) -> None:
    # Opened from disk, Material's document$ can complete without emitting: set-up must still run.
    page = disk_page
    sheet = (unzipped / "checklists" / "recruiter-screen.html").as_uri()
    first_box = ".checklist input[type='checkbox'][data-item]"
    page.goto(sheet)
    page.locator(first_box).first.check()
    page.goto(sheet)
    page.wait_for_function("() => document.querySelector('.checklist[data-stage]').dataset.ready === '1'")
    assert page.locator(first_box).first.is_checked()
    assert page.off_disk() == []  # type: ignore[attr-defined]
