#!/usr/bin/env python3
"""How long the practice drill's answer check takes on a 600-word answer, in Chromium (and in Python).

A measurement, not a test (`make bench-check`, also run by `make bench`): the target is under 20 ms per
check of a 600-word answer in Chromium. The answer is made of the guide's own exemplar sentences, strong
and weak, so every list of words gets work to do; every check runs, whatever the question.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros import answer_checks, model, practice  # noqa: E402

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def answer_of(real: model.Model, words: int) -> str:
    """`words` words of exemplar outline lines, strong and weak in turn, one line each."""
    lines: list[str] = []
    count = 0
    for q in real.questions:
        for part in ("strong", "weak"):
            for line in q[part]["outline"]:
                lines.append(line)
                count += len(line.split())
                if count >= words:
                    return "\n".join(lines)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    real = model.load_or_raise(model.DATA_DIR)
    rules = practice.rules(real)
    browser_rules = practice.practice_data(real)["answer_checks"]
    text = answer_of(real, args.words)
    ids = [c["id"] for c in rules.checks]

    py = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        answer_checks.run(rules, ids, text)
        py.append((time.perf_counter() - t0) * 1000)

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page()
        with tempfile.TemporaryDirectory() as tmp:
            # A page of its own (no site build needed) that loads the drill's script as the practice page does.
            html = Path(tmp) / "bench.html"
            script = (ROOT / "content" / "assets" / "practice.js").as_uri()
            html.write_text(f'<!doctype html><title>bench</title><script src="{script}"></script>', encoding="utf-8")
            page.goto(html.as_uri())
        js = page.evaluate(
            """([rules, ids, text, runs]) => {
                const ac = window.__guideAnswerChecks;
                const c = ac.compile(rules);  // once per page view, as the drill does
                const out = [];
                for (let i = 0; i < runs; i++) {
                    const t0 = performance.now();
                    ac.run(c, ids, text);
                    out.push(performance.now() - t0);
                }
                const t0 = performance.now();
                ac.compile(rules);
                return {runs: out, compile: performance.now() - t0};
            }""",
            [browser_rules, ids, text, args.runs],
        )
        browser.close()

    def summary(values: list[float]) -> dict[str, float]:
        ordered = sorted(values)
        return {
            "first_ms": round(values[0], 3),
            "median_ms": round(statistics.median(values), 3),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 3),
            "max_ms": round(ordered[-1], 3),
        }

    result = {
        "words": len(text.split()),
        "checks": len(ids),
        "runs": args.runs,
        "chromium": summary(js["runs"]),
        "chromium_compile_ms": round(js["compile"], 3),
        "python": summary(py),
        "target_ms": 20,
    }
    if args.json:
        print(json.dumps(result))
    else:
        c = result["chromium"]
        print(f"answer check, {result['words']} words, {result['checks']} checks, {args.runs} runs")
        print(f"  Chromium: first {c['first_ms']} ms, median {c['median_ms']} ms, p95 {c['p95_ms']} ms, max {c['max_ms']} ms")
        print(f"  Chromium, compiling the rules once per page view: {result['chromium_compile_ms']} ms")
        pyr = result["python"]
        print(f"  Python:   first {pyr['first_ms']} ms, median {pyr['median_ms']} ms, p95 {pyr['p95_ms']} ms")
        verdict = "met" if c["p95_ms"] < result["target_ms"] and c["first_ms"] < result["target_ms"] else "MISSED"
        print(f"{verdict}: a check of a {result['words']}-word answer under {result['target_ms']} ms in Chromium")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
