#!/usr/bin/env python3
"""The one-page print limits: the worst case the schemas allow, and how the numbers were measured.

A round's checklist and self-score sheet must each print on ONE page of A4 and of US Letter. The
schemas (stages.schema.json, dimensions.schema.json) cap what decides their height: the number and
length of checklist items, the dimensions a stage scores and the length of their 1/3/5 anchors, and
the stage's name, length and room. `worst_case_data` writes a data folder with every one of those at
its schema maximum; tests/test_checklist_limits.py builds it and prints it, so a limit raised
without measuring fails the test suite.

`main` redoes the measurement: it builds a worst case far beyond the limits (under relaxed schemas),
then, in Chromium, trims items, anchors and dimensions in the page and prints after each trim to
find the largest counts and lengths that still give one page on both papers.

Usage: scripts/print_limits.py [--upper] [--font FAMILY]
  --upper  fill with upper-case text (much wider than prose)
  --font   print in another font than the sheet's (e.g. "DejaVu Sans", what Linux falls back to
           when it has no Arial-compatible font)
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import shutil
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros import model  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "valid"
WORST_STAGE = "worst-case"


@dataclass(frozen=True)
class Limits:
    items: int  # checklist items per stage
    item_chars: int  # characters per checklist item
    dimensions: int  # dimensions one stage scores (self-score sheet sections; checklist groups)
    anchor_chars: int  # characters per 1/3/5 anchor
    dimension_name: int
    stage_name: int
    length: int  # the stage's length text
    room_items: int
    room_chars: int


def _schema(schema_dir: Path, name: str) -> dict[str, Any]:
    return json.loads((schema_dir / name).read_text(encoding="utf-8"))


def schema_limits(schema_dir: Path = model.SCHEMA_DIR) -> Limits:
    """The limits as the schemas state them (the schemas are their only source)."""
    stage = _schema(schema_dir, "stages.schema.json")["$defs"]["stage"]["properties"]
    dim = _schema(schema_dir, "dimensions.schema.json")["$defs"]["dimension"]["properties"]
    anchors = {a["maxLength"] for a in dim["anchors"]["properties"].values()}
    assert len(anchors) == 1, "the three anchors share one length limit"
    return Limits(
        items=stage["checklist"]["maxItems"],
        item_chars=stage["checklist"]["items"]["properties"]["text"]["maxLength"],
        dimensions=stage["dimensions"]["maxItems"],
        anchor_chars=anchors.pop(),
        dimension_name=dim["name"]["maxLength"],
        stage_name=stage["name"]["maxLength"],
        length=stage["length"]["maxLength"],
        room_items=stage["room"]["maxItems"],
        room_chars=stage["room"]["items"]["maxLength"],
    )


# ---------------------------------------------------------------- filler text

# Ordinary English prose with the word lengths of the guide's own checklist items, so line breaks
# fall where real text would put them. (Written for this module; it says nothing about the loop.)
PROSE = (
    "Prepare one example with the numbers you used, the decision you made and the cost you accepted, "
    "then practise saying it aloud against a timer until it fits; write down the question you expect "
    "next, the evidence you would bring and the change you would propose, and check each sentence "
    "names a metric, a threshold, an owner and the signal that would make you stop the launch"
)


def filler(n: int, offset: int = 0, *, upper: bool = False) -> str:
    """Exactly n characters of prose, starting at word `offset` (so every item differs)."""
    words = PROSE.split()
    out: list[str] = []
    i = offset
    while len(" ".join(out)) < n:
        out.append(words[i % len(words)])
        i += 1
    text = " ".join(out)[:n]
    text = text[:-1] + "x" if text.endswith(" ") else text
    return text.upper() if upper else text


# ---------------------------------------------------------------- the worst-case data folder


def worst_case_data(
    dest: Path, limits: Limits, *, upper: bool = False, groups: int | None = None, schema_dir: Path | None = None
) -> Path:
    """The valid fixture plus one stage (id WORST_STAGE) at every print limit. Its dimensions are
    the fixture's, with the longest names and anchors, plus new ones up to the limit; checklist
    items are spread over all of them (or the first `groups`), so every dimension heading shows on
    the checklist. `schema_dir` (optional) is copied in as the folder's own schemas (relaxed ones,
    to measure)."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(FIXTURE, dest)
    if schema_dir is not None:
        shutil.copytree(schema_dir, dest / model.SCHEMA_DIR_NAME)
    load = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    dims_doc = yaml.load((dest / "dimensions.yml").read_text(encoding="utf-8"), Loader=load)
    stages_doc = yaml.load((dest / "stages.yml").read_text(encoding="utf-8"), Loader=load)
    dims = dims_doc["dimensions"]
    template = copy.deepcopy(dims[0])
    while len(dims) < limits.dimensions:
        n = len(dims) + 1
        dims.append({**copy.deepcopy(template), "id": f"extra-{n}", "order": n, "short": f"Extra {n}"})
    for k, d in enumerate(dims):
        d["name"] = filler(limits.dimension_name, 7 * k, upper=upper)
        d["anchors"] = {f"score_{s}": filler(limits.anchor_chars, 11 * k + 5 * s, upper=upper) for s in (1, 3, 5)}
    scored = [d["id"] for d in dims[: limits.dimensions]]
    grouped = scored[: groups or len(scored)]
    worst = copy.deepcopy(stages_doc["stages"][0])
    worst.update(
        id=WORST_STAGE,
        order=max(s["order"] for s in stages_doc["stages"]) + 1,
        name=filler(limits.stage_name, 3, upper=upper),
        length=filler(limits.length, 9, upper=upper),
        room=[filler(limits.room_chars, 13 * r, upper=upper) for r in range(limits.room_items)],
        dimensions=[{"dimension": d, "emphasis": "medium", "how": "Probes it."} for d in scored],
        checklist=[
            {"id": f"wc-{i}", "text": filler(limits.item_chars, 5 * i, upper=upper), "dimension": grouped[i % len(grouped)]}
            for i in range(limits.items)
        ],
    )
    stages_doc["stages"].append(worst)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    for name, doc in (("dimensions.yml", dims_doc), ("stages.yml", stages_doc)):
        (dest / name).write_text(yaml.dump(doc, Dumper=dumper, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
    return dest


def relaxed_schemas(dest: Path) -> Path:
    """A copy of the schemas with the print limits lifted, to build a case beyond them."""
    shutil.copytree(model.SCHEMA_DIR, dest)
    stages = _schema(dest, "stages.schema.json")
    st = stages["$defs"]["stage"]["properties"]
    st["checklist"]["maxItems"] = 100
    st["checklist"]["items"]["properties"]["text"]["maxLength"] = 2000
    st["dimensions"]["maxItems"] = 100
    dims = _schema(dest, "dimensions.schema.json")
    for a in dims["$defs"]["dimension"]["properties"]["anchors"]["properties"].values():
        a["maxLength"] = 2000
    (dest / "stages.schema.json").write_text(json.dumps(stages, indent=2), encoding="utf-8")
    (dest / "dimensions.schema.json").write_text(json.dumps(dims, indent=2), encoding="utf-8")
    return dest


# ---------------------------------------------------------------- measuring

# Trim the printed page in place: keep the first `n` checklist items cut to `chars` characters,
# and drop dimension groups left empty.
_TRIM_CHECKLIST = """([n, chars]) => {
  document.querySelectorAll('.checklist li').forEach((li) => {
    const input = li.querySelector('input');
    const k = Number(input.dataset.item.split('-').pop());
    if (k >= n) { li.remove(); return; }
    const text = li.querySelector('label > span');
    text.textContent = (text.dataset.full ??= text.textContent).slice(0, chars);
  });
  document.querySelectorAll('.checklist ul').forEach((ul) => {
    if (!ul.querySelector('li')) { ul.previousElementSibling.remove(); ul.remove(); }
  });
}"""
# Keep the first `n` dimension sections of the self-score sheet, anchors cut to `chars` characters.
_TRIM_SCORESHEET = """([n, chars]) => {
  document.querySelectorAll('.scoresheet .score-head').forEach((head, k) => {
    const table = head.nextElementSibling;
    if (k >= n) { head.remove(); table.remove(); return; }
    table.querySelectorAll('td').forEach((td) => {
      const text = td.lastChild;
      text.textContent = ' ' + (td.dataset.full ??= text.textContent.trim()).slice(0, chars);
    });
  });
}"""


def _pages(page: Any, url: str, trim: str, n: int, chars: int, paper: str, font: str | None) -> int:
    from pypdf import PdfReader

    from scripts.pdf import open_page, pdf_of

    open_page(page, url)
    if font:
        page.add_style_tag(content=f'@media print {{ html .md-typeset {{ font-family: "{font}" !important; }} }}')
        page.evaluate("document.fonts.ready")
    page.evaluate(trim, [n, chars])
    return len(PdfReader(io.BytesIO(pdf_of(page, paper))).pages)


def _longest(fits: Any, lo: int, hi: int) -> int:
    """The largest value in [lo, hi] for which fits() holds (fits is monotone), or lo - 1."""
    if not fits(lo):
        return lo - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


def measure(work: Path, limits: Limits, *, upper: bool, font: str | None = None) -> None:
    from playwright.sync_api import sync_playwright

    from scripts.build import build
    from scripts.pdf import CHROMIUM, CHROMIUM_ARGS, page_url
    from tests.serving import serve

    big = replace(limits, items=30, item_chars=400, dimensions=8, anchor_chars=700)
    # The checklist groups its items under at most as many dimension headings as a stage may score.
    data = worst_case_data(work / "data", big, upper=upper, groups=limits.dimensions, schema_dir=relaxed_schemas(work / "schema"))
    site = work / "site"
    assert build(site, env={"GUIDE_DATA_DIR": str(data), "NO_MKDOCS_2_WARNING": "1"}) == 0
    with serve(site) as root, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        checklist_url = page_url(root, f"checklists/{WORST_STAGE}.md")
        sheet_url = page_url(root, f"scoresheets/{WORST_STAGE}.md")

        def one_page(url: str, trim: str, n: int, chars: int) -> bool:
            return all(_pages(page, url, trim, n, chars, paper, font) == 1 for paper in ("Letter", "A4"))

        print("checklist: items -> longest item (characters) that still prints on one page of A4 and Letter")
        print(
            f"  (stage name {limits.stage_name}, length {limits.length}, room {limits.room_items} x {limits.room_chars}"
            f" characters, {limits.dimensions} dimension headings of {limits.dimension_name} characters)"
        )
        for n in (8, 10, 12, 13, 14, 15, 16, 18, 20):
            chars = _longest(lambda c, n=n: one_page(checklist_url, _TRIM_CHECKLIST, n, c), 40, 400)
            print(f"  {n:3d} items: {chars} characters")
        print("self-score sheet: dimensions -> longest anchor (characters) that still prints on one page of A4 and Letter")
        print(f"  (dimension name {limits.dimension_name} characters)")
        for n in (3, 4, 5, 6, 7, 8):
            chars = _longest(lambda c, n=n: one_page(sheet_url, _TRIM_SCORESHEET, n, c), 40, 700)
            print(f"  {n:3d} dimensions: {chars} characters")
        browser.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--upper", action="store_true", help="fill with upper-case text (wider than real prose)")
    ap.add_argument("--font", help="print in this font family instead of the sheet's own")
    ap.add_argument("--work", type=Path, default=Path("/tmp/print-limits"))
    args = ap.parse_args(argv)
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    measure(args.work, schema_limits(), upper=args.upper, font=args.font)
    return 0


if __name__ == "__main__":
    sys.exit(main())
