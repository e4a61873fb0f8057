"""The real guide, built strict: anchors, guide.json, reproducibility, and failure leaving site/ alone."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import referencing

from macros import model
from scripts.build import build
from scripts.offline import bundle
from tests.conftest import FIXTURE


def test_every_question_id_is_an_anchor(built_site: Path) -> None:
    # Each question is anchored by its id on its own page (question/<id>/), and the bank's index and
    # its first round's list link to it there.
    data = model.load_or_raise(model.DATA_DIR)
    missing = []
    for q in data.questions:
        html = (built_site / "question" / q["id"] / "index.html").read_text(encoding="utf-8")
        if f'id="{q["id"]}"' not in html:
            missing.append(q["id"])
    assert missing == []
    index = (built_site / "questions" / "index.html").read_text(encoding="utf-8")
    assert all(f'href="../question/{q["id"]}/#{q["id"]}"' in index for q in data.questions)
    for q in data.questions:
        listing = (built_site / "questions" / q["stages"][0] / "index.html").read_text(encoding="utf-8")
        assert f'href="../../question/{q["id"]}/#{q["id"]}"' in listing


def test_every_stage_and_dimension_has_its_page(built_site: Path) -> None:
    data = model.load_or_raise(model.DATA_DIR)
    for s in data.stages:
        assert (built_site / "stages" / s["id"] / "index.html").is_file()
        assert (built_site / "checklists" / s["id"] / "index.html").is_file()
    for d in data.dimensions:
        assert (built_site / "dimensions" / d["id"] / "index.html").is_file()


def test_guide_json_validates_against_its_schema(built_site: Path) -> None:
    guide = json.loads((built_site / "guide.json").read_text(encoding="utf-8"))
    schema = json.loads((built_site / "guide.schema.json").read_text(encoding="utf-8"))

    def retrieve(uri: str) -> referencing.Resource:
        return referencing.Resource.from_contents(json.loads((built_site / uri).read_text(encoding="utf-8")))

    jsonschema.Draft202012Validator(schema, registry=referencing.Registry(retrieve=retrieve)).validate(guide)
    assert set(guide) >= {
        "stages",
        "dimensions",
        "questions",
        "metric_pairs",
        "translations",
        "launch_bars",
        "rsp_tensions",
        "sources",
    }
    q = guide["questions"][0]
    assert {"id", "prompt", "provenance", "stages", "dimensions"} <= set(q)
    assert all(isinstance(s, str) for s in q["stages"])
    mp = guide["metric_pairs"][0]
    assert mp["value"]["name"] and mp["risk"]["name"]
    assert {"id", "text"} <= set(guide["stages"][0]["checklist"][0])


def test_data_text_is_escaped_in_html(built_site: Path) -> None:
    # No data string may open a tag: every '<' from YAML arrives as '&lt;'.
    for page in (built_site / "question").rglob("index.html"):
        assert "<script>alert" not in page.read_text(encoding="utf-8")


def _digest(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(built_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "site"
    assert build(again, env={"SOURCE_DATE_EPOCH": os.environ["SOURCE_DATE_EPOCH"]}) == 0
    assert bundle(again)  # built_site has the offline copy's zip too (make build): it must be identical as well
    first, second = _digest(built_site), _digest(again)
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def _broken_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    q = data / "questions" / "main.yml"
    q.write_text(q.read_text().replace("stages: [screen]", "stages: [onsite]"))
    return data


def test_failed_validation_leaves_site_untouched(tmp_path: Path, capsys) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the old site")
    assert build(site, env={"GUIDE_DATA_DIR": str(_broken_data(tmp_path))}) == 1
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text() == "the old site"
    assert "unknown stage 'onsite'" in capsys.readouterr().out


def test_mkdocs_itself_stops_on_bad_data(tmp_path: Path) -> None:
    # The build uses the same loader: plain `mkdocs build` fails with the validator's message.
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=model.ROOT,
        env={**os.environ, "GUIDE_DATA_DIR": str(_broken_data(tmp_path)), "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "questions/main.yml:29:14: questions[1].stages[0]: unknown stage 'onsite'" in result.stderr + result.stdout
    assert not out.exists() or not any(out.iterdir())
