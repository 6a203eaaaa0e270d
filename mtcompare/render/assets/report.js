// mtcompare review report. Data comes from the JSON block; every text is inserted with
// textContent / createTextNode, never innerHTML, so input text cannot become markup.
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("report-data").textContent);
  var metrics = DATA.metrics, labels = DATA.labels, lowerBetter = DATA.lowerBetter;
  var rows = DATA.rows.map(function (r, i) {
    var cats = {};
    r[5].forEach(function (e) { cats[e[0]] = true; });
    return { i: i, sys: r[0], refIds: r[1], hypIds: r[2], ops: r[3], scores: r[4],
             errors: r[5], cats: cats, art: r[6], search: null };
  });
  var state = { system: "all", article: "all", cats: {}, flagged: false, query: "", sort: "doc",
                page: 0, pageSize: 50, current: -1 };
  var view = [], renders = 0;

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = text;
    return n;
  }
  function sides(ops) {
    var ref = "", hyp = "";
    ops.forEach(function (op) {
      if (typeof op === "string") { ref += op; hyp += op; } else { ref += op[0]; hyp += op[1]; }
    });
    return [ref, hyp];
  }
  function searchText(row) {
    if (row.search === null) {
      var s = sides(row.ops);
      row.search = (s[0] + "\n" + s[1] + "\n" +
        row.errors.map(function (e) { return e[3]; }).join("\n")).toLowerCase();
    }
    return row.search;
  }
  function ids(a) {
    if (!a.length) return "–";
    return a.length === 1 ? String(a[0]) : a[0] + "–" + a[a.length - 1];
  }
  function fmt(k, v) {
    if (v === null || v === undefined) return "–";
    return v.toFixed(DATA.digits[k]);  // the metric's own decimals, as in the terminal
  }

  // --- filtering and sorting ---------------------------------------------------------
  function compute() {
    var wanted = Object.keys(state.cats).filter(function (c) { return state.cats[c]; });
    var q = state.query.trim().toLowerCase();
    var sys = state.system === "all" ? -1 : Number(state.system);
    var art = state.article === "all" ? -1 : Number(state.article);
    view = rows.filter(function (r) {
      if (sys >= 0 && r.sys !== sys) return false;
      if (art >= 0 && r.art !== art) return false;
      if (state.flagged && !r.errors.length) return false;
      if (wanted.length && !wanted.some(function (c) { return r.cats[c]; })) return false;
      if (q && searchText(r).indexOf(q) < 0) return false;
      return true;
    });
    if (state.sort !== "doc") {
      var parts = state.sort.split(":"), k = Number(parts[0]), worst = parts[1] === "worst";
      var sign = (worst ? 1 : -1) * (lowerBetter[k] ? -1 : 1);
      view.sort(function (a, b) {
        var x = a.scores[k], y = b.scores[k];
        if (x === null || x === undefined) return (y === null || y === undefined) ? a.i - b.i : 1;
        if (y === null || y === undefined) return -1;
        return sign * (x - y) || a.i - b.i;
      });
    }
    updateCounts(sys);
  }
  function updateCounts(sys) {
    var counts = {};
    rows.forEach(function (r) {
      if (sys >= 0 && r.sys !== sys) return;
      for (var c in r.cats) counts[c] = (counts[c] || 0) + 1;
    });
    document.querySelectorAll("#f-cats button").forEach(function (b) {
      b.querySelector(".n").textContent = String(counts[b.dataset.cat] || 0);
    });
  }

  // --- rendering ---------------------------------------------------------------------
  function appendPart(cell, text, cls) {
    if (!text) return;
    if (!cls) { cell.appendChild(document.createTextNode(text)); return; }
    var lead = text.charAt(0) === " " ? " " : "";
    if (lead) cell.appendChild(document.createTextNode(lead));
    cell.appendChild(el("span", cls, text.slice(lead.length)));
  }
  function textCell(row, side) {
    var td = el("td", "txt");
    var s = sides(row.ops);
    if (!s[side]) {
      var omitted = side === 1;
      td.appendChild(el("span", "missing " + (omitted ? "omitted" : "added"),
        omitted ? "omitted in MT" : "added in MT (no reference)"));
      return td;
    }
    var whole = !s[1 - side];  // the other side is empty: nothing to diff against
    row.ops.forEach(function (op) {
      if (typeof op === "string") { appendPart(td, op, null); return; }
      var changed = op.length === 2 && !whole;
      appendPart(td, op[side], changed ? (side === 0 ? "del" : "ins") : null);
    });
    return td;
  }
  function renderRow(row, pos) {
    var tr = el("tr");
    tr.dataset.pos = String(pos);
    tr.dataset.row = String(row.i);
    if (!row.hypIds.length) tr.className = "omitted";
    else if (!row.refIds.length) tr.className = "added";
    else if (row.errors.length) tr.className = "flagged";
    if (pos === state.current) tr.className += " current";
    var idc = el("td");
    idc.appendChild(el("span", "sys", DATA.systems[row.sys]));
    idc.appendChild(el("div", "ids", "ref " + ids(row.refIds) + " · mt " + ids(row.hypIds)));
    idc.appendChild(el("span", "kind", row.refIds.length + "-" + row.hypIds.length));
    tr.appendChild(idc);
    tr.appendChild(textCell(row, 0));
    tr.appendChild(textCell(row, 1));
    var sc = el("td", "scores");
    metrics.forEach(function (m, k) {
      var d = el("div");
      d.appendChild(el("span", "m", labels[k]));
      d.appendChild(el("span", "v", fmt(k, row.scores[k])));
      sc.appendChild(d);
    });
    tr.appendChild(sc);
    var ec = el("td", "errs");
    if (!row.errors.length) ec.appendChild(el("span", "none", "—"));
    row.errors.forEach(function (e) {
      var d = el("div", "err " + e[4]);
      d.dataset.flagId = e[5];
      if (e[6]) { d.classList.add("accepted"); d.title = "a variant the project accepted"; }
      d.appendChild(el("span", "badge " + e[0], e[4] === "check" ? e[0] + "?" : e[0]));
      d.appendChild(el("span", "detail", e[3]));
      decorateFlag(d, e[5]);
      ec.appendChild(d);
    });
    tr.appendChild(ec);
    return tr;
  }
  function pages() { return Math.max(1, Math.ceil(view.length / state.pageSize)); }
  function render() {
    state.page = Math.min(state.page, pages() - 1);
    var start = state.page * state.pageSize, end = Math.min(view.length, start + state.pageSize);
    var body = $("rows"), frag = document.createDocumentFragment();
    for (var p = start; p < end; p++) frag.appendChild(renderRow(view[p], p));
    if (!view.length) {
      var tr = el("tr", "empty"), td = el("td", null, "No pairs match these filters.");
      td.colSpan = 5; tr.appendChild(td); frag.appendChild(tr);
    }
    body.replaceChildren(frag);
    $("count").textContent = view.length
      ? "Pairs " + (start + 1) + "–" + end + " of " + view.length +
        (view.length !== rows.length ? " (filtered from " + rows.length + ")" : "")
      : "0 of " + rows.length + " pairs";
    $("pageinfo").textContent = "Page " + (state.page + 1) + " of " + pages();
    $("prev").disabled = state.page === 0;
    $("next").disabled = state.page >= pages() - 1;
    document.body.dataset.renders = String(++renders);  // lets a driver wait for a redraw
  }
  function refresh() { state.current = -1; state.page = 0; compute(); render(); }

  // --- review decisions (a stored run; buttons only when served by mtcompare serve) --
  var REVIEW = JSON.parse(document.getElementById("review-data").textContent);
  var DECISIONS = [["confirmed", "confirm"], ["false_alarm", "false alarm"], ["unsure", "unsure"]];
  function showDecided(d, decided) {
    var old = d.querySelector(".decided");
    if (old) old.remove();
    if (!decided) { delete d.dataset.decided; return; }
    d.dataset.decided = decided[0];
    var text = decided[0].replace("_", " ") + (decided[1] ? " · " + decided[1] : "") +
      (decided[2] ? " · " + decided[2] : "");
    d.appendChild(el("span", "decided", text));
  }
  function decorateFlag(d, fid) {
    if (!REVIEW) return;
    showDecided(d, REVIEW.decisions[fid]);
    if (!REVIEW.canDecide) return;
    var box = el("span", "decide"), note = el("input", "note");
    note.placeholder = "note"; note.maxLength = 2000; note.setAttribute("aria-label", "note");
    DECISIONS.forEach(function (pair) {
      var b = el("button", null, pair[1]);
      b.type = "button"; b.dataset.decision = pair[0];
      b.addEventListener("click", function () { decide(d, fid, pair[0], note); });
      box.appendChild(b);
    });
    box.appendChild(note);
    d.appendChild(box);
  }
  function reviewer() {
    var input = $("f-reviewer");
    return input ? input.value.trim() : "";
  }
  function decide(d, fid, decision, note) {
    var url = "/api/runs/" + encodeURIComponent(REVIEW.runId) + "/flags/" +
      encodeURIComponent(fid) + "/decision";
    fetch(url, { method: "POST", headers: { "Content-Type": "application/json" },
                 credentials: "same-origin",
                 body: JSON.stringify({ decision: decision, note: note.value, reviewer: reviewer() }) })
      .then(function (r) { return r.json().then(function (j) { return [r.ok, j]; }); })
      .then(function (res) {
        if (!res[0]) throw new Error(res[1].error || "not saved");
        var saved = res[1].decision;
        REVIEW.decisions[fid] = [saved.decision, saved.reviewer, saved.note];
        showDecided(d, REVIEW.decisions[fid]);
        note.value = "";
      })
      .catch(function (err) { d.dataset.error = "1"; showDecided(d, ["not saved: " + err.message, "", ""]); });
  }
  function setupReviewer() {
    if (!REVIEW || !REVIEW.canDecide) return;
    var label = el("label", null, "Reviewer "), input = el("input");
    input.id = "f-reviewer"; input.maxLength = 200; input.autocomplete = "name";
    try { input.value = localStorage.getItem("mtcompare-reviewer") || ""; } catch (e) { /* off */ }
    input.addEventListener("change", function () {
      try { localStorage.setItem("mtcompare-reviewer", input.value.trim()); } catch (e) { /* off */ }
    });
    label.appendChild(input);
    $("controls").appendChild(label);
  }
  setupReviewer();

  // --- keyboard navigation between flagged pairs ------------------------------------
  function move(dir) {
    var p = state.current;
    if (p < 0) p = dir > 0 ? state.page * state.pageSize - 1 : (state.page + 1) * state.pageSize;
    for (p += dir; p >= 0 && p < view.length; p += dir) {
      if (view[p].errors.length) break;
    }
    if (p < 0 || p >= view.length) return;
    state.current = p;
    state.page = Math.floor(p / state.pageSize);
    render();
    var tr = document.querySelector('#rows tr[data-pos="' + p + '"]');
    if (tr) tr.scrollIntoView({ block: "center" });
  }
  document.addEventListener("keydown", function (ev) {
    var t = ev.target.tagName;
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (t === "INPUT" || t === "SELECT" || t === "TEXTAREA") {
      if (ev.key === "Escape") ev.target.blur();
      return;
    }
    if (ev.key === "j" || ev.key === "n") move(1);
    else if (ev.key === "k" || ev.key === "p") move(-1);
    else if (ev.key === "/") { ev.preventDefault(); $("f-search").focus(); }
    else if (ev.key === "]" && state.page < pages() - 1) { state.page++; state.current = -1; render(); }
    else if (ev.key === "[" && state.page > 0) { state.page--; state.current = -1; render(); }
    else return;
    ev.preventDefault();
  });

  // --- controls ----------------------------------------------------------------------
  DATA.systems.forEach(function (name, k) {
    var o = el("option", null, name); o.value = String(k); $("f-system").appendChild(o);
  });
  DATA.articles.forEach(function (name, k) {
    var o = el("option", null, name); o.value = String(k); $("f-article").appendChild(o);
  });
  if (DATA.articles.length) $("f-article-box").hidden = false;
  metrics.forEach(function (m, k) {
    ["worst", "best"].forEach(function (w) {
      var o = el("option", null, labels[k] + ": " + w + " first");
      o.value = k + ":" + w; $("f-sort").appendChild(o);
    });
  });
  DATA.categories.forEach(function (c, k) {
    var b = el("button", null, DATA.categoryLabels[k]);  // the category's own label
    b.type = "button"; b.dataset.cat = c;
    b.setAttribute("aria-pressed", "false");
    b.style.setProperty("--c", "var(--" + c + ")");
    b.appendChild(el("span", "n", ""));
    b.addEventListener("click", function () {
      state.cats[c] = !state.cats[c];
      b.setAttribute("aria-pressed", String(state.cats[c]));
      refresh();
    });
    $("f-cats").appendChild(b);
  });
  $("f-system").addEventListener("change", function (e) { state.system = e.target.value; refresh(); });
  $("f-article").addEventListener("change", function (e) { state.article = e.target.value; refresh(); });
  $("f-flagged").addEventListener("change", function (e) { state.flagged = e.target.checked; refresh(); });
  $("f-sort").addEventListener("change", function (e) { state.sort = e.target.value; refresh(); });
  $("f-pagesize").addEventListener("change", function (e) {
    state.pageSize = Number(e.target.value); refresh();
  });
  var timer = null;
  $("f-search").addEventListener("input", function (e) {
    clearTimeout(timer);
    timer = setTimeout(function () { state.query = e.target.value; refresh(); }, 120);
  });
  $("prev").addEventListener("click", function () { state.page--; state.current = -1; render(); });
  $("next").addEventListener("click", function () { state.page++; state.current = -1; render(); });
  $("rows").addEventListener("click", function (e) {
    var tr = e.target.closest("tr[data-pos]");
    if (!tr) return;
    state.current = Number(tr.dataset.pos);
    document.querySelectorAll("#rows tr.current").forEach(function (x) { x.classList.remove("current"); });
    tr.classList.add("current");
  });

  compute();
  render();
  window.__reportReady = performance.now();
  document.body.dataset.ready = "1";
})();
