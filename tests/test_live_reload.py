"""Live reload under `make serve`: an edit to a module under macros/, to a data file or to a content
page shows in the served page after the next rebuild, with no restart; bad data stops the rebuild with
file:line, and the server keeps the last good site. A behaviour test over a copy of
the repository: the server runs on a free port and each change is polled for with a generous timeout
(a rebuild takes a few seconds here; nothing is timed)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import yaml

from scripts import bench

TIMEOUT_S = 90


def _wait_for(url: str, text: str, proc: subprocess.Popen[bytes], log: Path, absent: str = "") -> str:
    """The page at `url` once it shows `text` (and no longer shows `absent`)."""
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        assert proc.poll() is None, "mkdocs serve stopped:\n" + log.read_text(errors="replace")[-3000:]
        page = bench._fetch(url)
        if text in page and not (absent and absent in page):
            return page
        time.sleep(0.25)
    raise AssertionError(f"{text!r} did not show at {url} within {TIMEOUT_S} s:\n" + log.read_text(errors="replace")[-3000:])


def _wait_for_log(log: Path, text: str, proc: subprocess.Popen[bytes]) -> str:
    """The server's log once it holds `text`."""
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        assert proc.poll() is None, "mkdocs serve stopped:\n" + log.read_text(errors="replace")[-3000:]
        found = log.read_text(errors="replace")
        if text in found:
            return found
        time.sleep(0.25)
    raise AssertionError(f"{text!r} not in the log within {TIMEOUT_S} s:\n" + log.read_text(errors="replace")[-3000:])


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_serve_shows_edits_to_code_data_and_pages_without_a_restart(tmp_path: Path) -> None:
    repo = bench.snapshot(tmp_path / "repo")
    target = sorted((repo / "data" / "questions").glob("*.yml"))[0]
    doc = yaml.safe_load(target.read_text(encoding="utf-8"))
    question = doc["questions"][0]
    port = bench.free_port()
    base = f"http://127.0.0.1:{port}/"
    env = {k: v for k, v in os.environ.items() if k not in ("GUIDE_DATA_DIR", "SITE_URL")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
            cwd=repo,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"{base}question/{question['id']}/"
            _wait_for(url, f'id="{question["id"]}"', proc, log)

            # A render function (macros/render.py, imported by the package the plugin loaded once).
            render_py = repo / "macros" / "render.py"
            _replace(render_py, 'more = f"More questions from the', 'more = f"Codemarkerone. More questions from the')
            _wait_for(url, "Codemarkerone.", proc, log)

            # A data file: the edited code stays in use.
            question["tests"] = "Datamarkertwo. " + question["tests"]
            target.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
            page = _wait_for(url, "Datamarkertwo.", proc, log)
            assert "Codemarkerone." in page

            # The same module again, and the hooks file MkDocs itself loaded once.
            _replace(render_py, "Codemarkerone.", "Codemarkerthree.")
            hook_line = 'return html + "\\n" + practice'
            _replace(repo / "macros" / "hooks.py", hook_line, hook_line.replace('"\\n"', '"\\n<!-- Hookmarkerfour -->\\n"'))
            _wait_for(url, "Codemarkerthree.", proc, log, absent="Codemarkerone.")
            _wait_for(f"{base}practice/", "Hookmarkerfour", proc, log)

            # A content page.
            sources = repo / "content" / "sources.md"
            sources.write_text(sources.read_text(encoding="utf-8") + "\nPagemarkerfive.\n", encoding="utf-8")
            _wait_for(f"{base}sources/", "Pagemarkerfive.", proc, log)

            # Bad data while serving: the rebuild stops with the file, the line and the fix, the server stays
            # up (MkDocs holds page requests until a build passes again), and the next good save is served.
            stages = question["stages"]
            question["stages"] = ["no-such-round"]
            target.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
            report = _wait_for_log(log, "unknown stage 'no-such-round'", proc)
            assert re.search(rf"data/questions/{re.escape(target.name)}:\d+:\d+: .*unknown stage 'no-such-round'", report), report
            assert "nothing was published" in report
            question["stages"] = stages
            question["tests"] = "Datamarkersix. " + question["tests"]
            target.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
            _wait_for(url, "Datamarkersix.", proc, log)
            assert "Traceback" not in log.read_text(errors="replace")
        finally:
            bench.stop(proc)


RELOAD_CHECK = """
import importlib.util, os, sys
hooks_path = sys.argv[1]
spec = importlib.util.spec_from_file_location("macros/hooks.py", hooks_path)  # as MkDocs loads it
hooks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hooks)
import macros.render
first = sys.modules["macros"]
results = [hooks.reload_if_edited(), hooks.reload_if_edited(), sys.modules.get("macros") is first]
render_py = os.path.join(os.path.dirname(hooks_path), "render.py")
st = os.stat(render_py)
os.utime(render_py, ns=(st.st_atime_ns, st.st_mtime_ns + 1))  # a save one nanosecond later
results += [hooks.reload_if_edited(), "macros" in sys.modules, "macros.render" in sys.modules]
print(results)
"""


def test_the_package_is_imported_again_only_after_an_edit_to_it(tmp_path: Path) -> None:
    # Without an edit the package stays, with the data and compiled schemas it holds; any change of a
    # module's mtime, however small, drops it. A copy of the repository keeps the real macros/ untouched.
    repo = bench.snapshot(tmp_path / "repo")
    out = subprocess.run(
        [sys.executable, "-c", RELOAD_CHECK, str(repo / "macros" / "hooks.py")], cwd=repo, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[False, False, True, True, False, False]"
