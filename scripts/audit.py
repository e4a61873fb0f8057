#!/usr/bin/env python3
"""Lighthouse on the built site, served gzip-compressed as static hosts serve it; prints a table.

Pages: the home page, the first round's page, the question bank, the busiest round's questions and the
practice drill. Lighthouse's default run is used (mobile emulation, simulated slow 4G), each page from an empty cache, three runs
per page and the median shown. This is an audit, not a test: timings vary from run to run (and with
whatever else the machine is doing), so nothing here fails on a score. The budget it
reports against: performance >= 95, accessibility 100, best practices >= 95, <= 300 KB transferred.

Usage: scripts/audit.py [--site-dir site] [--lighthouse node_modules/.bin/lighthouse] [--runs 3] [--json out.json]
Needs Lighthouse 12.2.3 (`make audit` installs it) and Debian's Chromium.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros import model  # noqa: E402
from tests.serving import serve  # noqa: E402

CATEGORIES = ("performance", "accessibility", "best-practices")
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run"
BUDGET = {"performance": 95, "accessibility": 100, "best-practices": 95, "kb": 300}


def audited_pages() -> dict[str, str]:
    data = model.load_or_raise(model.DATA_DIR)
    first_stage = data.ordered("stages")[0]["id"]
    # The longest list of questions, and the question page with the most text (both exemplars, probes).
    busiest = Counter(q["stages"][0] for q in data.questions).most_common(1)[0][0]
    longest = max(data.questions, key=lambda q: len(json.dumps(dict(q))))["id"]
    return {
        "home": "",
        "stage": f"stages/{first_stage}/",
        "question bank": "questions/",
        "questions of a round": f"questions/{busiest}/",
        "a question": f"question/{longest}/",
        "practice": "practice/",
    }


def lighthouse(binary: str, url: str) -> dict[str, Any]:
    env = {**os.environ, "CHROME_PATH": shutil.which("chromium") or "/usr/bin/chromium"}
    cmd = [
        binary,
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def summary(report: dict[str, Any]) -> dict[str, Any]:
    audits = report["audits"]
    return {
        **{c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES},
        "kb": round(audits["total-byte-weight"]["numericValue"] / 1000, 1),
        "requests": len(audits["network-requests"]["details"]["items"]),
        "fcp_s": round(audits["first-contentful-paint"]["numericValue"] / 1000, 2),
        "lcp_s": round(audits["largest-contentful-paint"]["numericValue"] / 1000, 2),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
    }


def median_row(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Each figure's median over the runs (Lighthouse's own advice for noisy timings)."""
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def table(rows: dict[str, dict[str, Any]]) -> str:
    head = "| Page | Performance | Accessibility | Best practices | KB transferred | Requests | FCP s | LCP s | TBT ms | CLS |"
    lines = [head, "|---|---|---|---|---|---|---|---|---|---|"]
    for page, r in rows.items():
        lines.append(
            f"| {page} | {r['performance']} | {r['accessibility']} | {r['best-practices']} | {r['kb']} | {r['requests']} "
            f"| {r['fcp_s']} | {r['lcp_s']} | {r['tbt_ms']} | {r['cls']} |"
        )
    return "\n".join(lines)


def over_budget(rows: dict[str, dict[str, Any]]) -> list[str]:
    out = []
    for page, r in rows.items():
        for key, limit in BUDGET.items():
            bad = r[key] > limit if key == "kb" else r[key] < limit
            if bad:
                out.append(f"{page}: {key} {r[key]} (budget {'<=' if key == 'kb' else '>='} {limit})")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site-dir", type=Path, default=ROOT / "site")
    ap.add_argument("--lighthouse", default=str(ROOT / "node_modules" / ".bin" / "lighthouse"))
    ap.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page; the table shows medians (default 3)")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args(argv)
    if not (args.site_dir / "index.html").is_file():
        print(f"{args.site_dir} has no built site: run `make build` first.", file=sys.stderr)
        return 1
    rows: dict[str, dict[str, Any]] = {}
    with serve(args.site_dir, gzip_enabled=True) as url:
        for name, path in audited_pages().items():
            print(f"auditing {name}: {url}{path}", file=sys.stderr)
            runs = [summary(lighthouse(args.lighthouse, url + path)) for _ in range(args.runs)]
            rows[name] = median_row(runs)
    print(table(rows))
    notes = over_budget(rows)
    print("\nOver budget (timings are noisy: re-run before acting): " + "; ".join(notes) if notes else "\nAll within budget.")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
