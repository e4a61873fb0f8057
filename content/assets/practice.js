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
  var MAX_ANSWER_CHARS = 20000; // about 3,000 words: far longer than any answer in the room

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

  // Two classic scripts, each setting one global: the drill's data, and the answers a drawn question
  // reveals (fetched when a question is first shown, so the page's first load stays small).
  var loading = new Map();

  function loadScript(src, name, what) {
    if (window[name]) return Promise.resolve(window[name]);
    if (!loading.has(name)) {
      loading.set(name, new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = new URL(src, BASE).href;
        script.onload = function () {
          if (window[name]) resolve(window[name]);
          else reject(new Error(what + " is empty"));
        };
        script.onerror = function () {
          loading.delete(name);
          script.remove();
          reject(new Error(what + " could not be loaded"));
        };
        document.head.appendChild(script);
      }));
    }
    return loading.get(name);
  }

  function loadData(src) {
    return loadScript(src, "__guidePractice", "the question data");
  }

  // Lookups by id go through a Map: an id from the address or an imported file ("constructor",
  // "__proto__") can never reach an object's prototype.
  function index(list) {
    var out = new Map();
    list.forEach(function (item) { out.set(item.id, item); });
    return out;
  }

  function own(obj, key) {
    return obj !== null && typeof obj === "object" && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
  }

  // ---------------------------------------------------------------- the answer check

  /* The same algorithm as macros/answer_checks.py, over the same expressions (built there from
   * data/vocabularies.yml and data/answer_checks.yml); tests/test_answer_parity.py runs both over every
   * exemplar and a corpus of written answers and requires identical results, check by check. */
  var AnswerChecks = (function () {
    var SPACE = /^[ \t\r\n]+|[ \t\r\n]+$/g;

    function lower(text) {
      return text.replace(/[A-Z]+/g, function (m) { return m.toLowerCase(); });
    }

    function wordChar(c) {
      return (c >= "a" && c <= "z") || (c >= "0" && c <= "9");
    }

    function bisectLeft(list, x) {
      var lo = 0, hi = list.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (list[mid] < x) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    }

    function compile(rules) {
      var c = { rules: rules, patterns: new Map(), windows: new Map(), split: new RegExp(rules.split, "g"), token: new RegExp(rules.token, "g") };
      Object.keys(rules.patterns).forEach(function (id) { c.patterns.set(id, new RegExp(rules.patterns[id], "g")); });
      rules.checks.forEach(function (check) {
        if (check.rule.kind === "one_sided") c.windows.set(check.id, [new RegExp(check.before), new RegExp(check.after)]);
      });
      return c;
    }

    function noBreak(c, low, end) {
      return c.rules.no_break_after.some(function (a) {
        var begin = end - a.length;
        return begin >= 0 && low.slice(begin, end) === a && (begin === 0 || !wordChar(low[begin - 1]));
      });
    }

    function split(c, text) {
      var out = [];
      var start = 0;
      var low = lower(text);
      var re = c.split;
      re.lastIndex = 0;
      var m;
      while ((m = re.exec(text)) !== null) {
        var end;
        if (".!?".indexOf(text[m.index]) >= 0) {
          end = m.index + 1;
          if (noBreak(c, low, end)) continue;
        } else {
          end = m.index;
        }
        var piece = text.slice(start, end).replace(SPACE, "");
        if (piece) out.push(piece);
        start = m.index + m[0].length;
      }
      var last = text.slice(start).replace(SPACE, "");
      if (last) out.push(last);
      return out;
    }

    function tokens(c, low) {
      var out = [];
      var re = c.token;
      re.lastIndex = 0;
      var m;
      while ((m = re.exec(low)) !== null) out.push([m.index, m.index + m[0].length]);
      return out;
    }

    function Answer(c, text) {
      this.c = c;
      this.sentences = split(c, text);
      this.low = this.sentences.map(lower);
      this.joined = this.low.join("\n");
      this.starts = [];
      var at = 0;
      for (var i = 0; i < this.low.length; i++) {
        this.starts.push(at);
        at += this.low[i].length + 1;
      }
      this.found = new Map();
    }

    Answer.prototype.hits = function (vocabulary) {
      var found = this.found.get(vocabulary);
      if (found) return found;
      found = this.low.map(function () { return []; });
      var re = this.c.patterns.get(vocabulary);
      re.lastIndex = 0;
      var m;
      while ((m = re.exec(this.joined)) !== null) {
        var i = bisectLeft(this.starts, m.index + 1) - 1;
        found[i].push([m.index - this.starts[i], m.index + m[0].length - this.starts[i]]);
      }
      this.found.set(vocabulary, found);
      return found;
    };

    Answer.prototype.has = function (vocabulary, i) {
      return this.hits(vocabulary)[i].length > 0;
    };

    function rejected(c, check, low, toks, span) {
      var win = c.windows.get(check.id);
      var reach = check.rule.window + c.rules.cue_words;
      var starts = toks.map(function (t) { return t[0]; });
      var a = span[0], b = span[1];
      var first = bisectLeft(starts, a);
      var begin = first > 0 ? toks[Math.max(0, first - reach)][0] : a;
      if (win[0].test(low.slice(begin, a))) return true;
      var next = bisectLeft(starts, b);
      if (next >= toks.length) return false;
      var end = toks[Math.min(toks.length, next + reach) - 1][1];
      return win[1].test(low.slice(b, end));
    }

    function runOne(c, check, ans) {
      var rule = check.rule;
      var n = ans.sentences.length;
      var quoted = [];
      var missing = [];
      var flag = false;
      var i;
      if (rule.kind === "forbid") {
        for (i = 0; i < n; i++) if (ans.has(rule.vocabulary, i)) quoted.push(i);
        flag = quoted.length > 0;
      } else if (rule.kind === "one_sided") {
        var value = ans.hits(rule.value);
        for (i = 0; i < n; i++) {
          if (!value[i].length || ans.has(rule.risk, i)) continue;
          var low = ans.low[i];
          var toks = tokens(c, low);
          if (value[i].some(function (span) { return !rejected(c, check, low, toks, span); })) quoted.push(i);
        }
        flag = quoted.length > 0;
      } else if (rule.kind === "require") {
        rule.parts.forEach(function (part) {
          var vocabs = part.all_of;
          for (var j = 0; j < n; j++) {
            if (vocabs.every(function (v) { return ans.has(v, j); })) return;
          }
          missing.push(part.id);
          if (vocabs.length > 1) {
            for (var k = 0; k < n; k++) if (ans.has(vocabs[0], k) && quoted.indexOf(k) < 0) quoted.push(k);
          }
        });
        quoted.sort(function (x, y) { return x - y; });
        flag = missing.length > 0;
      } else if (rule.kind === "shape") {
        var seen = rule.parts.filter(function (v) {
          for (var j = 0; j < n; j++) if (ans.has(v, j)) return true;
          return false;
        });
        flag = seen.length >= rule.min_parts;
        if (flag) {
          for (i = 0; i < n; i++) {
            var at = i;
            if (rule.parts.some(function (v) { return ans.has(v, at); })) quoted.push(i);
          }
        }
      } else {
        throw new Error("unknown rule kind " + rule.kind);
      }
      return { id: check.id, state: flag ? "flag" : "ok", quotes: quoted.map(function (j) { return ans.sentences[j]; }), missing: missing };
    }

    /* One result per check id, in the rules' order: {id, state: "ok"|"flag", quotes, missing}. */
    function run(c, checkIds, text) {
      var ans = new Answer(c, text);
      return c.rules.checks
        .filter(function (check) { return checkIds.indexOf(check.id) >= 0; })
        .map(function (check) { return runOne(c, check, ans); });
    }

    return { compile: compile, run: run, split: split };
  })();
  // For the parity test and the benchmark, which run the checker on their own texts.
  window.__guideAnswerChecks = AnswerChecks;

  // ---------------------------------------------------------------- saved progress

  function emptyStore() {
    return { format: FORMAT, version: VERSION, questions: Object.create(null) };
  }

  /* A checked progress value rebuilt from scratch: only the fields this page knows, in objects with no
   * prototype, so no id or key in a file can reach Object.prototype. */
  function normalize(value) {
    var out = emptyStore();
    Object.keys(value.questions).forEach(function (qid) {
      var entry = value.questions[qid];
      var copy = { attempts: entry.attempts.map(function (a) {
        var scores = Object.create(null);
        Object.keys(a.scores).forEach(function (d) { scores[d] = a.scores[d]; });
        return { at: a.at, stage: a.stage, scores: scores };
      }) };
      if (typeof entry.answer === "string" && entry.answer) copy.answer = entry.answer;
      out.questions[qid] = copy;
    });
    return out;
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
      if (entry.answer !== undefined && (typeof entry.answer !== "string" || entry.answer.length > MAX_ANSWER_CHARS)) {
        return where + ".answer: should be text of at most " + MAX_ANSWER_CHARS + " characters";
      }
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
      if (!problem) return { store: normalize(parsed), problem: "" };
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

  /* Merge `incoming` (checked and normalized) into a copy of `store`: attempts are kept once each (same
   * time and round); an answer comes in only where this browser has none for that question. */
  function merge(store, incoming) {
    var out = normalize(store);
    var added = 0;
    var answers = 0;
    Object.keys(incoming.questions).forEach(function (qid) {
      var mine = out.questions[qid] || (out.questions[qid] = { attempts: [] });
      if (incoming.questions[qid].answer && !mine.answer) {
        mine.answer = incoming.questions[qid].answer;
        answers++;
      }
      var seen = {};
      mine.attempts.forEach(function (a) { seen[attemptKey(a)] = true; });
      incoming.questions[qid].attempts.forEach(function (a) {
        if (seen[attemptKey(a)]) return;
        seen[attemptKey(a)] = true;
        mine.attempts.push({ at: a.at, stage: a.stage, scores: a.scores });
        added++;
      });
      mine.attempts.sort(byTime);
      if (!mine.attempts.length && !mine.answer) delete out.questions[qid];
    });
    return { store: out, added: added, answers: answers };
  }

  function countAttempts(store) {
    var n = 0;
    Object.keys(store.questions).forEach(function (qid) { n += store.questions[qid].attempts.length; });
    return n;
  }

  // ---------------------------------------------------------------- review dates

  /* A local calendar day as YYYY-MM-DD: `days` after the day of `ms` in this browser's time zone. */
  function localDay(ms, days) {
    var d = new Date(ms);
    var day = new Date(d.getFullYear(), d.getMonth(), d.getDate() + (days || 0));
    return day.getFullYear() + "-" + String(day.getMonth() + 1).padStart(2, "0") + "-" + String(day.getDate()).padStart(2, "0");
  }

  /* When a question comes back (the schedule is data.review, printed on the page from the same numbers):
   * the wait its latest attempt's lowest score gives, growing with each all-top-score attempt in a row. */
  function nextReview(entry, review, top) {
    if (!entry || !entry.attempts.length) return null;
    var streak = 0;
    var days = 0;
    var keys = Object.keys(review.days).map(Number).sort(function (a, b) { return a - b; });
    entry.attempts.slice().sort(byTime).forEach(function (a) {
      var values = Object.keys(a.scores).map(function (d) { return a.scores[d]; });
      var lowest = values.length ? Math.min.apply(null, values) : keys[0];
      var key = keys.filter(function (k) { return k <= lowest; }).pop();
      if (key === undefined) key = keys[0];
      if (lowest >= top) {
        streak++;
        days = Math.min(review.max_days, review.days[String(key)] * Math.pow(review.growth, streak - 1));
      } else {
        streak = 0;
        days = review.days[String(key)];
      }
    });
    var last = entry.attempts.reduce(function (m, a) { return Math.max(m, Date.parse(a.at)); }, 0);
    return { due: localDay(last, days), days: days };
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
    this.checker = AnswerChecks.compile(data.answer_checks);
    this.top = Math.max.apply(null, data.scores);
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
      "check-answer": this.checkAnswer,
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
      var fn = own(actions, button.dataset.action);
      if (fn) fn.call(this, event);
    });
    this.on(this.root, "change", function (event) {
      if (event.target.matches("[data-filter]")) this.updatePool();
      if (event.target.matches("[data-role='import-file']")) this.importFile(event.target);
    });
    this.on(this.root, "input", function (event) {
      if (event.target.matches("[data-role='answer-input']")) this.saveAnswer();
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

  Drill.prototype.review = function (qid) {
    return nextReview(this.store.questions[qid], this.data.review, this.top);
  };

  /* Whether the question is due for review today (local day); a question never scored is not. */
  Drill.prototype.isDue = function (qid) {
    var r = this.review(qid);
    return !!r && r.due <= localDay(Date.now(), 0);
  };

  Drill.prototype.updatePool = function () {
    var pool = this.pool();
    var stage = this.filters().stage;
    var self = this;
    var fresh = pool.filter(function (q) { return !self.lastPractised(q.id, stage); }).length;
    var due = pool.filter(function (q) { return self.isDue(q.id); }).length;
    var text = pool.length
      ? plural(pool.length, "question matches", "questions match") + "; " + fresh + " not practised yet, " + due + " due for review."
      : "No question matches these filters. Widen one of them.";
    this.role("pool").textContent = text;
  };

  /* A question the filters allow: one due for review if any (the longest overdue), else a random one the
   * candidate has not practised (in the chosen round, if one is chosen), else the one practised longest ago. */
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
    var due = candidates.filter(function (q) { return self.isDue(q.id); });
    var pick;
    if (due.length) {
      // Due questions first, the longest overdue first.
      pick = due.reduce(function (best, q) { return self.review(q.id).due < self.review(best.id).due ? q : best; });
    } else if (fresh.length) {
      pick = fresh[Math.floor(Math.random() * fresh.length)];
    } else {
      pick = candidates.reduce(function (best, q) {
        return self.lastPractised(q.id, stage) < self.lastPractised(best.id, stage) ? q : best;
      });
    }
    this.show(pick, true);
  };

  Drill.prototype.openFromHash = function () {
    var id;
    try {
      id = decodeURIComponent(location.hash.replace(/^#/, ""));
    } catch (e) {
      id = location.hash.replace(/^#/, ""); // a malformed escape: shown as typed, never looked up as code
    }
    if (!id || (this.current && this.current.q.id === id)) return;
    var q = this.questions.get(id);
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
    var stage = this.stages.get(chosen && q.stages.indexOf(chosen) >= 0 ? chosen : q.stages[0]);
    this.current = { q: q, stage: stage, savedAt: null };
    var self = this;

    var meta = q.provenance === "reported"
      ? this.data.provenance.reported + " (" + [q.source_title, q.reported_on].filter(Boolean).join(", ") + ")"
      : this.data.provenance[q.provenance];
    this.role("meta").textContent = meta + " \u00b7 Practising for: " + stage.name;
    this.role("prompt").textContent = q.prompt;
    this.restoreAnswer();
    this.clearChecks();

    this.timer.total = stage.answer_minutes * 60000;
    this.resetTimer();
    this.role("timer-label").textContent = plural(stage.answer_minutes, "minute", "minutes") + ", the " + stage.name.toLowerCase() + " format";

    this.role("tests").textContent = q.tests;
    this.role("scored").textContent = "Scores: " + q.dimensions.map(function (d) { return self.dims.get(d).name; }).join(", ");
    this.fillAnswers({});
    this.answersFor(q);  // start loading now, so the rubric is there when the reader asks for it
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
      var d = self.dims.get(did);
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

  // ---------------------------------------------------------------- the written answer and its check

  Drill.prototype.restoreAnswer = function () {
    var entry = this.store.questions[this.current.q.id];
    this.role("answer-input").value = (entry && entry.answer) || "";
  };

  /* Saved on every keystroke, with the rest of the progress, so a reload or a crash keeps it. */
  Drill.prototype.saveAnswer = function () {
    var q = this.current.q;
    var text = this.role("answer-input").value.slice(0, MAX_ANSWER_CHARS);
    var entry = this.store.questions[q.id];
    if (!entry) {
      if (!text) return;
      entry = this.store.questions[q.id] = { attempts: [] };
    }
    if (text) entry.answer = text;
    else delete entry.answer;
    if (!entry.attempts.length && !entry.answer) delete this.store.questions[q.id];
    try {
      writeStore(this.store);
      this.say("check-status", "", false);
    } catch (e) {
      this.say("check-status", "Could not save the answer: this browser refused to store it.", true);
    }
  };

  Drill.prototype.clearChecks = function () {
    this.role("answer-checks").replaceChildren();
    this.role("answer-checks-box").hidden = true;
    this.say("check-status", "", false);
  };

  Drill.prototype.checkAnswer = function () {
    var q = this.current.q;
    var text = this.role("answer-input").value;
    if (!text.trim()) {
      this.clearChecks();
      this.say("check-status", "Write your answer first, then check it.", true);
      return;
    }
    var self = this;
    var byId = index(this.data.answer_checks.checks);
    var results = AnswerChecks.run(this.checker, q.checks, text);
    var list = this.role("answer-checks");
    list.replaceChildren.apply(list, results.map(function (r) { return self.renderCheck(byId.get(r.id), r); }));
    this.role("answer-checks-box").hidden = false;
    var flagged = results.filter(function (r) { return r.state === "flag"; }).length;
    this.say("check-status", flagged
      ? plural(flagged, "check flags", "checks flag") + " something, of " + results.length + "."
      : "All " + results.length + " checks pass.", false);
  };

  Drill.prototype.renderCheck = function (check, result) {
    var item = el("li", "practice-check-result is-" + result.state);
    item.dataset.check = result.id;
    item.dataset.state = result.state;
    var head = el("p", "practice-check-result__head");
    head.appendChild(el("span", "practice-tag " + (result.state === "ok" ? "is-strong" : "is-weak"), result.state === "ok" ? "ok" : "flag"));
    head.appendChild(document.createTextNode(" "));
    head.appendChild(el("strong", "", check.name));
    item.appendChild(head);
    if (result.state === "ok") {
      item.appendChild(el("p", "", check.ok));
      return item;
    }
    var labels = new Map((check.rule.parts || []).filter(isPlainObject).map(function (p) { return [p.id, p.label]; }));
    var why = check.flag;
    if (result.missing.length && labels.size > 1) {
      why += " Missing: " + result.missing.map(function (m) { return labels.get(m); }).join(", ") + ".";
    }
    item.appendChild(el("p", "", why));
    if (result.quotes.length) {
      var quotes = el("ul", "practice-check-result__quotes");
      result.quotes.forEach(function (text) {
        var li = el("li");
        li.appendChild(el("q", "", text));
        quotes.appendChild(li);
      });
      item.appendChild(quotes);
    }
    var page = this.root.ownerDocument.querySelector("a[data-teaches='" + check.teaches + "']");
    if (page) {
      var more = el("p", "practice-check-result__more");
      var a = el("a", "", "Learn it: " + page.textContent);
      a.href = page.getAttribute("href");
      more.appendChild(a);
      item.appendChild(more);
    }
    return item;
  };

  Drill.prototype.setRevealed = function (open) {
    this.role("answer").hidden = !open;
    var button = this.q("[data-action='reveal']");
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? "Hide the rubric" : "Reveal the rubric";
  };

  // The answers of one question (exemplars, probes, make-it-yours), from practice-answers.js.
  Drill.prototype.answersFor = function (q) {
    var self = this;
    if (!this.answers) {
      this.answers = loadScript(this.root.dataset.answers, "__guidePracticeAnswers", "the answers").then(function (pairs) {
        return new Map(Array.isArray(pairs) ? pairs : []);
      });
      this.answers.catch(function () { self.answers = null; });  // a later reveal tries again
    }
    return this.answers.then(function (byId) { return byId.get(q.id) || {}; });
  };

  Drill.prototype.fillAnswers = function (a) {
    fillList(this.role("strong-outline"), a.strong ? a.strong.outline : []);
    fillList(this.role("strong-why"), a.strong ? a.strong.why : []);
    fillList(this.role("weak-outline"), a.weak ? a.weak.outline : []);
    fillList(this.role("weak-why"), a.weak ? a.weak.why : []);
    fillList(this.role("probes"), a.probes || []);
    this.role("near-miss").hidden = !a.near_miss;
    fillList(this.role("near-miss-outline"), a.near_miss ? a.near_miss.outline : []);
    fillList(this.role("near-miss-why"), a.near_miss ? a.near_miss.why : []);
    this.role("make-it-yours-box").hidden = !a.make_it_yours;
    this.role("make-it-yours").textContent = a.make_it_yours || "";
  };

  Drill.prototype.toggleReveal = function () {
    var self = this;
    if (!this.role("answer").hidden) {
      this.setRevealed(false);
      return;
    }
    var current = this.current;
    // The rubric opens once its answers are in, so it never shows half filled.
    this.answersFor(current.q).then(function (a) {
      if (self.current !== current) return;  // another question was drawn meanwhile
      self.fillAnswers(a);
      self.setRevealed(true);
      self.role("answer-title").focus();
    }, function (err) {
      self.say("save-status", "The answers could not be loaded: " + err.message + ". Try again.", true);
    });
  };

  Drill.prototype.saveScores = function () {
    var q = this.current.q;
    var scores = {};
    var missing = [];
    var self = this;
    q.dimensions.forEach(function (did) {
      var picked = self.root.querySelector("input[name='practice-score-" + did + "']:checked");
      if (picked) scores[did] = Number(picked.value);
      else missing.push(self.dims.get(did).name);
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
      delete node.dataset.due;
      node.textContent = "You have not practised this question yet.";
      return;
    }
    var last = entry.attempts[entry.attempts.length - 1];
    var self = this;
    var stage = this.stages.get(last.stage);
    var scores = Object.keys(last.scores).map(function (d) {
      return (self.dims.has(d) ? self.dims.get(d).name : d) + " " + last.scores[d];
    });
    var review = this.review(q.id);
    node.textContent = "Practised " + plural(entry.attempts.length, "time", "times") + ". Last on " + when(last.at) +
      (stage ? " for the " + stage.name.toLowerCase() : "") + ": " + scores.join(", ") + ". Next review: " + review.due +
      (this.isDue(q.id) ? " (due now)." : ".");
    node.dataset.due = review.due;
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

    var dueText = data.stages.map(function (s) {
      var n = data.questions.filter(function (q) { return q.stages.indexOf(s.id) >= 0 && self.isDue(q.id); }).length;
      return s.name + " " + n;
    });
    var dueNode = this.role("due");
    dueNode.textContent = "Due for review today, by round: " + dueText.join(" \u00b7 ") + ".";
    dueNode.dataset.due = JSON.stringify(data.stages.map(function (s) {
      return [s.id, data.questions.filter(function (q) { return q.stages.indexOf(s.id) >= 0 && self.isDue(q.id); }).length];
    }));
    var attempts = countAttempts(this.store);
    var practised = Object.keys(this.store.questions).filter(function (id) { return self.questions.has(id) && self.store.questions[id].attempts.length; }).length;
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
        if (a.stage === s.id && own(a.scores, d.id) !== undefined) {
          latest.push(own(a.scores, d.id));
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
      var merged = merge(self.store, normalize(value));
      try {
        writeStore(merged.store);
      } catch (e) {
        return fail("this browser refused to store it");
      }
      self.store = merged.store;
      self.renderProgress();
      self.updatePool();
      if (self.current) self.renderHistory();
      if (self.current) self.restoreAnswer();
      self.say("io-status", "Imported " + plural(merged.added, "new attempt", "new attempts") +
        (merged.answers ? " and " + plural(merged.answers, "answer", "answers") : "") + "; you now have " +
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
