"""The build's macro expansion (macros.PageRenderer): pages made from data call their macro directly,
hand-written pages go through Jinja, and a bad call stops the build naming the page, the line and the fix."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

import macros
from macros import PageRenderer, model, pages, render
from tests.conftest import FIXTURE


@pytest.fixture(scope="module")
def m() -> model.Model:
    return model.load_or_raise(FIXTURE)


@pytest.fixture(scope="module")
def renderer(m: model.Model) -> PageRenderer:
    return PageRenderer(m)


def test_a_generated_page_is_its_macros_output(m: model.Model, renderer: PageRenderer) -> None:
    calls = pages.page_calls(m)
    stage_path = render.stage_page("screen")
    assert calls[stage_path] == ("stage", ("screen",))
    assert renderer("ignored", stage_path, "content/" + stage_path) == render.stage(m, "screen")
    question_path = render.question_page("q-why")
    assert renderer("ignored", question_path, "x") == render.question_detail(m, "q-why")
    # Every generated page, in the nav or not, has its call, and its source shows that call.
    sources = dict(pages.question_pages(m)) | {p: s for p, _, s in pages.generated_pages(m)}
    assert {p: pages.call_source(c) for p, c in calls.items()} == sources
    assert sources[stage_path] == '{{ stage("screen") }}\n'


def test_a_hand_written_page_has_its_calls_expanded(m: model.Model, renderer: PageRenderer) -> None:
    page = '# Stages\n\nIntro {{ "{{" }} kept.\n\n{{ stage("screen") }}\n'
    assert renderer(page, "about.md", "content/about.md") == "# Stages\n\nIntro {{ kept.\n\n" + render.stage(m, "screen") + "\n"


def test_a_page_without_calls_is_left_alone(renderer: PageRenderer) -> None:
    page = "# Plain\n\nNo { braces } that matter.\n"
    assert renderer(page, "plain.md", "content/plain.md") is page


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("# T\n\n{{ stages() }}\n", "content/bad.md:3: 'stages' is undefined; a macro call is written"),
        ("# T\n\n\n{{ stage('screen' }}\n", "content/bad.md:4: unexpected '}'"),
        ("# T\n{{ stage('no-such-stage') }}\n", "content/bad.md:2: the macro call failed: KeyError"),
    ],
)
def test_a_bad_call_names_the_page_and_line(renderer: PageRenderer, page: str, expected: str) -> None:
    with pytest.raises(PluginError) as exc:
        renderer(page, "bad.md", "content/bad.md")
    assert str(exc.value).startswith(expected), str(exc.value)


RELOAD_CHECK = """
import os, runpy, sys, time
hooks = sys.argv[1]
runpy.run_path(hooks)
first = sys.modules["macros"]
runpy.run_path(hooks)  # a rebuild with no edit in macros/
kept = sys.modules["macros"] is first
time.sleep(0.05)
os.utime(os.path.join(os.path.dirname(hooks), "render.py"))  # a save in macros/
runpy.run_path(hooks)
print(kept, sys.modules["macros"] is not first)
"""


def test_serve_imports_the_macros_again_only_after_an_edit_to_them(tmp_path: Path) -> None:
    # mkdocs serve runs the hooks file again on every rebuild; a copy of macros/ keeps the real one untouched.
    shutil.copytree(Path(macros.__file__).parent, tmp_path / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    out = subprocess.run(
        [sys.executable, "-c", RELOAD_CHECK, str(tmp_path / "macros" / "hooks.py")], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["True", "True"]
