"""The macros run through mkdocs-macros-plugin: define_env registers the glue's registry bound to the
model, only pages that opt in are compiled as templates, pages made from data are their render
function's Markdown, and a bad call stops the build naming content/<page>.md and the line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import macros
from macros import hooks, model, pages, render
from scripts import bench

ROOT = Path(__file__).resolve().parent.parent


class _Env:
    """The part of the plugin's env that define_env uses."""

    def __init__(self) -> None:
        self.macros: dict[str, Any] = {}

    def macro(self, fn: Any, name: str = "") -> Any:
        self.macros[name or fn.__name__] = fn
        return fn


def test_define_env_registers_the_registry_bound_to_the_loaded_model() -> None:
    env = _Env()
    macros.define_env(env)
    registry = macros.registry()
    assert set(env.macros) == set(registry)
    data = hooks._data  # handed to the hooks, which add the pages made from it
    assert data is not None and data.freshness is not None
    first = data.ordered("stages")[0]["id"]
    assert env.macros["stage"](first) == render.stage(data, first)
    assert env.macros["matrix"]() == render.matrix(data)
    assert env.macros["last_reviewed"]("stages") == render.last_reviewed(data, "stages")


def test_every_content_page_with_a_macro_call_opts_in() -> None:
    # render_by_default is false: a page that forgot `render_macros: true` would show its calls as text
    # (the build stops on it too; see the cases below).
    for page in sorted((ROOT / "content").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        if "{{" in text or "{%" in text:
            front = yaml.safe_load(text.split("---\n", 2)[1]) if text.startswith("---\n") else {}
            assert front.get("render_macros") is True, page


def test_generated_pages_are_their_render_functions_output() -> None:
    m = model.load_or_raise(ROOT / "tests" / "fixtures" / "valid")
    generated = {path: markdown for path, _, markdown in pages.generated_pages(m)}
    assert generated[render.stage_page("screen")] == render.stage(m, "screen")
    assert dict(pages.question_pages(m))[render.question_page("q-why")] == render.question_detail(m, "q-why")


def _copy(tmp_path: Path) -> Path:
    """The repository (content, macros, data, theme) in a folder the test may edit."""
    return bench.snapshot(tmp_path / "repo")


def _build(repo: Path, data: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    env.pop("GUIDE_DATA_DIR", None)
    if data is not None:
        env["GUIDE_DATA_DIR"] = str(data)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(repo / "site")],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


BAD_PAGES = {
    "misspelt macro": (
        "---\nrender_macros: true\n---\n\n# Sources\n\n{{ stages() }}\n",
        "content/sources.md:7: 'stages' is not a macro or variable (hint: did you mean 'stage'?)",
    ),
    "wrong argument": (
        '---\nrender_macros: true\n---\n# Sources\n\n{{ sources() }}\n{{ stage("culture", "extra") }}\n',
        "content/sources.md:7: stage('culture', 'extra'): too many positional arguments (hint: it is called stage(stage_id))",
    ),
    "unknown id": (
        '---\nrender_macros: true\n---\n# Sources\n{{ stage("no-such-stage") }}\n',
        "content/sources.md:5: stage('no-such-stage') failed: KeyError: 'no-such-stage'",
    ),
    "syntax error": (
        '---\nrender_macros: true\n---\n# Sources\n\n\n{{ stage("culture" }}\n',
        "content/sources.md:7: unexpected '}', expected ')'",
    ),
    "not opted in": (
        "# Sources\n\n{{ sources() }}\n",
        "content/sources.md:3: a macro call in a page that is not rendered (hint: add `render_macros: true`",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_PAGES))
def test_a_bad_call_stops_the_build_naming_the_page_and_line(case: str, tmp_path: Path) -> None:
    page, expected = BAD_PAGES[case]
    repo = _copy(tmp_path)
    (repo / "content" / "sources.md").write_text(page, encoding="utf-8")
    result = _build(repo)
    # 1: MkDocs' own abort on a build error, not the plugin's sys.exit(100), which names no line.
    assert result.returncode == 1
    assert expected in result.stderr, result.stderr[-3000:]


# A build with one more hook that records which pages the macros plugin compiles as templates.
SPY_HOOK = """
import json, os
from mkdocs.plugins import event_priority

compiled = []

@event_priority(-100)
def on_config(config):
    plugin = config.plugins["macros"]
    original = plugin.env.from_string

    def from_string(source, *args, **kwargs):
        compiled.append(plugin.page.file.src_uri)
        return original(source, *args, **kwargs)

    plugin.env.from_string = from_string
    return config

def on_post_build(config):
    with open(os.environ["SPY_OUT"], "w", encoding="utf-8") as f:
        json.dump(compiled, f)
"""

SPY_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
repo, spy, site = sys.argv[1:4]
build(load_config(f"{repo}/mkdocs.yml", strict=True, site_dir=site, hooks=[f"{repo}/macros/hooks.py", spy]))
"""


def test_only_hand_written_pages_with_macro_calls_are_compiled_as_templates(tmp_path: Path) -> None:
    repo = _copy(tmp_path)
    spy = tmp_path / "spy.py"
    spy.write_text(SPY_HOOK, encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    env["SPY_OUT"] = str(tmp_path / "compiled.json")
    env.pop("GUIDE_DATA_DIR", None)
    site = repo / "site"
    result = subprocess.run(
        [sys.executable, "-c", SPY_BUILD, str(repo), str(spy), str(site)], cwd=repo, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    compiled = json.loads((tmp_path / "compiled.json").read_text(encoding="utf-8"))
    with_calls = sorted(
        str(p.relative_to(repo / "content")) for p in (repo / "content").rglob("*.md") if "{{" in p.read_text(encoding="utf-8")
    )
    # Each page that calls macros, once; none of the 100-odd pages made from data, nor a page without calls.
    assert sorted(compiled) == with_calls
    assert len(list(site.rglob("index.html"))) > 5 * len(with_calls)
    # A question page's title is its heading's text, without the heading's {#id} (the plugin would pin
    # the Markdown text as the title; the glue puts the page's own title back).
    page = next((site / "question").rglob("index.html")).read_text(encoding="utf-8")
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "{#" not in title and title.endswith(" - Anthropic PM Interview Guide")
