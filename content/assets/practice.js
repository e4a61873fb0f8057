/* Practice drill (practice/): draw a question, time the answer, reveal the rubric, score yourself.
 *
 * The page's static shell comes from macros/practice.py; the questions come from
 * assets/practice-data.js, loaded with a <script> element because that works both served and from
 * file:// (where fetch() of a local file is blocked). History is kept in localStorage under question
 * ids, never question text. Data text is only ever set with textContent.
 *
 * Only the practice page loads it (macros/practice.py, script_tag). Material's instant navigation swaps
 * pages without reloading, so the drill starts from `document$` on every page view and tears down its
 * timer when the page goes away.
 */
(function () {
  "use strict";

  // This script sits in the practice page's content, and Material's instant navigation runs it again
  // on every visit to that page: the first copy stays subscribed to document$ and serves every view.
  if (window.__guideDrillLoaded) return;
  window.__guideDrillLoaded = true;

  var FORMAT = "anthropic-pm-guide-practice";
  var VERSION = 1;
  var MAX_IMPORT_BYTES = 5 * 1024 * 1024;

  // The site root, resolved once at first load as Material resolves its own base: later page views
  // change location but not this script.
  var BASE = (function () {
    try {
      var config = JSON.parse(document.getElementById("__config").textContent);
      return new URL(String(config.base).replace(/\/?$/, "/"), location.href);
    } catch (e) {
      return new URL("./", location.href);
    }
  })();
  // Scoped to the site's path like Material's own keys, so two guides on one host do not mix.
  var STORE_KEY = BASE.pathname + ".practice";

  // ---------------------------------------------------------------- data

  var dataPromise = null;

  function loadData(src) {
    if (window.__guidePractice) return Promise.resolve(window.__guidePractice);
    if (!dataPromise) {
      dataPromise = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = new URL(src, BASE).href;
        script.onload = function () {
          if (window.__guidePractice) resolve(window.__guidePractice);
          else reject(new Error("the question data is empty"));
        };
        script.onerror = function () {
          dataPromise = null;
          script.remove();
          reject(new Error("the question data could not be loaded"));
        };
        document.head.appendChild(script);
      });
    }
    return dataPromise;
  }

  function index(list) {
    var out = {};
    list.forEach(function (item) { out[item.id] = item; });
    return out;
  }

  // ---------------------------------------------------------------- saved progress

  function emptyStore() {
    return { format: FORMAT, version: VERSION, questions: {} };
  }

  function isPlainObject(v) {
    return v !== null && typeof v === "object" && !Array.isArray(v);
  }

  /* The one check for progress, used on what localStorage holds and on imported files.
   * Returns a message naming the first problem, or "" when the value is good. */
  function checkProgress(value, data) {
    var idRe = new RegExp(data.id_pattern);
    if (!isPlainObject(value)) return "the file does not hold a JSON object";
    if (value.format !== FORMAT) return "this is not a practice progress file (\"format\" should be \"" + FORMAT + "\")";
    if (value.version !== VERSION) return "unsupported version " + JSON.stringify(value.version) + " (this page reads version " + VERSION + ")";
    if (!isPlainObject(value.questions)) return "\"questions\" should be an object keyed by question id";
    var ids = Object.keys(value.questions);
    for (var i = 0; i < ids.length; i++) {
      var qid = ids[i];
      var where = "questions[" + JSON.stringify(qid) + "]";
      if (!idRe.test(qid)) return where + ": not a question id";
      var entry = value.questions[qid];
      if (!isPlainObject(entry) || !Array.isArray(entry.attempts)) return where + ": should have an \"attempts\" list";
      for (var j = 0; j < entry.attempts.length; j++) {
        var a = entry.attempts[j];
        var at = where + ".attempts[" + j + "]";
        if (!isPlainObject(a)) return at + ": should be an object";
        if (typeof a.at !== "string" || isNaN(Date.parse(a.at))) return at + ".at: should be a date and time";
        if (typeof a.stage !== "string" || !idRe.test(a.stage)) return at + ".stage: should be a round id";
        if (!isPlainObject(a.scores)) return at + ".scores: should be an object";
        var dims = Object.keys(a.scores);
        for (var k = 0; k < dims.length; k++) {
          if (!idRe.test(dims[k])) return at + ".scores: " + JSON.stringify(dims[k]) + " is not a dimension id";
          if (data.scores.indexOf(a.scores[dims[k]]) < 0) {
            return at + ".scores[" + JSON.stringify(dims[k]) + "]: " + JSON.stringify(a.scores[dims[k]]) + " is not one of " + data.scores.join(", ");
          }
        }
      }
    }
    return "";
  }

  function readStore(data) {
    var raw;
    try {
      raw = localStorage.getItem(STORE_KEY);
    } catch (e) {
      return { store: emptyStore(), problem: "this browser does not allow saving (storage is blocked)" };
    }
    if (!raw) return { store: emptyStore(), problem: "" };
    try {
      var parsed = JSON.parse(raw);
      var problem = checkProgress(parsed, data);
      if (!problem) return { store: parsed, problem: "" };
      return { store: emptyStore(), problem: "saved progress could not be read (" + problem + "); export or clear it" };
    } catch (e) {
      return { store: emptyStore(), problem: "saved progress could not be read; export or clear it" };
    }
  }

  function writeStore(store) {
    localStorage.setItem(STORE_KEY, JSON.stringify(store));
  }

  function attemptKey(a) {
    return a.at + "|" + a.stage;
  }

  function byTime(a, b) {
    return Date.parse(a.at) - Date.parse(b.at);
  }

  /* Merge `incoming` into a copy of `store`: attempts are kept once each (same time and round). */
  function merge(store, incoming) {
    var out = JSON.parse(JSON.stringify(store));
    var added = 0;
    Object.keys(incoming.questions).forEach(function (qid) {
      var mine = out.questions[qid] || (out.questions[qid] = { attempts: [] });
      var seen = {};
      mine.attempts.forEach(function (a) { seen[attemptKey(a)] = true; });
      incoming.questions[qid].attempts.forEach(function (a) {
        if (seen[attemptKey(a)]) return;
        seen[attemptKey(a)] = true;
        mine.attempts.push({ at: a.at, stage: a.stage, scores: Object.assign({}, a.scores) });
        added++;
      });
      mine.attempts.sort(byTime);
      if (!mine.attempts.length) delete out.questions[qid];
    });
    return { store: out, added: added };
  }

  function countAttempts(store) {
    var n = 0;
    Object.keys(store.questions).forEach(function (qid) { n += store.questions[qid].attempts.length; });
    return n;
  }

  // ---------------------------------------------------------------- small DOM helpers

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function fillList(list, lines) {
    list.replaceChildren.apply(list, lines.map(function (line) { return el("li", "", line); }));
  }

  function clock(ms) {
    var over = ms < 0;
    var s = Math.ceil(Math.abs(ms) / 1000);
    if (over) s = Math.floor(Math.abs(ms) / 1000);
    var text = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
    return over ? "+" + text + " over" : text;
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function when(iso) {
    try {
      return new Date(iso).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
    } catch (e) {
      return iso;
    }
  }

  // ---------------------------------------------------------------- the drill

  function Drill(root, data) {
    this.root = root;
    this.data = data;
    this.stages = index(data.stages);
    this.dims = index(data.dimensions);
    this.questions = index(data.questions);
    var loaded = readStore(data);
    this.store = loaded.store;
    this.current = null; // { q, stage, savedAt }
    this.timer = { total: 0, remaining: 0, endsAt: 0, handle: null, alerted: false };
    this.listeners = [];
    this.bind();
    this.updatePool();
    this.renderProgress();
    if (loaded.problem) this.say("io-status", loaded.problem, true);
    this.q("[data-action='draw']").disabled = false;
    root.classList.add("is-ready");
    this.openFromHash();
  }

  Drill.prototype.q = function (selector) {
    return this.root.querySelector(selector);
  };

  Drill.prototype.role = function (name) {
    return this.root.querySelector("[data-role='" + name + "']");
  };

  Drill.prototype.on = function (target, type, fn) {
    var self = this;
    var handler = function (event) { fn.call(self, event); };
    target.addEventListener(type, handler);
    this.listeners.push([target, type, handler]);
  };

  Drill.prototype.destroy = function () {
    this.stopTimer();
    this.listeners.forEach(function (l) { l[0].removeEventListener(l[1], l[2]); });
    this.listeners = [];
  };

  Drill.prototype.say = function (role, text, isError) {
    var node = this.role(role);
    node.textContent = text;
    node.classList.toggle("is-error", !!isError);
    node.hidden = !text;
  };

  Drill.prototype.bind = function () {
    var actions = {
      draw: this.draw,
      reveal: this.toggleReveal,
      "start-timer": this.startTimer,
      "pause-timer": this.pauseTimer,
      "reset-timer": this.resetTimer,
      "save-scores": this.saveScores,
      export: this.exportProgress,
      import: function () { this.role("import-file").click(); },
      clear: this.askClear,
      "confirm-clear": this.confirmClear,
      "cancel-clear": this.cancelClear,
      "draw-cell": function (event) {
        var button = event.target.closest("[data-action='draw-cell']");
        this.filter("stage").value = button.dataset.stage;
        this.filter("dimension").value = button.dataset.dimension;
        this.updatePool();
        this.draw();
      },
    };
    this.on(this.root, "click", function (event) {
      var button = event.target.closest("[data-action]");
      if (!button || !this.root.contains(button) || button.disabled) return;
      var fn = actions[button.dataset.action];
      if (fn) fn.call(this, event);
    });
    this.on(this.root, "change", function (event) {
      if (event.target.matches("[data-filter]")) this.updatePool();
      if (event.target.matches("[data-role='import-file']")) this.importFile(event.target);
    });
    this.on(window, "hashchange", this.openFromHash);
  };

  // ---------------------------------------------------------------- filters and drawing

  Drill.prototype.filter = function (name) {
    return this.q("[data-filter='" + name + "']");
  };

  Drill.prototype.filters = function () {
    return {
      stage: this.filter("stage").value,
      dimension: this.filter("dimension").value,
      provenance: this.filter("provenance").value,
    };
  };

  Drill.prototype.pool = function () {
    var f = this.filters();
    return this.data.questions.filter(function (q) {
      return (!f.stage || q.stages.indexOf(f.stage) >= 0) &&
        (!f.dimension || q.dimensions.indexOf(f.dimension) >= 0) &&
        (!f.provenance || q.provenance === f.provenance);
    });
  };

  /* When the question was last practised (ms), in the given round if one is given; 0 if never. */
  Drill.prototype.lastPractised = function (qid, stage) {
    var entry = this.store.questions[qid];
    if (!entry) return 0;
    var last = 0;
    entry.attempts.forEach(function (a) {
      if (!stage || a.stage === stage) last = Math.max(last, Date.parse(a.at));
    });
    return last;
  };

  Drill.prototype.updatePool = function () {
    var pool = this.pool();
    var stage = this.filters().stage;
    var self = this;
    var fresh = pool.filter(function (q) { return !self.lastPractised(q.id, stage); }).length;
    var text = pool.length
      ? plural(pool.length, "question matches", "questions match") + "; " + fresh + " not practised yet."
      : "No question matches these filters. Widen one of them.";
    this.role("pool").textContent = text;
  };

  /* A random question the filters allow and the candidate has not practised (in the chosen round, if
   * one is chosen); when every one has been practised, the one practised longest ago. */
  Drill.prototype.draw = function () {
    var pool = this.pool();
    if (!pool.length) {
      this.updatePool();
      return;
    }
    var currentId = this.current && this.current.q.id;
    var candidates = pool.length > 1 ? pool.filter(function (q) { return q.id !== currentId; }) : pool;
    var stage = this.filters().stage;
    var self = this;
    var fresh = candidates.filter(function (q) { return !self.lastPractised(q.id, stage); });
    var pick;
    if (fresh.length) {
      pick = fresh[Math.floor(Math.random() * fresh.length)];
    } else {
      pick = candidates.reduce(function (best, q) {
        return self.lastPractised(q.id, stage) < self.lastPractised(best.id, stage) ? q : best;
      });
    }
    this.show(pick, true);
  };

  Drill.prototype.openFromHash = function () {
    var id = decodeURIComponent(location.hash.replace(/^#/, ""));
    if (!id || (this.current && this.current.q.id === id)) return;
    var q = this.questions[id];
    if (q) {
      this.say("status", "", false);
      this.show(q, true);
    } else {
      this.say("status", "No question has the id \u201c" + id + "\u201d. Draw one instead.", true);
    }
  };

  // ---------------------------------------------------------------- one question

  Drill.prototype.show = function (q, focus) {
    var chosen = this.filters().stage;
    var stage = this.stages[chosen && q.stages.indexOf(chosen) >= 0 ? chosen : q.stages[0]];
    this.current = { q: q, stage: stage, savedAt: null };
    var self = this;

    var meta = q.provenance === "reported"
      ? this.data.provenance.reported + " (" + [q.source_title, q.reported_on].filter(Boolean).join(", ") + ")"
      : this.data.provenance[q.provenance];
    this.role("meta").textContent = meta + " \u00b7 Practising for: " + stage.name;
    this.role("prompt").textContent = q.prompt;
    this.role("notes").value = "";

    this.timer.total = stage.answer_minutes * 60000;
    this.resetTimer();
    this.role("timer-label").textContent = plural(stage.answer_minutes, "minute", "minutes") + ", the " + stage.name.toLowerCase() + " format";

    this.role("tests").textContent = q.tests;
    this.role("scored").textContent = "Scores: " + q.dimensions.map(function (d) { return self.dims[d].name; }).join(", ");
    fillList(this.role("strong-outline"), q.strong.outline);
    fillList(this.role("strong-why"), q.strong.why);
    fillList(this.role("weak-outline"), q.weak.outline);
    fillList(this.role("weak-why"), q.weak.why);
    fillList(this.role("probes"), q.probes);
    this.renderScoring(q);
    this.setRevealed(false);
    this.say("save-status", "", false);
    this.renderHistory();

    var card = this.role("card");
    card.hidden = false;
    card.dataset.question = q.id;
    var url = new URL(location.href);
    url.hash = q.id;
    // Keep Material's history state (its scroll offset) while pointing the address at this question.
    history.replaceState(history.state, "", url.href);
    if (focus) this.role("prompt").focus();
  };

  Drill.prototype.renderScoring = function (q) {
    var self = this;
    var box = this.role("scoring");
    box.replaceChildren.apply(box, q.dimensions.map(function (did) {
      var d = self.dims[did];
      var set = el("fieldset", "practice-score");
      set.dataset.dimension = did;
      set.appendChild(el("legend", "", d.name));
      self.data.scores.forEach(function (n) {
        var label = el("label", "practice-score__option");
        var input = el("input");
        input.type = "radio";
        input.name = "practice-score-" + did;
        input.value = String(n);
        label.appendChild(input);
        label.appendChild(el("span", "practice-score__n", String(n)));
        label.appendChild(el("span", "practice-score__anchor", d.anchors["score_" + n]));
        set.appendChild(label);
      });
      return set;
    }));
  };

  Drill.prototype.setRevealed = function (open) {
    this.role("answer").hidden = !open;
    var button = this.q("[data-action='reveal']");
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? "Hide the rubric" : "Reveal the rubric";
  };

  Drill.prototype.toggleReveal = function () {
    var open = this.role("answer").hidden;
    this.setRevealed(open);
    if (open) this.role("answer-title").focus();
  };

  Drill.prototype.saveScores = function () {
    var q = this.current.q;
    var scores = {};
    var missing = [];
    var self = this;
    q.dimensions.forEach(function (did) {
      var picked = self.root.querySelector("input[name='practice-score-" + did + "']:checked");
      if (picked) scores[did] = Number(picked.value);
      else missing.push(self.dims[did].name);
    });
    if (missing.length) {
      this.say("save-status", "Score every dimension first. Missing: " + missing.join(", ") + ".", true);
      return;
    }
    var entry = this.store.questions[q.id] || (this.store.questions[q.id] = { attempts: [] });
    // Saving again for the same showing corrects that attempt rather than adding a second one.
    var attempt = null;
    if (this.current.savedAt) {
      attempt = entry.attempts.filter(function (a) { return a.at === self.current.savedAt; })[0] || null;
    }
    if (attempt) {
      attempt.scores = scores;
    } else {
      attempt = { at: new Date().toISOString(), stage: this.current.stage.id, scores: scores };
      entry.attempts.push(attempt);
      this.current.savedAt = attempt.at;
    }
    try {
      writeStore(this.store);
    } catch (e) {
      this.say("save-status", "Could not save: this browser refused to store it.", true);
      return;
    }
    this.say("save-status", "Saved. Draw the next question when you are ready.", false);
    this.renderHistory();
    this.renderProgress();
    this.updatePool();
  };

  Drill.prototype.renderHistory = function () {
    var q = this.current.q;
    var entry = this.store.questions[q.id];
    var node = this.role("history");
    if (!entry || !entry.attempts.length) {
      node.textContent = "You have not practised this question yet.";
      return;
    }
    var last = entry.attempts[entry.attempts.length - 1];
    var self = this;
    var stage = this.stages[last.stage];
    var scores = Object.keys(last.scores).map(function (d) {
      return (self.dims[d] ? self.dims[d].name : d) + " " + last.scores[d];
    });
    node.textContent = "Practised " + plural(entry.attempts.length, "time", "times") + ". Last on " + when(last.at) +
      (stage ? " for the " + stage.name.toLowerCase() : "") + ": " + scores.join(", ") + ".";
  };

  // ---------------------------------------------------------------- timer

  /* `moveFocus`: Start and Pause disable each other, so pass keyboard focus from the one being
   * disabled to the other rather than lose it to the page. */
  Drill.prototype.renderTimer = function (moveFocus) {
    var t = this.timer;
    var running = !!t.handle;
    var start = this.q("[data-action='start-timer']");
    var pause = this.q("[data-action='pause-timer']");
    var focused = document.activeElement;
    this.role("clock").textContent = clock(t.remaining);
    this.role("clock").classList.toggle("is-over", t.remaining <= 0);
    start.disabled = running;
    pause.disabled = !running;
    start.textContent = !running && t.remaining < t.total ? "Resume" : "Start";
    if (moveFocus && running && focused === start) pause.focus();
    if (moveFocus && !running && focused === pause) start.focus();
  };

  Drill.prototype.tick = function () {
    var t = this.timer;
    t.remaining = t.endsAt - Date.now();
    if (t.remaining <= 0 && !t.alerted) {
      t.alerted = true;
      this.role("timer-alert").textContent = "Time is up. Finish your sentence, then reveal the rubric.";
    }
    this.renderTimer();
  };

  Drill.prototype.startTimer = function () {
    var t = this.timer;
    if (t.handle) return;
    t.endsAt = Date.now() + t.remaining;
    var self = this;
    // Keeps counting past zero, so the candidate sees how far over they ran; nothing blocks the page.
    t.handle = setInterval(function () { self.tick(); }, 250);
    this.renderTimer(true);
  };

  Drill.prototype.stopTimer = function () {
    if (this.timer.handle) clearInterval(this.timer.handle);
    this.timer.handle = null;
  };

  Drill.prototype.pauseTimer = function () {
    if (!this.timer.handle) return;
    this.timer.remaining = this.timer.endsAt - Date.now();
    this.stopTimer();
    this.renderTimer(true);
  };

  Drill.prototype.resetTimer = function () {
    this.stopTimer();
    this.timer.remaining = this.timer.total;
    this.timer.alerted = false;
    this.role("timer-alert").textContent = "";
    this.renderTimer(true);
  };

  // ---------------------------------------------------------------- progress view

  Drill.prototype.renderProgress = function () {
    var self = this;
    var data = this.data;
    var table = el("table", "practice-matrix");
    var head = el("tr");
    head.appendChild(el("th", "", "Round"));
    data.dimensions.forEach(function (d) {
      var th = el("th", "", d.short);
      th.scope = "col";
      th.title = d.name;
      head.appendChild(th);
    });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el("tbody");
    data.stages.forEach(function (s) {
      var row = el("tr");
      var th = el("th", "", s.name);
      th.scope = "row";
      row.appendChild(th);
      data.dimensions.forEach(function (d) {
        row.appendChild(self.progressCell(s, d));
      });
      body.appendChild(row);
    });
    table.appendChild(body);
    this.role("progress").replaceChildren(table);

    var attempts = countAttempts(this.store);
    var practised = Object.keys(this.store.questions).filter(function (id) { return self.questions[id]; }).length;
    this.role("summary").textContent = attempts
      ? plural(attempts, "saved attempt", "saved attempts") + " on " + plural(practised, "question", "questions") + " of " + data.questions.length + "."
      : "Nothing saved yet: score an answer and it shows up here.";
  };

  /* One stage x dimension cell: how many of its questions were practised for that round, and the
   * average of the latest self-score on each. */
  Drill.prototype.progressCell = function (s, d) {
    var self = this;
    var td = el("td");
    var inCell = this.data.questions.filter(function (q) {
      return q.stages.indexOf(s.id) >= 0 && q.dimensions.indexOf(d.id) >= 0;
    });
    if (!inCell.length) {
      td.className = "is-none";
      td.appendChild(el("span", "practice-cell__none", "\u2013"));
      td.title = "No question for " + s.name + " scores " + d.name + " yet";
      return td;
    }
    var latest = [];
    inCell.forEach(function (q) {
      var entry = self.store.questions[q.id];
      if (!entry) return;
      for (var i = entry.attempts.length - 1; i >= 0; i--) {
        var a = entry.attempts[i];
        if (a.stage === s.id && a.scores[d.id] !== undefined) {
          latest.push(a.scores[d.id]);
          return;
        }
      }
    });
    var avg = latest.length ? latest.reduce(function (x, y) { return x + y; }, 0) / latest.length : null;
    var level = avg === null ? "is-empty" : avg < 3 ? "is-weak" : avg < 4 ? "is-mid" : "is-strong";
    var word = { "is-empty": "not practised", "is-weak": "weak", "is-mid": "fair", "is-strong": "strong" }[level];
    td.className = level;
    td.dataset.stage = s.id;
    td.dataset.dimension = d.id;
    var button = el("button", "practice-cell");
    button.type = "button";
    button.dataset.action = "draw-cell";
    button.dataset.stage = s.id;
    button.dataset.dimension = d.id;
    button.appendChild(el("span", "practice-cell__count", latest.length + "/" + inCell.length));
    button.appendChild(el("span", "practice-cell__avg", avg === null ? "\u2013" : avg.toFixed(1)));
    button.appendChild(el("span", "practice-cell__word", word));
    button.setAttribute("aria-label", s.name + ", " + d.name + ": " + latest.length + " of " + inCell.length + " questions practised" +
      (avg === null ? "" : ", average " + avg.toFixed(1) + " (" + word + ")") + ". Draw a question from this cell.");
    td.appendChild(button);
    return td;
  };

  // ---------------------------------------------------------------- export, import, clear

  Drill.prototype.exportProgress = function () {
    var payload = { format: FORMAT, version: VERSION, exported_at: new Date().toISOString(), questions: this.store.questions };
    var blob = new Blob([JSON.stringify(payload, null, 1) + "\n"], { type: "application/json" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "practice-progress-" + new Date().toISOString().slice(0, 10) + ".json";
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () {
      URL.revokeObjectURL(a.href);
      a.remove();
    }, 0);
    this.say("io-status", "Exported " + plural(countAttempts(this.store), "attempt", "attempts") + ".", false);
  };

  Drill.prototype.importFile = function (input) {
    var file = input.files && input.files[0];
    input.value = ""; // so choosing the same file again still fires change
    if (!file) return;
    var self = this;
    var fail = function (why) {
      self.say("io-status", "Nothing was imported: " + why + ".", true);
    };
    if (file.size > MAX_IMPORT_BYTES) return fail("the file is larger than a progress file can be");
    file.text().then(function (text) {
      var value;
      try {
        value = JSON.parse(text);
      } catch (e) {
        return fail("the file is not valid JSON");
      }
      var problem = checkProgress(value, self.data);
      if (problem) return fail(problem);
      var merged = merge(self.store, value);
      try {
        writeStore(merged.store);
      } catch (e) {
        return fail("this browser refused to store it");
      }
      self.store = merged.store;
      self.renderProgress();
      self.updatePool();
      if (self.current) self.renderHistory();
      self.say("io-status", "Imported " + plural(merged.added, "new attempt", "new attempts") + "; you now have " +
        plural(countAttempts(self.store), "attempt", "attempts") + " saved.", false);
    }, function () {
      fail("the file could not be read");
    });
  };

  Drill.prototype.askClear = function () {
    var n = countAttempts(this.store);
    if (!n) {
      this.say("io-status", "There is no saved progress to clear.", false);
      return;
    }
    this.role("confirm-text").textContent = "Delete all " + plural(n, "saved attempt", "saved attempts") +
      " from this browser? This cannot be undone; export first to keep a copy.";
    this.role("confirm-clear").hidden = false;
    this.q("[data-action='cancel-clear']").focus();
  };

  Drill.prototype.confirmClear = function () {
    try {
      localStorage.removeItem(STORE_KEY);
    } catch (e) {
      /* nothing stored, nothing to remove */
    }
    this.store = emptyStore();
    this.role("confirm-clear").hidden = true;
    this.renderProgress();
    this.updatePool();
    if (this.current) {
      this.current.savedAt = null;
      this.renderHistory();
    }
    this.say("io-status", "All practice progress was deleted from this browser.", false);
    this.q("[data-action='clear']").focus();
  };

  Drill.prototype.cancelClear = function () {
    this.role("confirm-clear").hidden = true;
    this.say("io-status", "", false);
    this.q("[data-action='clear']").focus();
  };

  // ---------------------------------------------------------------- start on every page view

  var drill = null;

  function boot() {
    if (drill) {
      drill.destroy();
      drill = null;
    }
    var root = document.querySelector("[data-practice]");
    if (!root) return;
    loadData(root.dataset.src).then(function (data) {
      // The reader may have moved on while the data loaded.
      if (!document.body.contains(root)) return;
      drill = new Drill(root, data);
    }, function (err) {
      var status = root.querySelector("[data-role='status']");
      status.textContent = "The drill could not start: " + err.message + ". Reload the page to try again.";
      status.hidden = false;
    });
  }

  function bootOnce() {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot, { once: true });
    else boot();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    // Opened from disk (file://), Material turns instant navigation off and document$ completes
    // without ever emitting: start once on completion then.
    var seen = false;
    window.document$.subscribe({
      next: function () {
        seen = true;
        boot();
      },
      complete: function () {
        if (!seen) bootOnce();
      },
    });
  } else {
    bootOnce();
  }
})();
