"""The contributor workflow: scaffolder, editor schemas, GitHub annotations, freshness, hooks, .github/."""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from macros import freshness, model, render
from scripts import editor_schemas, new, validate
from tests.test_bad_inputs import CASES, CASES_DIR, apply_case

ROOT = model.ROOT
BIN = Path(sys.executable).parent
GITHUB = ROOT / ".github"

# A valid value for every required field of each kind, against the fixture under tests/fixtures/valid.
ENTRIES: dict[str, list[str]] = {
    "question": [
        "prompt=How would you decide whether an agent may issue refunds on its own?",
        "provenance=practice",
        "stages=case",
        "dimensions=safety, sense",
        "tests=Whether the candidate sets a limit the team can check before giving the agent money to move.",
        "strong.outline=Start with the customer who asks for a refund and the support lead who answers for it.",
        "strong.outline=Pair refunds closed without a human with the share later reversed as wrong; pause above 1%.",
        "strong.why=Pairs value with a risk counter-metric and an action.",
        "weak.outline=Let it refund everything and watch adoption.",
        "weak.why=No limit and no way to notice harm.",
        "make_it_yours=Use a money-moving feature you shipped, with the cap you would defend.",
        "probes=Finance wants the cap raised next quarter. What do you need to see first?",
    ],
    "metric-pair": [
        "feature=Refund agent in a support desk",
        "surface=api",
        "customer=Support teams at online shops; paid by the head of support.",
        "value.name=Refunds closed without a human",
        "value.definition=Share of refund requests the agent settles end to end, per week.",
        "value.target=Half of refund requests settled end to end by week 8.",
        "risk.name=Wrong refunds",
        "risk.definition=Share of settled refunds that an auditor reverses in a weekly sample.",
        "risk.threshold=Proposed: above 1% of a 200-refund weekly sample.",
        "risk.action=Route every refund to a human until the cause is fixed.",
        "risk.sampling.sample=200 refunds a week, four weeks rolling.",
        "risk.sampling.confidence=Zero wrong in 800 bounds the rate below about 0.4%.",
    ],
    "translation": [
        "title=A finding becomes a checked requirement",
        "finding.summary=A paper reports a behaviour that matters for this product.",
        "finding.sources=paper",
        "requirement=The product shows the behaviour on its own data before launch.",
        "eval.method=A held-out set of 500 cases graded by two reviewers.",
        "eval.pass=Proposed: at most 1% of cases fail.",
        "eval.sampling.sample=500 held-out cases.",
        "eval.sampling.confidence=Zero failures in 500 bounds the rate below about 0.6%.",
        "escalation=The quality owner is told and the launch waits.",
    ],
    "launch-bar": [
        "title=No refunds above the cap without a person",
        "feature=Refund agent",
        "bar=Every refund above the customer's cap waits for a named approver.",
        "evidence=A weekly audit of refunds above the cap finds none without an approver.",
        "sampling.sample=Every refund above the cap, read from the action log each week.",
        "sampling.confidence=A census, not a sample: any one is a breach.",
        "trust_breaks=The shop's finance team, who answer for every refund.",
        "customer_impact=The shop turns the agent off and goes back to manual refunds.",
    ],
    "tension": [
        "title=A tension worth arguing",
        "version=2.2",
        "part=Section 1",
        "tension=The policy trades speed for caution in a way a PM can question.",
        "case_for=Caution is cheap compared with a mistake that cannot be undone.",
        "case_against=Waiting has costs that fall on users who need the product.",
        "position=Say which side you take and what evidence would move you.",
        "sources=paper",
    ],
    "source": [
        "title=Agents in production",
        "publisher=Example Research",
        "url=https://example.org/agents",
        "date=2026-05",
        "kind=paper",
        "confidence=verified",
    ],
}


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, **kwargs)


def sets_args(sets: list[str]) -> list[str]:
    return [arg for s in sets for arg in ("--set", s)]


# ---------------------------------------------------------------- the scaffolder


def test_new_question_validates_and_keeps_comments(data_copy: Path) -> None:
    target = data_copy / "questions" / "main.yml"
    before = target.read_text(encoding="utf-8")
    assert "# A comment the scaffolder must keep." in before
    path, entry, problems = new.add("question", data_copy, entry_id="agent-refunds", sets=ENTRIES["question"], file=target)
    assert problems == []
    after = target.read_text(encoding="utf-8")
    # Every byte above the new entry is as it was: comments, order, quoting.
    assert after.startswith(before)
    assert after.count("# A comment the scaffolder must keep.") == 1
    checked, all_problems = model.check(data_copy)
    assert all_problems == []
    assert [q["id"] for q in checked.questions] == ["q-metrics", "q-why", "agent-refunds"]
    added = checked.get("questions", "agent-refunds")
    assert added["dimensions"] == ["safety", "sense"]
    assert added["strong"]["outline"][1].startswith("Pair refunds closed without a human")
    assert added["last_reviewed"] == dt.date.today().isoformat()
    assert path == target and entry["id"] == "agent-refunds"


@pytest.mark.parametrize("kind", sorted(new.KIND_NAMES))
def test_every_kind_scaffolds_a_valid_entry(kind: str, data_copy: Path) -> None:
    key = new.KIND_NAMES[kind]
    path, entry, problems = new.add(kind, data_copy, sets=ENTRIES[kind], today=dt.date(2026, 12, 1))
    assert problems == []
    # A fresh id: the kind and a random token, never words from the text.
    assert re.fullmatch(rf"{kind}-[0-9a-f]{{6}}", entry["id"])
    checked, all_problems = model.check(data_copy)
    assert all_problems == []
    assert checked.get(key, entry["id"])["last_reviewed"] == "2026-12-01"
    assert len(checked.items[key]) == len(model.load_or_raise(ROOT / "tests" / "fixtures" / "valid").items[key]) + 1
    assert checked.files[key][entry["id"]] == path.relative_to(data_copy.parent).as_posix()


def test_question_goes_to_its_first_stage_file_created_with_schema_line(data_copy: Path) -> None:
    # The fixture has no questions/case.yml: it is created, tied to its schema for editors.
    path, entry, problems = new.add("question", data_copy, entry_id="agent-refunds", sets=ENTRIES["question"])
    assert problems == []
    assert path == data_copy / "questions" / "case.yml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == editor_schemas.schema_comment(model.KIND_BY_KEY["questions"], path, data_copy)
    assert model.check(data_copy)[1] == []


def test_cli_output_passes_yamllint_and_validator_on_real_data(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(model.DATA_DIR, data)
    source = data / "sources.yml"
    before = source.read_bytes()
    args = [sys.executable, str(ROOT / "scripts" / "new.py"), "source", "--data", "data", "--no-input", "--id", "agents-report"]
    result = run(args + sets_args(ENTRIES["source"]), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "added source 'agents-report' to data/sources.yml" in result.stdout
    assert source.read_bytes().startswith(before)
    lint = run([str(BIN / "yamllint"), "--strict", "-c", str(ROOT / ".yamllint.yml"), "data/sources.yml"], cwd=tmp_path)
    assert lint.returncode == 0, lint.stdout
    checked = run([sys.executable, str(ROOT / "scripts" / "validate.py"), "--data", "data"], cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout
    entry = yaml.safe_load(source.read_text(encoding="utf-8"))["sources"][-1]
    assert entry["id"] == "agents-report" and entry["url"] == "https://example.org/agents"


def test_duplicate_id_is_refused_and_nothing_written(data_copy: Path) -> None:
    target = data_copy / "questions" / "main.yml"
    before = target.read_bytes()
    args = [sys.executable, str(ROOT / "scripts" / "new.py"), "question", "--data", str(data_copy), "--no-input", "--id", "q-why"]
    result = run(args + sets_args(ENTRIES["question"]))
    assert result.returncode == 2
    assert "the question id 'q-why' is already used in" in result.stderr
    assert "Traceback" not in result.stderr
    assert target.read_bytes() == before
    assert not (data_copy / "questions" / "case.yml").exists()


def test_missing_required_fields_are_named_not_invented(data_copy: Path) -> None:
    args = [sys.executable, str(ROOT / "scripts" / "new.py"), "launch-bar", "--data", str(data_copy), "--no-input"]
    result = run(args + ["--set", "title=Only a title"])
    assert result.returncode == 2
    for field in ("feature", "bar", "evidence", "trust_breaks", "customer_impact"):
        assert f"--set {field}=..." in result.stderr
    assert (data_copy / "launch_bars.yml").read_bytes() == (model.ROOT / "tests/fixtures/valid/launch_bars.yml").read_bytes()


def test_reported_question_requires_source_and_date(data_copy: Path) -> None:
    sets = [s for s in ENTRIES["question"] if not s.startswith("provenance=")] + ["provenance=reported"]
    with pytest.raises(new.UsageError) as info:
        new.add("question", data_copy, sets=sets)
    assert "--set source=..." in str(info.value) and "--set reported_on=..." in str(info.value)
    # A reported question also needs a near miss: its required parts, not its optional ones.
    assert "--set near_miss.outline=..." in str(info.value) and "near_miss.sources" not in str(info.value)
    near_miss = ["near_miss.outline=Track refunds closed and reversed, with no line.", "near_miss.why=No threshold."]
    path, entry, problems = new.add("question", data_copy, sets=sets + ["source=prep", "reported_on=2026-10", *near_miss])
    assert problems == []
    assert model.check(data_copy)[1] == []


def test_cross_file_problem_rolls_back(data_copy: Path) -> None:
    target = data_copy / "metric_pairs.yml"
    before = target.read_bytes()
    sets = ENTRIES["metric-pair"] + ["sources=no-such-source"]
    path, entry, problems = new.add("metric-pair", data_copy, sets=sets)
    assert [p.message for p in problems] == ["unknown source 'no-such-source'"]
    assert target.read_bytes() == before


def test_interactive_asks_again_until_valid(data_copy: Path) -> None:
    answers = iter(
        [
            "My Report",  # not an id: asked again
            "paper",  # taken: asked again
            "",  # keep the proposed id
            "A public report",
            "Example Org",
            "2026-13",  # no such month: asked again
            "2026-10",
            "offical",  # typo: asked again
            "official",
            "verified",
            "http://example.org",  # an official source needs an https address: asked again
            "https://example.org/report",
            "",  # skip the optional note
        ]
    )
    said: list[str] = []
    path, entry, problems = new.add("source", data_copy, ask=lambda prompt: next(answers), say=said.append)
    assert problems == []
    assert next(answers, None) is None  # every answer was used, none was missing
    assert entry["date"] == "2026-10" and entry["kind"] == "official" and entry["url"] == "https://example.org/report"
    shown = "\n".join(said)
    assert "id: 'My Report' does not have the expected form" in shown
    assert "id: 'paper' is already used in" in shown
    assert re.fullmatch(r"source-[0-9a-f]{6}", entry["id"])
    assert "'2026-13' does not have the expected form" in shown
    assert "'offical' is not allowed (hint: use one of: official, paper, critique, prep-material)" in shown
    assert model.check(data_copy)[1] == []


def test_interactive_asks_again_after_a_cross_file_problem(data_copy: Path) -> None:
    # Everything but the stages comes from --set; the first answer names a stage that does not exist.
    sets = [s for s in ENTRIES["question"] if not s.startswith("stages=")]
    prompts: list[str] = []
    # The stage list (an empty line ends it), asked again after the cross-file problem.
    answers = iter(["nope", "", "case", ""])

    def ask(prompt: str) -> str:
        prompts.append(prompt.strip())
        return next(answers) if prompt.strip().startswith("stages") else ""  # every optional field left empty

    said: list[str] = []
    path, entry, problems = new.add("question", data_copy, entry_id="agent-refunds", sets=sets, ask=ask, say=said.append)
    assert problems == [] and entry["stages"] == ["case"]
    assert next(answers, None) is None
    assert any("unknown stage 'nope'" in line for line in said)
    # A practice question is never offered a source or a reported date.
    assert not any(p.startswith(("source", "reported_on")) for p in prompts)
    assert model.check(data_copy)[1] == []


def test_prompts_in_a_terminal(data_copy: Path) -> None:
    import os
    import pty
    import select
    import time

    answers = ["A bar title", "Refund agent", "Refunds above the cap wait for a person.", "A weekly audit finds none."]
    answers += ["The shop's finance lead.", "The shop turns the agent off."]
    answers += ["Every refund above the cap.", "A census: any one is a breach.", "", "", ""]  # then skip the optional ones
    primary, secondary = pty.openpty()
    cmd = [sys.executable, str(ROOT / "scripts" / "new.py"), "launch-bar", "--data", str(data_copy), "--id", "tty-bar"]
    proc = subprocess.Popen(cmd, stdin=secondary, stdout=secondary, stderr=secondary, close_fds=True)
    os.close(secondary)
    os.write(primary, "".join(a + "\n" for a in answers).encode())
    out = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        # select: a script stuck waiting for an answer must fail the test, not hang it.
        if not select.select([primary], [], [], 1)[0]:
            if proc.poll() is not None:
                break
            continue
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the terminal closed: the script has exited
            break
        out += chunk
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=10)
    os.close(primary)
    text = out.decode(errors="replace")
    assert proc.returncode == 0, text
    assert "customer_impact (required). Which paying customer leaves, and why." in text
    assert "pushback (optional, Enter to skip)" in text
    assert "added launch bar 'tty-bar' to" in text
    bar = model.load_or_raise(data_copy).get("launch_bars", "tty-bar")
    assert bar["customer_impact"] == "The shop turns the agent off." and "pushback" not in bar


def test_make_new_runs_the_scaffolder() -> None:
    result = run(["make", "-n", "-o", ".venv/.installed", "new", "KIND=question", "ARGS=--dry-run"], cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "scripts/new.py question --dry-run" in result.stdout


# ---------------------------------------------------------------- GitHub annotations

ANNOTATION = re.compile(r"::(error|warning) file=([^,:]+),line=(\d+),col=(\d+)::(.*)")


def _unescape(text: str) -> str:
    return text.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


@pytest.mark.parametrize("name", CASES)
def test_github_format_annotates_every_bad_input(name: str, data_copy: Path, monkeypatch, capsys) -> None:
    apply_case(CASES_DIR / name, data_copy)
    monkeypatch.chdir(data_copy.parent)
    assert validate.main(["--data", "data", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    expected = (CASES_DIR / name / "expected.txt").read_text(encoding="utf-8").strip().splitlines()
    assert len(lines) == len(expected)
    for line, text in zip(lines, expected, strict=True):
        found = ANNOTATION.fullmatch(line)
        assert found, line
        level, file, row, col, message = found.groups()
        # The same problem as the text format, at the same place, so it lands on the right diff line.
        assert level == "error"
        assert text == f"{_unescape(file)}:{row}:{col}: {_unescape(message)}"


def test_github_format_escapes_properties_and_message() -> None:
    p = model.Problem("da,ta/a:b.yml", 3, 7, "questions[0].x", "50% done\r\nnext", "use a, b: c")
    # A line break is escaped as in the text format (one problem, one line), then % is encoded.
    assert (
        p.github() == "::error file=da%2Cta/a%3Ab.yml,line=3,col=7::questions[0].x: 50%25 done\\x0d\\x0anext (hint: use a, b: c)"
    )
    assert model.Problem("f.yml", 1, 1, "", "old", level="warning").github() == "::warning file=f.yml,line=1,col=1::old"


def test_github_format_escapes_real_data(tmp_path: Path, monkeypatch, capsys) -> None:
    # A folder name with a comma and a key with a percent sign and a newline, end to end.
    data = tmp_path / "da,ta"
    shutil.copytree(ROOT / "tests" / "fixtures" / "valid", data)
    main = data / "questions" / "main.yml"
    main.write_text(
        main.read_text(encoding="utf-8").replace("  - id: q-why\n", '  - id: q-why\n    "50%\\nodd": 1\n'), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert validate.main(["--data", "da,ta", "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert out.startswith(
        "::error file=da%2Cta/questions/main.yml,line=27,col=5::questions[1].50%25\\x0aodd: unknown key '50%25\\x0aodd'"
    )


# ---------------------------------------------------------------- freshness


def test_today_comes_from_source_date_epoch() -> None:
    assert freshness.today({"SOURCE_DATE_EPOCH": "1700000000"}) == dt.date(2023, 11, 14)
    assert freshness.today({}) == dt.date.today()
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        freshness.today({"SOURCE_DATE_EPOCH": "yesterday"})


def _epoch(day: dt.date) -> str:
    return str(int(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC).timestamp()))


def test_stale_after_warns_without_failing(data_copy: Path, monkeypatch, capsys) -> None:
    # Fixture entries were reviewed on 2026-11-01, except the source 'paper' (2026-11-02).
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch(dt.date(2026, 12, 2)))
    monkeypatch.chdir(data_copy.parent)
    assert validate.main(["--data", "data", "--stale-after", "30"]) == 0
    captured = capsys.readouterr()
    warnings = [line for line in captured.out.splitlines() if ": warning: " in line]
    stale_ids = set()
    for line in warnings:
        file, row, _, rest = line.split(":", 3)
        assert "last reviewed 2026-11-01, 31 days ago (more than 30)" in rest
        assert "last_reviewed: 2026-11-01" in Path(file).read_text(encoding="utf-8").splitlines()[int(row) - 1]
        stale_ids.add(rest.split(".last_reviewed")[0].strip().removeprefix("warning: "))
    # 31 days is stale, 30 days ('paper') is not.
    assert "sources[0]" in stale_ids and "sources[1]" not in stale_ids
    checked = model.load_or_raise(data_copy)
    assert len(warnings) == sum(1 for k in model.KINDS for e in checked.items[k.key] if e["last_reviewed"] == "2026-11-01")
    assert captured.out.splitlines()[-1].startswith("data OK:")
    assert f"{len(warnings)} entries not reviewed for more than 30 days" in captured.err


def test_stale_after_defaults_to_the_site_threshold(data_copy: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(data_copy.parent)
    edge = dt.date(2026, 11, 1) + dt.timedelta(days=freshness.STALE_AFTER_DAYS)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch(edge))
    assert validate.main(["--data", "data", "--stale-after"]) == 0
    assert "warning" not in capsys.readouterr().out
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch(edge + dt.timedelta(days=1)))
    assert validate.main(["--data", "data", "--stale-after", "--format", "github"]) == 0
    out = capsys.readouterr().out
    assert "::warning file=data/sources.yml,line=8,col=20::sources[0].last_reviewed: last reviewed 2026-11-01" in out
    # Without the flag there is no staleness check at all.
    assert validate.main(["--data", "data"]) == 0
    assert "warning" not in capsys.readouterr().out


def test_bad_epoch_is_a_usage_error(data_copy: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    assert validate.main(["--data", str(data_copy), "--stale-after"]) == 2
    assert "SOURCE_DATE_EPOCH" in capsys.readouterr().err


def test_render_marks_only_stale_entries(data_copy: Path) -> None:
    import dataclasses

    checked = model.load_or_raise(data_copy)
    fresh = dataclasses.replace(checked, freshness=freshness.Freshness(dt.date(2026, 11, 1) + dt.timedelta(days=31), 30))
    page = render.sources(fresh)
    # 'prep' (31 days) is stale, 'paper' (30 days) is not; the page says how many.
    assert page.count('!!! warning stale "Not reviewed since 2026-11-01"') == 1
    assert page.index("{#prep}") < page.index("!!! warning stale ") < page.index("{#paper}")
    assert "1 of the 2 entries on this page was last reviewed more than 30 days ago; it is marked below." in page
    assert "Last reviewed between 2026-11-01 and 2026-11-02." in page
    assert "stale" not in render.sources(checked)  # no "today" given: nothing flagged


def test_built_pages_show_stale_banners(tmp_path: Path) -> None:
    from scripts.build import build

    site = tmp_path / "site"
    env = {"GUIDE_DATA_DIR": str(ROOT / "tests" / "fixtures" / "valid"), "SOURCE_DATE_EPOCH": _epoch(dt.date(2028, 1, 1))}
    assert build(site, env=env) == 0
    bank = (site / "questions" / "index.html").read_text(encoding="utf-8")
    assert '<div class="admonition warning stale-page">' in bank
    assert 'class="last-reviewed">Last reviewed 2026-11-01.' in bank
    # Each question's banner sits on its own page.
    for question_id in ("q-why", "q-metrics"):
        questions = (site / "question" / question_id / "index.html").read_text(encoding="utf-8")
        assert questions.count('class="admonition warning stale"') == 1
        assert "Not reviewed since 2026-11-01" in questions
    stage = (site / "stages" / "case" / "index.html").read_text(encoding="utf-8")
    assert stage.count('class="admonition warning stale"') == 1


# ---------------------------------------------------------------- editor support


def test_every_data_file_has_the_schema_line_its_kind_gives() -> None:
    claimed, strays = model.data_files(model.DATA_DIR)
    assert strays == []
    assert {k.key for k, _ in claimed} == {k.key for k in model.KINDS}
    for kind, path in claimed:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == editor_schemas.schema_comment(kind, path, model.DATA_DIR), path
        target = (path.parent / first.removeprefix(editor_schemas.PREFIX)).resolve()
        assert target == (model.SCHEMA_DIR / kind.schema).resolve() and target.is_file()


def test_vscode_mapping_matches_the_registry() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping == editor_schemas.vscode_schemas()
    claimed, _ = model.data_files(model.DATA_DIR)
    for kind, path in claimed:
        rel = path.relative_to(ROOT).as_posix()
        matching = [schema for schema, globs in mapping.items() if any(fnmatch.fnmatch(rel, g) for g in globs)]
        assert matching == [f"./data/schema/{kind.schema}"], rel
        assert (ROOT / matching[0]).is_file()
    assert editor_schemas.problems() == []


def test_editor_schemas_reports_and_fixes_a_missing_line(tmp_path: Path) -> None:
    shutil.copytree(model.DATA_DIR, tmp_path / "data")
    bare = tmp_path / "data" / "launch_bars.yml"
    text = bare.read_text(encoding="utf-8")
    bare.write_text(text.split("\n", 1)[1], encoding="utf-8")
    found = editor_schemas.problems(tmp_path)
    assert any(line.startswith("data/launch_bars.yml:1: expected first line") for line in found)
    assert any(line.startswith(".vscode/settings.json") for line in found)
    editor_schemas.write(tmp_path)
    assert editor_schemas.problems(tmp_path) == []
    assert bare.read_text(encoding="utf-8") == text


# ---------------------------------------------------------------- hooks, lint config, .github


def test_pre_commit_runs_what_make_check_runs() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [h for repo in config["repos"] for h in repo["hooks"]]
    targets = []
    for h in hooks:
        found = re.fullmatch(r"make --no-print-directory (check-[a-z]+)", h["entry"])
        assert found and h["language"] == "system" and h["pass_filenames"] is False, h
        targets.append(found.group(1))

    def dry(*goals: str) -> list[str]:
        # --no-print-directory: under `make test` this runs in a sub-make, which would add directory lines.
        result = run(["make", "--no-print-directory", "-n", "-o", ".venv/.installed", *goals], cwd=ROOT)
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines()

    assert dry("check") == [line for t in targets for line in dry(t)]
    assert any("scripts/validate.py" in line for line in dry("check"))
    assert any("yamllint --strict data" in line for line in dry("check"))
    assert any("seed_overlap.py" in line for line in dry("check"))
    valid = run([str(BIN / "pre-commit"), "validate-config", ".pre-commit-config.yaml"], cwd=ROOT)
    assert valid.returncode == 0, valid.stdout + valid.stderr


def test_make_check_annotates_on_github_actions() -> None:
    result = run(["make", "-n", "-o", ".venv/.installed", "check-data", "GITHUB_ACTIONS=true"], cwd=ROOT)
    assert "scripts/validate.py --stale-after --format github" in result.stdout


def test_yamllint_config_passes_data_and_catches_real_mistakes(tmp_path: Path) -> None:
    ok = run([str(BIN / "yamllint"), "--strict", "data"], cwd=ROOT)
    assert ok.returncode == 0, ok.stdout
    bad = tmp_path / "bad.yml"
    bad.write_text("questions:\n  - id: a\n    id: b\n    prompt: yes\n    tests:\n", encoding="utf-8")
    result = run([str(BIN / "yamllint"), "-c", str(ROOT / ".yamllint.yml"), "-f", "parsable", str(bad)])
    assert result.returncode == 1
    for rule in ("key-duplicates", "truthy", "empty-values"):
        assert f"({rule})" in result.stdout


def _check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return run([str(BIN / "check-jsonschema"), "--builtin-schema", schema, *map(str, files)])


def test_workflows_lint_clean() -> None:
    workflows = sorted((GITHUB / "workflows").glob("*.yml"))
    assert [p.name for p in workflows] == ["ci.yml", "pages.yml"]
    schema = _check_jsonschema("vendor.github-workflows", *workflows)
    assert schema.returncode == 0, schema.stdout + schema.stderr
    audit = run([str(BIN / "zizmor"), "--offline", "--strict-collection", str(GITHUB / "workflows")], cwd=ROOT)
    assert audit.returncode == 0, audit.stdout + audit.stderr
    lint = run([str(BIN / "yamllint"), "--strict", ".github", ".pre-commit-config.yaml"], cwd=ROOT)
    assert lint.returncode == 0, lint.stdout


def test_workflow_lint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  test:\n    runs_on: ubuntu-24.04\n    steps:\n      - run: make test\n", encoding="utf-8"
    )
    assert _check_jsonschema("vendor.github-workflows", broken).returncode == 1


def test_ci_runs_make_test_and_pages_publishes_site() -> None:
    ci = yaml.safe_load((GITHUB / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    steps = [s for job in ci["jobs"].values() for s in job["steps"]]
    assert {"run": "make test", "name": "Test"} in steps
    assert set(ci[True]) == {"push", "pull_request"}  # YAML reads the key `on` as true
    pages = yaml.safe_load((GITHUB / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    build_steps = pages["jobs"]["build"]["steps"]
    runs = [s.get("run") for s in build_steps]
    uploads = [s for s in build_steps if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert "make build" in runs and runs.index("make build") < build_steps.index(uploads[0])
    assert uploads[0]["with"]["path"] == "site"
    deploy = pages["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_issue_forms_are_valid_and_ask_what_the_guide_needs() -> None:
    forms = {p.stem: p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.stem != "config"}
    assert set(forms) == {"asked-question", "content-wrong"}
    result = _check_jsonschema("vendor.github-issue-forms", *forms.values())
    assert result.returncode == 0, result.stdout + result.stderr
    config = _check_jsonschema("vendor.github-issue-config", GITHUB / "ISSUE_TEMPLATE" / "config.yml")
    assert config.returncode == 0, config.stdout

    def fields(name: str) -> dict[str, dict]:
        body = yaml.safe_load(forms[name].read_text(encoding="utf-8"))["body"]
        return {f["id"]: f for f in body if "id" in f}

    asked = fields("asked-question")
    for required in ("stage", "date", "wording"):
        assert asked[required]["validations"]["required"] is True
    stages = yaml.safe_load((model.DATA_DIR / "stages.yml").read_text(encoding="utf-8"))["stages"]
    names = [s["name"] for s in sorted(stages, key=lambda s: s["order"])]
    # The stage list is the data's; update the form when a stage is added or renamed.
    assert asked["stage"]["attributes"]["options"] == names + ["Not sure"]
    wrong = fields("content-wrong")
    for required in ("where", "source"):
        assert wrong[required]["validations"]["required"] is True


def test_pull_request_template_asks_for_sources_provenance_and_screenshots() -> None:
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    for needle in ("**Sources:**", "**Provenance:**", "## Screenshots", "`make test`", "data/sources.yml"):
        assert needle in text
