"""The practice drill: the page's static shell and the data file its script reads.

The page (content/practice.md) is one macro call rendering `practice`: filters built from the data,
the question card and the progress view, all empty until content/assets/practice.js fills them. Only
this page loads that script (`script_tag`, added by the build hooks), so no other page downloads it.
The script reads `assets/practice-data.js`, written with the site from `practice_data_js`: a classic
<script> file works both served and opened from disk (fetch() of a local file is blocked under
file://), and holds only what the drill shows, not the whole guide.json. The answers a drawn question
reveals are in `assets/practice-answers.js` (`practice_answers_js`), which the script loads when a question
is first drawn, so the page's first load stays small.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Mapping
from typing import Any

from . import answer_checks, compact_json
from . import model as model_mod
from .model import Model
from .render import PAGE, attr, esc, join_blocks, link

Item = Mapping[str, Any]

PRACTICE_PAGE = "practice.md"
DATA_FILE = "assets/practice-data.js"  # relative to the site root
SCRIPT_FILE = "assets/practice.js"  # relative to the site root
DATA_GLOBAL = "__guidePractice"  # the global practice-data.js sets; practice.js reads it
# The answers (exemplars, probes, make-it-yours) are most of the data and are only read once a question is
# drawn: a second file, fetched then, keeps the practice page's first load inside its byte budget.
ANSWERS_FILE = "assets/practice-answers.js"
ANSWERS_GLOBAL = "__guidePracticeAnswers"

# Labels for the provenance values the questions schema allows (a test checks they match).
PROVENANCE_LABEL = {"reported": "Reported as asked", "practice": "Written for this guide"}

# The question fields the drill shows; everything else in guide.json stays out of the page's download.
QUESTION_KEYS = ("id", "prompt", "provenance", "reported_on", "stages", "dimensions", "tests")
ANSWER_PARTS = ("strong", "weak", "near_miss")
ANSWER_KEYS = ("probes", "make_it_yours")

# The review schedule, stated once: the page prints it and practice.js reads it from the data. A scored
# question comes back after the days its lowest self-score gives; each further all-5 attempt in a row
# multiplies the interval by `growth`, up to `max_days`. Days are the browser's local calendar days.
REVIEW = {"days": {"1": 1, "3": 3, "5": 7}, "growth": 2, "max_days": 60}

# The toolkit page each answer check's `teaches` names, with the title the page links it by.
TEACHES = {
    "metric_pairs": "Metric pairs",
    "launch_bars": "Launch bars",
    "translations": "Research to product",
    "rsp_tensions": "RSP tensions",
    "briefings": "Why Anthropic",
}
EXEMPLAR_KEYS = ("outline", "why")


def provenance_values(model: Model) -> list[str]:
    schema = model_mod.read_schema(model.data_dir, "questions.schema.json")
    return list(schema["$defs"]["question"]["properties"]["provenance"]["enum"])


def score_values(model: Model) -> list[int]:
    """The self-scores a candidate may give: the anchors the dimensions schema requires (score_1, ...)."""
    schema = model_mod.read_schema(model.data_dir, "dimensions.schema.json")
    anchors = schema["$defs"]["dimension"]["properties"]["anchors"]["required"]
    return sorted(int(key.removeprefix("score_")) for key in anchors)


def id_pattern(model: Model) -> str:
    """The id rule from common.schema.json, so the script checks imported progress against the same rule."""
    return model_mod.read_schema(model.data_dir, "common.schema.json")["$defs"]["id"]["pattern"]


def rules(model: Model) -> answer_checks.Rules:
    """The answer checks: as the validator compiled them when it loaded the model, else (a model built
    by hand, in tests) compiled here."""
    if model.rules is not None:
        return model.rules
    return answer_checks.rules_from(model.items["vocabularies"], model.items["answer_checks"])


def _question(model: Model, q: Item, checks: answer_checks.Rules) -> dict[str, Any]:
    out: dict[str, Any] = {k: q[k] for k in QUESTION_KEYS if k in q}
    # Which answer checks apply, worked out here once from the question's data.
    out["checks"] = answer_checks.applicable(checks, q)
    if q.get("source"):
        out["source_title"] = model.get("sources", q["source"])["title"]
    return out


def practice_data(model: Model) -> dict[str, Any]:
    """What the drill needs, as plain data: stages with their timer, dimensions with their anchors,
    the questions with their exemplars, the answer checks, the review schedule and the rules imported
    progress is checked against."""
    checks = rules(model)
    return {
        "stages": [
            {
                "id": s["id"],
                "name": s["name"],
                "answer_minutes": s["answer_minutes"],
                "dimensions": [e["dimension"] for e in s["dimensions"]],
            }
            for s in model.ordered("stages")
        ],
        "dimensions": [
            {"id": d["id"], "name": d["name"], "short": d["short"], "anchors": dict(d["anchors"])}
            for d in model.ordered("dimensions")
        ],
        "questions": [_question(model, q, checks) for q in model.questions],
        "answer_checks": answer_checks.browser_rules(checks),
        "review": REVIEW,
        "provenance": {p: PROVENANCE_LABEL[p] for p in provenance_values(model)},
        "scores": score_values(model),
        "id_pattern": id_pattern(model),
    }


def _answers(q: Item) -> dict[str, Any]:
    out: dict[str, Any] = {k: q[k] for k in ANSWER_KEYS if k in q}
    for part in ANSWER_PARTS:
        if part in q:
            out[part] = {k: q[part][k] for k in EXEMPLAR_KEYS}
    return out


def practice_answers(model: Model) -> list[list[Any]]:
    """[question id, its answers] pairs, in data order: a list, not an object keyed by id, so the script
    builds a Map from it and no id can reach an object's prototype."""
    return [[q["id"], _answers(q)] for q in model.questions]


def practice_answers_js(model: Model) -> bytes:
    return b"".join([f"window.{ANSWERS_GLOBAL} = ".encode(), _answers_json(model), b";\n"])


_BUILT: list[Any] = [None, {}]  # [the model, its JSON by name]: one build asks for each several times


def _built(model: Model, name: str, make: Any) -> Any:
    if _BUILT[0] is not model:
        _BUILT[:] = [model, {}]
    if name not in _BUILT[1]:
        _BUILT[1][name] = make()
    return _BUILT[1][name]


def _data_json(model: Model) -> bytes:
    return _built(model, "data", lambda: compact_json.dumps(practice_data(model)))


def _answers_json(model: Model) -> bytes:
    return _built(model, "answers", lambda: compact_json.dumps(practice_answers(model)))


def practice_data_js(model: Model) -> bytes:
    # An external file, never inlined into HTML, so no data text can close a <script> element.
    return b"".join([f"window.{DATA_GLOBAL} = ".encode(), _data_json(model), b";\n"])


def data_version(model: Model) -> str:
    """A short digest of the data: the page asks for practice-data.js?v=<digest>, so a browser never
    pairs a new page with a cached old data file."""

    def digest() -> str:
        h = hashlib.sha256(_data_json(model))
        h.update(_answers_json(model))
        return h.hexdigest()[:12]

    return _built(model, "version", digest)


# ---------------------------------------------------------------- the page


def script_tag(page_url: str) -> str:
    """The drill's <script> element for the page at `page_url` (site-relative: "practice/", or
    "practice.html" in the offline copy). It goes in the page's content, not its head: Material's
    instant navigation runs the scripts of the content it swaps in, so the drill also starts when a
    reader arrives from another page without a reload. Deferred, so on a first load it runs after
    Material's bundle and the site configuration it reads, both at the end of the page."""
    folder = page_url if page_url.endswith("/") else posixpath.dirname(page_url)
    return f'<script src="{attr(posixpath.relpath(SCRIPT_FILE, folder or "."))}" defer></script>'


def _select(name: str, label: str, any_label: str, options: list[tuple[str, str]]) -> str:
    opts = "".join(f'<option value="{attr(value)}">{esc(text)}</option>' for value, text in options)
    return (
        f'<label class="practice-field"><span class="practice-field__label">{label}</span>'
        f'<select data-filter="{name}"><option value="">{any_label}</option>{opts}</select></label>'
    )


def _button(action: str, text: str, *, primary: bool = False, extra: str = "") -> str:
    cls = "md-button md-button--primary" if primary else "md-button"
    return f'<button type="button" class="{cls}" data-action="{action}"{extra}>{text}</button>'


def practice(model: Model) -> str:
    """The practice page below its title: how it works, then the drill's static shell."""
    here = PRACTICE_PAGE
    filters = "\n".join(
        [
            '<div class="practice-filters" role="group" aria-label="Draw a question from" data-search-exclude>',
            _select("stage", "Round", "Any round", [(s["id"], s["name"]) for s in model.ordered("stages")]),
            _select("dimension", "Dimension", "Any dimension", [(d["id"], d["name"]) for d in model.ordered("dimensions")]),
            _select(
                "provenance", "Provenance", "Reported and written", [(p, PROVENANCE_LABEL[p]) for p in provenance_values(model)]
            ),
            '<p class="practice-filters__go">' + _button("draw", "Draw a question", primary=True, extra=" disabled") + "</p>",
            '<p class="practice-pool" data-role="pool" aria-live="polite"></p>',
            "</div>",
        ]
    )
    card = "\n".join(
        [
            '<section class="practice-card" data-role="card" aria-label="Question" data-search-exclude hidden>',
            '<p class="practice-meta" data-role="meta"></p>',
            '<h2 class="practice-prompt" data-role="prompt" tabindex="-1"></h2>',
            '<div class="practice-timer" role="group" aria-label="Answer timer">',
            '<span class="practice-timer__clock" data-role="clock" role="timer">0:00</span>',
            '<span class="practice-timer__label" data-role="timer-label"></span>',
            '<span class="practice-timer__controls">',
            _button("start-timer", "Start"),
            _button("pause-timer", "Pause", extra=" disabled"),
            _button("reset-timer", "Reset"),
            "</span>",
            '<span class="practice-sr" data-role="timer-alert" role="status"></span>',
            "</div>",
            '<label class="practice-notes"><span class="practice-field__label">'
            "Your answer (saved in this browser as you type, with your scores)</span>"
            '<textarea data-role="answer-input" rows="6" spellcheck="true"></textarea></label>',
            '<p class="practice-check">' + _button("check-answer", "Check my answer"),
            '<span class="practice-status" data-role="check-status" role="status"></span></p>',
            '<div class="practice-checks" data-role="answer-checks-box" hidden>',
            '<p class="practice-checks__note">A rule-based aid, not a grade: it looks for the structure the rubric '
            "rewards (a counter-metric beside each value metric, a launch bar, a named source...) and can miss "
            "what a person would hear. Nothing leaves this browser.</p>",
            '<ul class="practice-checks__list" data-role="answer-checks" aria-label="Answer checks"></ul>',
            "</div>",
            '<p class="practice-reveal">'
            + _button("reveal", "Reveal the rubric", primary=True, extra=' aria-expanded="false" aria-controls="practice-answer"')
            + "</p>",
            '<div class="practice-answer" id="practice-answer" data-role="answer" hidden>',
            '<h3 tabindex="-1" data-role="answer-title">What it tests</h3>',
            '<p data-role="tests"></p>',
            '<p class="practice-scored" data-role="scored"></p>',
            '<div class="practice-exemplars">',
            '<div class="practice-exemplar practice-exemplar--strong" data-role="strong">',
            '<h3>Strong answer</h3><ol data-role="strong-outline"></ol>',
            '<h4>Why it works</h4><ul data-role="strong-why"></ul></div>',
            '<div class="practice-exemplar practice-exemplar--weak" data-role="weak">',
            '<h3>Weak answer</h3><ol data-role="weak-outline"></ol>',
            '<h4>Why it falls short</h4><ul data-role="weak-why"></ul></div>',
            '<div class="practice-exemplar practice-exemplar--near" data-role="near-miss" hidden>',
            '<h3>Near miss</h3><ol data-role="near-miss-outline"></ol>',
            '<h4>Why it stops short</h4><ul data-role="near-miss-why"></ul></div>',
            "</div>",
            '<div class="practice-own" data-role="make-it-yours-box" hidden><h3>Make it yours</h3>',
            '<p data-role="make-it-yours"></p></div>',
            '<h3>Follow-up probes</h3><ul data-role="probes"></ul>',
            "<h3>Score yourself</h3>",
            "<p>For each dimension this question scores, pick the anchor closest to the answer you gave.</p>",
            '<div class="practice-scoring" data-role="scoring"></div>',
            '<p class="practice-save">' + _button("save-scores", "Save scores", primary=True),
            '<span class="practice-status" data-role="save-status" role="status"></span></p>',
            "</div>",
            '<p class="practice-history" data-role="history"></p>',
            "</section>",
        ]
    )
    progress = "\n".join(
        [
            '<section class="practice-progress" aria-label="Your progress" data-search-exclude>',
            "<h2>Your progress</h2>",
            '<p class="practice-progress__summary" data-role="summary"></p>',
            '<p class="practice-progress__due" data-role="due"></p>',
            '<div class="practice-progress__table" data-role="progress" tabindex="0" '
            'aria-label="Progress by round and dimension"></div>',
            '<p class="practice-legend">Each cell: questions practised for that round out of those that score the dimension '
            "there, and the average of your latest self-score on each (1 to 5). "
            '<span class="practice-tag is-weak">weak</span> below 3, <span class="practice-tag is-mid">fair</span> 3 to 4, '
            '<span class="practice-tag is-strong">strong</span> 4 and above. Select a cell to draw from it.</p>',
            '<div class="practice-io">',
            _button("export", "Export progress"),
            _button("import", "Import progress"),
            '<input type="file" accept=".json,application/json" data-role="import-file" hidden>',
            _button("clear", "Clear all progress"),
            "</div>",
            '<div class="practice-confirm" data-role="confirm-clear" role="alertdialog" '
            'aria-labelledby="practice-confirm-text" hidden>',
            '<p id="practice-confirm-text" data-role="confirm-text"></p>',
            _button("confirm-clear", "Delete all progress", primary=True),
            _button("cancel-clear", "Keep it"),
            "</div>",
            '<p class="practice-status" data-role="io-status" role="status"></p>',
            "</section>",
        ]
    )
    shell = "\n".join(
        [
            # data-search-exclude on each block keeps the controls' labels out of the search index. Material's
            # search parser drops the exclusion at the first closing tag of the same name, so each excluded
            # block holds no element of its own tag, and headings carry no id (an id starts a search section).
            f'<div class="practice" data-practice data-src="{attr(DATA_FILE)}?v={data_version(model)}" '
            f'data-answers="{attr(ANSWERS_FILE)}?v={data_version(model)}">',
            # Filled by the script only when something goes wrong; without JavaScript the noscript note explains.
            '<p class="practice-status is-error" data-role="status" role="status" hidden></p>',
            '<noscript><p class="practice-status is-error" data-search-exclude>The drill needs JavaScript. '
            "Every question, with its answers, is on the Questions page.</p></noscript>",
            filters,
            card,
            progress,
            "</div>",
        ]
    )
    intro = (
        "Draw a question, answer it against the clock as you would in the room, write your answer and check it, "
        "then reveal the rubric: "
        "the dimensions it scores, a strong and a weak answer with why, and the follow-ups. "
        "Score yourself 1, 3 or 5 on each dimension against its anchors. "
        "Your scores stay in this browser (export them to keep a copy or move them to another device). "
        "To open one question directly, add its id to this page's address (`practice/#<question-id>`): "
        f"the same id that anchors it in the [question bank]({link(here, PAGE['questions'])})."
    )
    # The check's results link these pages; practice.js reads each address from its link here, so the
    # strict build checks them and the offline copy rewrites them like any other link.
    teaches = (
        "What the answer check looks for is taught on these pages: "
        + ", ".join(f'[{TEACHES[k]}]({link(here, PAGE[k])}){{data-teaches="{k}"}}' for k in TEACHES)
        + "."
    )
    schedule = f"**Review schedule.** {review_schedule_text()} A question that is due comes first when you draw."
    return join_blocks(intro, teaches, schedule, shell)


def review_schedule_text() -> str:
    """The schedule in words, from REVIEW (the page prints it; practice.js applies the same numbers)."""
    days = REVIEW["days"]

    def when(n: int) -> str:
        return "the next day" if n == 1 else f"{n} days later"

    scores = ", ".join(f"{score} brings it back {when(n)}" for score, n in days.items())
    return (
        f"A scored question comes back by its lowest self-score: {scores}; each further attempt scored "
        f"{max(days, key=int)} on every dimension in a row makes the wait {REVIEW['growth']} times longer, "
        f"up to {REVIEW['max_days']} days. Days are your own calendar days."
    )
