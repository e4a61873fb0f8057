#!/usr/bin/env python3
"""Print every round's checklist and self-score sheet to PDF with headless Chromium (Playwright),
the same way a reader's browser prints them, and merge them into one all-rounds pack.

Writes, under the site folder (the pages link them once they exist):
  pdf/<stage>.pdf, pdf/<stage>-scoresheet.pdf, pdf/all-rounds.pdf

Usage: scripts/pdf.py [--site-dir site] [--build] [--paper A4|Letter]
Builds the site first when --build is given or the folder holds no built site. The ordinary build
never needs this script. Exit status: 0 written, 1 build failed or a sheet did not fit one page.
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros import checklists, model, render  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PAPERS = ("A4", "Letter")


def page_url(site_url: str, md_path: str) -> str:
    """The served URL of a page given its path under content/ (directory URLs: a.md -> a/)."""
    stem = md_path.removesuffix(".md")
    stem = stem.removesuffix("index") if stem == "index" or stem.endswith("/index") else stem + "/"
    return site_url + stem


def open_page(page: Any, url: str) -> None:
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready")


def pdf_of(page: Any, paper: str) -> bytes:
    """Print the open page as the browser's own print does: print media, no header or footer, and
    the paper the reader picks. prefer_css_page_size lets a CSS page size win, so a page that forced
    one would print at that size: tests compare the PDF's page box with `paper`."""
    return page.pdf(format=paper, prefer_css_page_size=True)


def print_pdf(page: Any, url: str, paper: str) -> bytes:
    open_page(page, url)
    return pdf_of(page, paper)


def sheets(data: model.Model) -> list[tuple[str, str]]:
    """(page under content/, PDF path under the site) for every printable sheet, in reading order."""
    out = []
    for s in data.ordered("stages"):
        out.append((render.checklist_page(s["id"]), checklists.checklist_pdf(s["id"])))
        out.append((checklists.scoresheet_page(s["id"]), checklists.scoresheet_pdf(s["id"])))
    return out


def write_pdfs(site: Path, paper: str = "A4") -> list[str]:
    """Print every sheet into site/pdf/ and merge the pack; return the problems (a sheet over one page)."""
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader, PdfWriter

    from tests.serving import serve

    data = model.load_or_raise(model.DATA_DIR)
    problems = []
    pack = PdfWriter()
    (site / checklists.PDF_DIR).mkdir(exist_ok=True)
    with serve(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        for md_path, pdf_path in sheets(data):
            pdf = print_pdf(page, page_url(url, md_path), paper)
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            if pages != 1:
                problems.append(f"{md_path} printed to {pages} pages on {paper}")
            (site / pdf_path).write_bytes(pdf)
            pack.append(io.BytesIO(pdf))
            print(f"wrote {site / pdf_path}")
        browser.close()
    out = site / checklists.PDF_DIR / checklists.ALL_ROUNDS_PDF
    with out.open("wb") as f:
        pack.write(f)
    print(f"wrote {out}")
    for p in [site / checklists.PDF_DIR, *(site / checklists.PDF_DIR).iterdir()]:
        p.chmod(0o755 if p.is_dir() else 0o644)  # world-readable, like the rest of the site
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site-dir", type=Path, default=ROOT / "site")
    ap.add_argument("--build", action="store_true", help="build the site first")
    ap.add_argument("--paper", choices=PAPERS, default="A4")
    args = ap.parse_args(argv)
    site = args.site_dir.resolve()
    if args.build or not (site / "index.html").is_file():
        from scripts.build import build

        if build(site) != 0:
            return 1
    problems = write_pdfs(site, args.paper)
    for p in problems:
        print(f"error: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
