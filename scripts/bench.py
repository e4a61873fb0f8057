#!/usr/bin/env python3
"""Benchmark validation and build cost as the content grows.

Usage: scripts/bench.py --questions N [N ...] [--runs R] [--json] [--preview]

For each N: grow a synthetic data set of N questions from the real data (scripts/synthetic.py) in a
temporary folder, then measure, as medians of R runs, each in a fresh process:
  validate_s      model.check over the data, cold: every file parsed and schema-checked (in-process
                  time, schemas compiled in that process); validate_cached_s: the same with the
                  checked-file cache of macros/model.py filled, as on a contributor's every save;
                  yaml_events_s: libyaml's event stream over the same files, nothing built from it:
                  the floor of any check that reads YAML through PyYAML's CSafeLoader
  build_s         the real pipeline: mkdocs build --strict with the macros plugin (define_env loads the
                  data and registers the macros) and the hooks (the pages made from data, the exports),
                  the checked-file cache filled, as after scripts/build.py's own check
  plain_build_s   the floor: the same pages, already rendered to Markdown, built with the same
                  mkdocs.yml minus the macros plugin and the hooks (same theme, other plugins,
                  extensions, search, nav)
  ratio           macro build over plain build: the median of the R paired ratios, each macro build over
                  the plain build run right after it, so a slow spell of the machine counts in both
                  halves of one pair (ratio_cpu: the same with CPU time)
  plugin_cost_s   for N <= PLUGIN_COST_MAX_N: the plugin's fixed cost, the median of the paired
                  differences between the plain build with mkdocs-macros-plugin switched on (no module,
                  the same options; plugin_build_s) and the plain build; project_s is what is left of
                  the macro build: build_s - plugin_build_s, this project's own code
  peak_rss_mb     peak resident memory of the macros build process (validate_/plain_peak_rss_mb too)
  search_index_kb size of search/search_index.json (and gzipped), plus first_load_kb: what a reader's
                  first visit to the home page downloads, gzipped, search index included
--preview also measures, on the real content: cold validation (validate_real_s); edit-to-preview,
`mkdocs serve` on a temporary copy of the repository, a question's YAML saved, and the time until the
served page shows the change; and this project's share of one such rebuild (project_rebuild_s: the
time spent in define_env, the page checks, the macro calls and the hooks, of rebuild_s in all).

Timing depends on the machine and its load: the figures go into BENCHMARKS.md, never into tests.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts import synthetic  # noqa: E402

CONFIG = ROOT / "mkdocs.yml"
# What edit-to-preview leaves out of its copy of the repository: build output, caches, environments.
COPY_IGNORE = (".git", ".venv", "site", "site-*", ".site.*", ".cache", "node_modules", "__pycache__", ".pytest_cache")
CAPTURE_HOOK = ROOT / "scripts" / "bench_capture.py"

# The targets of issues 8 and 14, checked by `targets()` and printed under the table (never asserted in
# tests). Cold validation at 5,000 is no longer a target (issue 14): the cached path is, and cold
# validation of the real content is reported.
VALIDATE_CACHED_MAX_S_AT_5000 = 0.5
RATIO_MAX = 1.10
RATIO_FROM_N = 500  # at 100 questions the plugin's fixed cost is stated in seconds instead
PLUGIN_COST_MAX_S_AT_100 = 0.3
PLUGIN_COST_MAX_N = 500  # the plugin-only build is measured up to this size (its cost does not grow with N)
GROWTH_MAX_500_TO_5000 = 11.0
PEAK_RSS_MAX_MB_AT_5000 = 1024
FIRST_LOAD_MAX_BYTES_AT_1000 = 300_000  # the reader budget (README, tests/test_site_crawl.py)
PROJECT_SHARE_MAX_S = 0.15  # of an edit-to-preview rebuild: MkDocs' polling and full rebuild are the rest

# What a fresh process runs: the same few lines for the macros build and the floor, so the two differ
# only in the configuration (mkdocs's own CLI does the same: load_config, then build).
_BUILD_CHILD = """
import json, logging, sys
from mkdocs.config import load_config
from mkdocs.commands.build import build
spec = json.loads(open(sys.argv[1], encoding="utf-8").read())
logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
build(load_config(spec["config"], strict=True, site_dir=spec["site_dir"], **spec["overrides"]))
"""

_VALIDATE_CHILD = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from macros import model
start, cpu = time.perf_counter(), time.process_time()
_, problems = model.check(Path(sys.argv[2]))
seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
# The floor of any reader built on libyaml through PyYAML: its event stream alone, nothing built from it.
import yaml
start = time.perf_counter()
for path in sorted(Path(sys.argv[2]).rglob("*.yml")):
    for _ in yaml.parse(path.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        pass
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "problems": len(problems),
                  "yaml_events_seconds": time.perf_counter() - start}))
"""


# This project's share of a rebuild under `mkdocs serve`: the same process builds again after each save,
# as serve does, and a timer wraps every entry point of our code (define_env, the page checks before and
# after the plugin renders a page, each macro call, the hooks' work). The rest is MkDocs, the theme, the
# plugins and Markdown.
_SHARE_CHILD = """
import json, logging, sys, tempfile, time
import yaml
repo, edits = sys.argv[1], int(sys.argv[2])
sys.path.insert(0, repo)
from mkdocs.commands.build import build
from mkdocs.config import load_config
import macros, macros.hooks
spent = [0.0]
def timed(fn):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start
    return wrapper
for name in ("define_env", "on_pre_page_macros", "on_post_page_macros"):
    setattr(macros, name, timed(getattr(macros, name)))
registry = macros.registry
macros.registry = lambda: {k: timed(v) for k, v in registry().items()}
for name in ("prepare", "add_files", "tune_search", "add_scripts"):
    setattr(macros.hooks, name, timed(getattr(macros.hooks, name)))
logging.basicConfig(level=logging.WARNING)
target = sorted((__import__("pathlib").Path(repo) / "data" / "questions").glob("*.yml"))[0]
doc = yaml.safe_load(target.read_text(encoding="utf-8"))
tests = doc["questions"][0]["tests"]
site = tempfile.mkdtemp()
out = []
for i in range(edits + 1):
    doc["questions"][0]["tests"] = f"Sharemarker{i} {tests}"
    target.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
    spent[0] = 0.0
    start = time.perf_counter()
    build(load_config(f"{repo}/mkdocs.yml", strict=True, site_dir=site))
    out.append((spent[0], time.perf_counter() - start))
print(json.dumps(out[1:]))  # the first build imports everything and fills the caches
"""


@dataclass(frozen=True)
class Run:
    seconds: float  # wall time of the whole process
    cpu_seconds: float  # user + system time of the process: steadier than wall time on a busy machine
    peak_rss_mb: float
    stdout: str


class BenchError(RuntimeError):
    pass


def run_measured(cmd: list[str], env: dict[str, str], cwd: Path = ROOT, timeout: float = 3600) -> Run:
    """Run `cmd` in a fresh process; its wall time and its own peak RSS (os.wait4 reports the
    resource use of that one child, not of every child this process ever had)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=err)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.005)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # tell Popen the child is reaped
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if proc.returncode != 0:
        raise BenchError(f"{' '.join(cmd[:3])} ... exited {proc.returncode}:\n{stderr[-3000:]}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout)  # ru_maxrss is in KiB on Linux


# ---------------------------------------------------------------- configurations


def raw_config(config: Path = CONFIG) -> dict[str, Any]:
    """mkdocs.yml as MkDocs reads it (its own YAML loader handles !ENV and python tags)."""
    from mkdocs.utils.yaml import yaml_load

    with open(config, encoding="utf-8") as fd:
        return yaml_load(fd)


def hooks_of(raw: dict[str, Any], config: Path = CONFIG) -> list[str]:
    return [str((config.parent / h).resolve()) for h in raw.get("hooks") or []]


MACROS_PLUGIN = "macros"


def _plugin_name(entry: Any) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def plain_plugins(raw: dict[str, Any]) -> list[Any]:
    """mkdocs.yml's plugins without mkdocs-macros-plugin: the floor's."""
    return [p for p in raw.get("plugins") or [] if _plugin_name(p) != MACROS_PLUGIN]


def plugin_only(raw: dict[str, Any]) -> list[Any]:
    """The floor's plugins plus mkdocs-macros-plugin with the same options but no module: `module_name`
    left at the plugin's default, `main`, which does not exist, so it loads none. What that build adds to
    the floor is the plugin's own cost: its imports, its git calls, its work on every page."""
    entries = [p for p in raw.get("plugins") or [] if _plugin_name(p) == MACROS_PLUGIN]
    options = {k: v for k, v in (entries[0][MACROS_PLUGIN] if entries and isinstance(entries[0], dict) else {}).items()}
    options.pop("module_name", None)
    return [*plain_plugins(raw), {MACROS_PLUGIN: options}]


def build_cmd(site_dir: Path, overrides: dict[str, Any], config: Path = CONFIG) -> list[str]:
    spec = {"config": str(config), "site_dir": str(site_dir), "overrides": overrides}
    # In a file, not on the command line: at 5,000 questions the floor's not_in_nav list alone is
    # longer than one argument may be (128 KB on Linux).
    spec_file = site_dir.with_name(site_dir.name + ".build.json")
    spec_file.write_text(json.dumps(spec), encoding="utf-8")
    return [sys.executable, "-c", _BUILD_CHILD, str(spec_file)]


def capture_plain_docs(dest: Path, env: dict[str, str], site_dir: Path, config: Path = CONFIG) -> dict[str, Any]:
    """Build once through the macros with the capture hook, and lay out the floor's docs folder in
    `dest`: the rendered Markdown of every page (generated ones included), the files hooks generated,
    and the static files of content/. Returns the config overrides for the plain build (no macros
    plugin, no hooks)."""
    raw = raw_config(config)
    (dest / "docs").mkdir(parents=True)
    overrides = {"hooks": [*hooks_of(raw, config), str(CAPTURE_HOOK)]}
    run_measured(build_cmd(site_dir, overrides, config), {**env, "BENCH_CAPTURE_DIR": str(dest)}, config.parent)
    docs_dir = config.parent / raw.get("docs_dir", "docs")
    for src in sorted(docs_dir.rglob("*")):
        target = dest / "docs" / src.relative_to(docs_dir)
        if src.is_file() and src.suffix != ".md" and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)
    nav = json.loads((dest / "nav.json").read_text(encoding="utf-8"))
    hidden = json.loads((dest / "not_in_nav.json").read_text(encoding="utf-8"))
    return {
        "docs_dir": str(dest / "docs"),
        "hooks": [],
        "plugins": plain_plugins(raw),
        "nav": nav,
        # Pages the hooks keep out of the nav stay out of it in the floor build too (gitignore-style paths).
        "not_in_nav": "\n".join(f"/{p}" for p in hidden),
    }


# ---------------------------------------------------------------- what a reader downloads

_ASSET = re.compile(r'<(?:link[^>]+rel="(?:stylesheet|icon)"[^>]+href|script[^>]+src)="([^"]+)"')
_WORKER = re.compile(r'"search":\s*"([^"]+)"')


def gzip_kb(path: Path) -> float:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)) / 1024


def first_load(site_dir: Path, page: str = "index.html") -> dict[str, float]:
    """KB (gzipped, as a static host serves them) that opening `page` downloads: the HTML, its
    stylesheets, scripts and icon, and the search worker with the search index it fetches at once."""
    html_path = site_dir / page
    html = html_path.read_text(encoding="utf-8")
    sizes = {page: gzip_kb(html_path)}
    refs = _ASSET.findall(html) + _WORKER.findall(html)
    for ref in refs:
        if "://" in ref or ref.startswith("data:"):
            continue
        target = (html_path.parent / ref.split("?")[0].split("#")[0]).resolve()
        if target.is_file():
            sizes[str(target.relative_to(site_dir.resolve()))] = gzip_kb(target)
    index = site_dir / "search" / "search_index.json"
    if _WORKER.search(html) and index.is_file():
        sizes["search/search_index.json"] = gzip_kb(index)
    return sizes


# ---------------------------------------------------------------- one N


def model_cache_env() -> str:
    from macros import model

    return model.CACHE_ENV


def validate_runs(data: Path, env: dict[str, str], runs: int, root: Path = ROOT) -> list[tuple[dict[str, Any], Run]]:
    """`runs` validations of `data`, each in a fresh process: (what the child measured, the process)."""
    out = []
    for _ in range(runs):
        r = run_measured([sys.executable, "-c", _VALIDATE_CHILD, str(root), str(data)], env, root)
        result = json.loads(r.stdout)
        if result["problems"]:
            raise BenchError(f"the synthetic data has {result['problems']} problem(s)")
        out.append((result, r))
    return out


def _median(validations: list[tuple[dict[str, Any], Run]], key: str) -> float:
    return round(statistics.median(v[key] for v, _ in validations), 3)


def paired_ratio(builds: list[float], plains: list[float]) -> float:
    """Median of build_i / plain_i. The runs alternate, so each pair shared the machine's state; on this
    shared machine one build can take a quarter longer than the next, and a ratio of two medians would let a
    slow spell land on one side only."""
    return round(statistics.median(b / p for b, p in zip(builds, plains, strict=True)), 3)


def paired_difference(builds: list[float], floors: list[float]) -> float:
    """Median of build_i - floor_i, in seconds: the pairs ran side by side (see paired_ratio)."""
    return round(statistics.median(b - f for b, f in zip(builds, floors, strict=True)), 3)


def snapshot(dest: Path, root: Path = ROOT) -> Path:
    """A copy of the repository to measure: edits made while the benchmark runs (to macros/, the
    schemas, mkdocs.yml) cannot change the code halfway through, or invalidate the checked-file cache."""
    shutil.copytree(root, dest, ignore=shutil.ignore_patterns(*COPY_IGNORE))
    return dest


def measure(n: int, runs: int = 3, log: Any = None, root: Path = ROOT) -> dict[str, Any]:
    """Every figure for a synthetic set of `n` questions (see the module docstring), measured on the
    repository at `root` (a snapshot; see `snapshot`)."""

    def say(msg: str) -> None:
        if log:
            print(f"[N={n}] {msg}", file=log, flush=True)

    # Bytecode is written and reused (the warm-up build writes it), as on a contributor's machine.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix=f"bench-{n}-") as tmp_name:
        tmp = Path(tmp_name)
        config = root / "mkdocs.yml"
        counts = synthetic.write(tmp / "data", n, source=root / "data")
        env["GUIDE_DATA_DIR"] = str(tmp / "data")
        say(f"synthetic data written: {counts}")

        # Cold: every file parsed and schema-checked (a fresh clone, CI). Cached: the same data again,
        # with the checked-file cache of macros/model.py filled (a contributor's every save, and the
        # build's own load after `scripts/build.py` has checked the data).
        cold = validate_runs(tmp / "data", {**env, model_cache_env(): "off"}, runs, root)
        env[model_cache_env()] = str(tmp / "cache")
        validate_runs(tmp / "data", env, 1, root)  # fills the cache
        cached = validate_runs(tmp / "data", env, runs, root)
        say(f"validation: cold {_median(cold, 'seconds')} s, cached {_median(cached, 'seconds')} s")

        # The capture build doubles as the warm-up run (file cache, bytecode) for both builds.
        plain_overrides = capture_plain_docs(tmp / "plain", env, tmp / "site-capture", config)
        plugin_overrides = {**plain_overrides, "plugins": plugin_only(raw_config(config))}
        say("plain pages captured")

        macro_runs, plain_runs, plugin_runs = [], [], []
        for _ in range(runs):  # interleaved, so a change in machine load hits all alike
            macro_runs.append(run_measured(build_cmd(tmp / "site-macros", {}, config), env, root))
            plain_runs.append(run_measured(build_cmd(tmp / "site-plain", plain_overrides, config), env, root))
            m, p = macro_runs[-1], plain_runs[-1]
            line = f"build {m.seconds:.2f} s (cpu {m.cpu_seconds:.2f}), plain {p.seconds:.2f} s (cpu {p.cpu_seconds:.2f})"
            if n <= PLUGIN_COST_MAX_N:
                plugin_runs.append(run_measured(build_cmd(tmp / "site-plugin", plugin_overrides, config), env, root))
                line += f", plain with the plugin {plugin_runs[-1].seconds:.2f} s"
            say(line)

        site = tmp / "site-macros"
        index = site / "search" / "search_index.json"
        load = first_load(site)
        build_s = statistics.median(r.seconds for r in macro_runs)
        plain_s = statistics.median(r.seconds for r in plain_runs)
        build_cpu = statistics.median(r.cpu_seconds for r in macro_runs)
        plain_cpu = statistics.median(r.cpu_seconds for r in plain_runs)
        plugin: dict[str, float | None] = {"plugin_build_s": None, "plugin_cost_s": None, "project_s": None}
        if plugin_runs:
            plugin = {
                "plugin_build_s": round(statistics.median(r.seconds for r in plugin_runs), 2),
                "plugin_cost_s": paired_difference([r.seconds for r in plugin_runs], [r.seconds for r in plain_runs]),
                "project_s": paired_difference([r.seconds for r in macro_runs], [r.seconds for r in plugin_runs]),
            }
        return {
            "questions": n,
            "validate_s": _median(cold, "seconds"),
            "build_s": round(build_s, 2),
            "plain_build_s": round(plain_s, 2),
            "ratio": paired_ratio([r.seconds for r in macro_runs], [r.seconds for r in plain_runs]),
            "peak_rss_mb": round(max(r.peak_rss_mb for r in macro_runs), 1),
            "search_index_kb": round(index.stat().st_size / 1024, 1) if index.is_file() else 0.0,
            "search_index_gzip_kb": round(gzip_kb(index), 1) if index.is_file() else 0.0,
            "first_load_kb": round(sum(load.values()), 1),
            "validate_cached_s": _median(cached, "seconds"),
            "yaml_events_s": _median(cold, "yaml_events_seconds"),
            "validate_cpu_s": _median(cold, "cpu_seconds"),
            "validate_cached_cpu_s": _median(cached, "cpu_seconds"),
            "build_cpu_s": round(build_cpu, 2),
            "plain_build_cpu_s": round(plain_cpu, 2),
            "ratio_cpu": paired_ratio([r.cpu_seconds for r in macro_runs], [r.cpu_seconds for r in plain_runs]),
            **plugin,
            "validate_peak_rss_mb": round(max(r.peak_rss_mb for _, r in cold), 1),
            "plain_peak_rss_mb": round(max(r.peak_rss_mb for r in plain_runs), 1),
            "pages": sum(1 for _ in site.rglob("*.html")),
            "counts": counts,
            "runs": runs,
            # Other work on the machine stretches wall times: the 1-minute load average before and after.
            "load_avg": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        }


# ---------------------------------------------------------------- edit-to-preview


def stop(proc: subprocess.Popen[bytes], grace: float = 15) -> None:
    """End a server this script (or a test) started: politely, then for good."""
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def _wait_for(url: str, text: str, timeout: float, proc: subprocess.Popen[bytes], start: float | None = None) -> float:
    """Seconds from `start` (default: now) until `text` shows in the page at `url`."""
    start = time.perf_counter() if start is None else start
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            raise BenchError("mkdocs serve stopped")
        if text in _fetch(url):
            return time.perf_counter() - start
        time.sleep(0.02)
    raise BenchError(f"{text!r} did not appear at {url} within {timeout} s")


def _page_showing(base: str, anchor: str, proc: subprocess.Popen[bytes], timeout: float) -> str:
    """The served page that renders the element with id `anchor`, found through sitemap.xml, so the
    benchmark follows the site's structure rather than assuming where a question is shown."""
    _wait_for(base + "sitemap.xml", "</urlset>", timeout, proc)  # the first build is done
    origin = base[: base.index("/", len("http://"))]
    for loc in re.findall(r"<loc>([^<]+)</loc>", _fetch(base + "sitemap.xml")):
        url = origin + urllib.parse.urlparse(loc).path
        if f'id="{anchor}"' in _fetch(url):
            return url
    raise BenchError(f"no served page shows #{anchor}")


def edit_to_preview(edits: int = 9, timeout: float = 120, root: Path = ROOT) -> dict[str, Any]:
    """Median seconds from saving a question's YAML to the served page showing the change, with
    `mkdocs serve` running on a temporary copy of the repository (the real data/ is never touched).
    Nine saves: mkdocs serve polls for changes every 0.5 s, so one save waits anywhere from 0 to 0.5 s
    before its rebuild starts, and the median of three moved by 0.2 s from run to run."""
    import yaml

    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp_name:
        repo = snapshot(Path(tmp_name) / "repo", root)
        target = sorted((repo / "data" / "questions").glob("*.yml"))[0]
        doc = yaml.safe_load(target.read_text(encoding="utf-8"))
        question = doc["questions"][0]
        tests = question["tests"]

        def save(marker: str) -> None:
            question["tests"] = f"{marker} {tests}".strip()
            target.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")

        save("")  # the same formatting from the start, so each timed save changes only the marker
        port = free_port()
        env = {k: v for k, v in os.environ.items() if k != "GUIDE_DATA_DIR"}
        env["NO_MKDOCS_2_WARNING"] = "1"
        # mkdocs serve mounts the site at site_url's path.
        mount = urllib.parse.urlparse(raw_config(repo / "mkdocs.yml").get("site_url") or "/").path.strip("/")
        base = f"http://127.0.0.1:{port}/" + (f"{mount}/" if mount else "")
        log_path = Path(os.environ.get("BENCH_SERVE_LOG") or Path(tmp_name) / "serve.log")
        log = open(log_path, "wb")  # noqa: SIM115 - closed below
        cmd = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"]
        proc = subprocess.Popen(cmd, cwd=repo, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            url = _page_showing(base, question["id"], proc, timeout)
            times = []
            for i in range(edits):
                marker = f"Benchmarkmarker{i}x{os.getpid()}"
                time.sleep(1.0)  # let the previous rebuild settle
                start = time.perf_counter()
                save(marker)
                times.append(_wait_for(url, marker, timeout, proc, start))
        finally:
            stop(proc)
            log.close()
        return {
            "edit_to_preview_s": round(statistics.median(times), 2),
            "edits": times,
            "page": url,
            "questions": sum(
                len(yaml.safe_load(f.read_bytes())["questions"]) for f in (repo / "data" / "questions").glob("*.yml")
            ),
        }


def project_share(edits: int = 5, root: Path = ROOT) -> dict[str, Any]:
    """Medians over `edits` saves of a question's YAML, each followed by a rebuild in the same process
    (as `mkdocs serve` rebuilds): the seconds spent in this project's code, and the whole rebuild."""
    with tempfile.TemporaryDirectory(prefix="bench-share-") as tmp_name:
        repo = snapshot(Path(tmp_name) / "repo", root)
        env = {k: v for k, v in os.environ.items() if k != "GUIDE_DATA_DIR"}
        env["NO_MKDOCS_2_WARNING"] = "1"
        r = run_measured([sys.executable, "-c", _SHARE_CHILD, str(repo), str(edits)], env, repo)
        pairs = json.loads(r.stdout)
    return {
        "project_rebuild_s": round(statistics.median(p for p, _ in pairs), 3),
        "rebuild_s": round(statistics.median(t for _, t in pairs), 2),
    }


def real_validation(runs: int = 5, root: Path = ROOT) -> dict[str, Any]:
    """Cold validation of the real content (no checked-file cache), median of `runs` fresh processes."""
    env = {k: v for k, v in os.environ.items() if k != "GUIDE_DATA_DIR"}
    env[model_cache_env()] = "off"
    cold = validate_runs(root / "data", env, runs, root)
    return {"validate_real_s": _median(cold, "seconds"), "validate_real_cpu_s": _median(cold, "cpu_seconds")}


# ---------------------------------------------------------------- report


def _seconds(value: float | None, digits: int = 2) -> str:
    return "n/m" if value is None else f"{value:.{digits}f}"


def table(results: list[dict[str, Any]]) -> str:
    head = (
        "| Questions | Validate, cold / cached / libyaml events (s) | Build, macros (s) | Build, plain (s) | Ratio (wall / CPU) "
        "| Plugin's fixed cost / this project's (s) "
        "| Peak RSS build / plain / validate (MB) | Search index (KB raw / gzip) | First load (KB gzip) |"
    )
    rows = [head, "|" + "---:|" * 9]
    for r in results:
        rows.append(
            f"| {r['questions']} | {r['validate_s']:.3f} / {r['validate_cached_s']:.3f} / {r['yaml_events_s']:.3f} "
            f"| {r['build_s']:.2f} | {r['plain_build_s']:.2f} "
            f"| {r['ratio']:.3f} / {r['ratio_cpu']:.3f} "
            f"| {_seconds(r.get('plugin_cost_s'))} / {_seconds(r.get('project_s'))} "
            f"| {r['peak_rss_mb']:.0f} / {r['plain_peak_rss_mb']:.0f} / {r['validate_peak_rss_mb']:.0f} "
            f"| {r['search_index_kb']:.0f} / {r['search_index_gzip_kb']:.0f} | {r['first_load_kb']:.0f} |"
        )
    return "\n".join(rows)


def targets(results: list[dict[str, Any]], preview: dict[str, Any] | None = None) -> list[str]:
    """One line per target that these results can judge: 'met' or 'MISSED' with the figure."""
    by_n = {r["questions"]: r for r in results}
    out = []

    def line(ok: bool, text: str) -> None:
        out.append(f"{'met   ' if ok else 'MISSED'} {text}")

    if 5000 in by_n:
        v = by_n[5000]["validate_cached_s"]
        line(
            v <= VALIDATE_CACHED_MAX_S_AT_5000,
            f"validation of 5000 questions, checked-file cache filled: {v:.3f} s (target <= {VALIDATE_CACHED_MAX_S_AT_5000} s; "
            f"cold, not a target: {by_n[5000]['validate_s']:.3f} s)",
        )
        m = by_n[5000]["peak_rss_mb"]
        line(m < PEAK_RSS_MAX_MB_AT_5000, f"peak RSS of the build at 5000: {m:.0f} MB (target < {PEAK_RSS_MAX_MB_AT_5000} MB)")
    if 100 in by_n and by_n[100].get("plugin_cost_s") is not None:
        c = by_n[100]["plugin_cost_s"]
        line(
            c <= PLUGIN_COST_MAX_S_AT_100,
            f"the plugin's fixed cost at 100 questions: {c:.3f} s (target <= {PLUGIN_COST_MAX_S_AT_100} s; "
            f"this project's own code: {_seconds(by_n[100].get('project_s'), 3)} s)",
        )
    for r in results:
        if r["questions"] >= RATIO_FROM_N:
            line(r["ratio"] <= RATIO_MAX, f"macros/plain at {r['questions']}: {r['ratio']:.3f} (target <= {RATIO_MAX})")
    if 500 in by_n and 5000 in by_n:
        g = by_n[5000]["build_s"] / by_n[500]["build_s"]
        line(g <= GROWTH_MAX_500_TO_5000, f"build 5000 / build 500: {g:.2f} (target <= {GROWTH_MAX_500_TO_5000})")
    if 1000 in by_n:
        f = by_n[1000]["first_load_kb"]
        line(
            f * 1024 <= FIRST_LOAD_MAX_BYTES_AT_1000,
            f"first load of the home page at 1000 questions: {f * 1024:,.0f} bytes gzipped "
            f"(target <= {FIRST_LOAD_MAX_BYTES_AT_1000:,})",
        )
    if preview:
        share, p = preview["project_rebuild_s"], preview["edit_to_preview_s"]
        line(
            share <= PROJECT_SHARE_MAX_S,
            f"this project's share of an edit-to-preview rebuild: {share:.3f} s of {preview['rebuild_s']:.2f} s "
            f"(target <= {PROJECT_SHARE_MAX_S} s; edit-to-preview in all, not a target: {p:.2f} s)",
        )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--questions", type=int, nargs="+", default=[], metavar="N", help="sizes of the synthetic question bank")
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is reported (default 3)")
    ap.add_argument("--json", action="store_true", help="print one JSON object per N instead of a table")
    ap.add_argument("--preview", action="store_true", help="also measure edit-to-preview with mkdocs serve on the real content")
    args = ap.parse_args(argv)
    if not args.questions and not args.preview:
        ap.error("give --questions N and/or --preview")
    # A stopped benchmark still removes its temporary folders and stops its server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    results = []
    try:
        with tempfile.TemporaryDirectory(prefix="bench-repo-") as tmp_name:
            root = snapshot(Path(tmp_name) / "repo")
            for n in args.questions:
                results.append(measure(n, args.runs, log=sys.stderr, root=root))
                if args.json:
                    print(json.dumps(results[-1]), flush=True)
            preview = None
            if args.preview:
                preview = {**edit_to_preview(root=root), **project_share(root=root), **real_validation(args.runs, root)}
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    if args.json:
        if preview:
            print(json.dumps(preview))
        return 0
    if results:
        print(table(results))
    if preview:
        p, saves, n = preview["edit_to_preview_s"], len(preview["edits"]), preview["questions"]
        print(f"\nEdit-to-preview on the real content ({n} questions): {p:.2f} s (median of {saves} saves)")
        print(
            f"This project's share of a rebuild after a save: {preview['project_rebuild_s']:.3f} s "
            f"of {preview['rebuild_s']:.2f} s (in-process rebuilds, as mkdocs serve makes them)"
        )
        print(f"Validation of the real content, cold: {preview['validate_real_s']:.3f} s")
    print("\n" + "\n".join(targets(results, preview)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
