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
             errors: r[5], cats: cats, art: r[6], src: DATA.sources[i] || null,
             refs: DATA.otherRefs[i] || [], spans: null,
             search: null };
  });
  DATA.spans.forEach(function (s) { rows[s[0]].spans = [s[1], s[2]]; });
  // By-reference view: per reference group, every system's version (its rows), best first.
  var groups = DATA.groups.map(function (g, i) {
    var versions = g.slice(1).map(function (v) {
      var ids = typeof v === "number" ? [v] : v[0], errs = [];
      ids.forEach(function (k) { errs = errs.concat(rows[k].errors); });
      return { sys: rows[ids[0]].sys, rows: ids, scores: typeof v === "number" ? rows[v].scores : v[1],
               errors: errs };
    });
    return { i: i, refIds: g[0], versions: versions,
             flagged: versions.some(function (v) { return v.errors.length > 0; }) };
  });
  var state = { system: "all", article: "all", cats: {}, flagged: false, query: "", sort: "doc",
                page: 0, pageSize: 50, current: -1, byRef: false };
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
    function passes(r) {
      if (sys >= 0 && r.sys !== sys) return false;
      if (art >= 0 && r.art !== art) return false;
      if (state.flagged && !r.errors.length) return false;
      if (wanted.length && !wanted.some(function (c) { return r.cats[c]; })) return false;
      if (q && searchText(r).indexOf(q) < 0) return false;
      return true;
    }
    var sorting = state.sort !== "doc", parts = state.sort.split(":");
    var k = Number(parts[0]), worst = parts[1] === "worst";
    var sign = (worst ? 1 : -1) * (lowerBetter[k] ? -1 : 1);
    if (state.byRef) {
      view = groups.filter(function (g) {
        return g.versions.some(function (v) { return v.rows.some(function (j) { return passes(rows[j]); }); });
      });
      // A group sorts by its worst version (worst first) or its best one (best first).
      if (sorting) sortBy(view, function (g) { return groupScore(g, k, sign); }, sign);
    } else {
      view = rows.filter(passes);
      if (sorting) sortBy(view, function (r) { return r.scores[k]; }, sign);
    }
    updateCounts(sys);
  }
  function groupScore(g, k, sign) {
    var out = null;
    g.versions.forEach(function (v) {
      var x = v.scores[k];
      if (x !== null && x !== undefined && (out === null || sign * (x - out) < 0)) out = x;
    });
    return out;
  }
  function sortBy(list, key, sign) {
    list.sort(function (a, b) {
      var x = key(a), y = key(b);
      if (x === null || x === undefined) return (y === null || y === undefined) ? a.i - b.i : 1;
      if (y === null || y === undefined) return -1;
      return sign * (x - y) || a.i - b.i;
    });
  }
  function flagged(item) { return state.byRef ? item.flagged : item.errors.length > 0; }
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
  // A flagged span (computed once in Python, worddiff.flag_spans): its own element with
  // the category, styled apart from the edits inside it, the flag's detail as tooltip.
  function flagSpan(row, k) {
    var e = row.errors[k], cat = e[0];
    var n = el("span", "flag " + cat + (e[4] === "check" ? " check" : ""));
    n.dataset.flagSpan = cat;
    n.title = DATA.categoryLabels[DATA.categories.indexOf(cat)] + (e[4] === "check" ? " (to check)" : "") + ": " + e[3];
    n.style.setProperty("--c", "var(--" + cat + ")");
    return n;
  }
  function fillSide(node, row, side) {
    var s = sides(row.ops);
    if (!s[side]) {
      var omitted = side === 1;
      node.appendChild(el("span", "missing " + (omitted ? "omitted" : "added"),
        omitted ? "omitted in MT" : "added in MT (no reference)"));
      return node;
    }
    var cls = side === 0 ? "del" : "ins";
    var spans = row.spans ? row.spans[side] : [], pos = 0, next = 0, box = null;
    // Text from pos on goes into the open flag element, or opens one at a span's start.
    function put(text, c) {
      while (text) {
        var sp = spans[next];
        if (!box && sp && pos >= sp[0]) box = node.appendChild(flagSpan(row, sp[2]));
        var take = Math.min(text.length, (box ? sp[1] : sp ? sp[0] : Infinity) - pos);
        appendPart(box || node, text.slice(0, take), c);
        pos += take; text = text.slice(take);
        if (box && pos >= sp[1]) { box = null; next++; }
      }
    }
    var whole = !s[1 - side];  // the other side is empty: nothing to diff against
    row.ops.forEach(function (op) {
      if (typeof op === "string") { put(op, null); return; }
      var changed = op.length === 2 && !whole;
      put(op[side], changed ? cls : null);
    });
    return node;
  }
  function labelled(cls, name, text) {
    var d = el("div", cls);
    d.appendChild(el("span", "lbl", name));
    d.appendChild(document.createTextNode(text));
    return d;
  }
  function textCell(row, side) {
    var td = el("td", "txt"), text = el("div", "side");
    text.dataset.label = side === 0 ? "Reference" : "MT";
    if (side === 0 && row.src) td.appendChild(labelled("src", "SRC", row.src));
    td.appendChild(fillSide(text, row, side));
    if (side === 0) row.refs.forEach(function (r, k) {
      td.appendChild(labelled("ref-other", "REF" + (k + 2), r));
    });
    return td;
  }
  function scoreList(node, scores) {
    metrics.forEach(function (m, k) {
      var d = el("div");
      d.appendChild(el("span", "m", labels[k]));
      d.appendChild(el("span", "v", fmt(k, scores[k])));
      node.appendChild(d);
    });
    return node;
  }
  function errorList(node, errors) {
    if (!errors.length) node.appendChild(el("span", "none", "—"));
    errors.forEach(function (e) {
      var d = el("div", "err " + e[4]);
      d.dataset.flagId = e[5];
      if (e[6]) { d.classList.add("accepted"); d.title = "a variant the project accepted"; }
      d.appendChild(el("span", "badge " + e[0], e[4] === "check" ? e[0] + "?" : e[0]));
      d.appendChild(el("span", "detail", e[3]));
      decorateFlag(d, e[5]);
      node.appendChild(d);
    });
    return node;
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
    tr.appendChild(scoreList(el("td", "scores"), row.scores));
    tr.appendChild(errorList(el("td", "errs"), row.errors));
    return tr;
  }
  function renderGroup(g, pos) {
    var sys = state.system === "all" ? -1 : Number(state.system);
    var card = el("article", "group" + (g.flagged ? " flagged" : "") + (pos === state.current ? " current" : ""));
    card.dataset.pos = String(pos);
    var first = rows[g.versions[0].rows[0]];
    var head = el("div", "ghead", "ref " + ids(g.refIds));
    if (first.art >= 0) head.appendChild(el("span", "ids", " · " + DATA.articles[first.art]));
    card.appendChild(head);
    var refText = g.versions[0].rows.map(function (j) { return sides(rows[j].ops)[0]; })
      .filter(Boolean).join(" ");
    card.appendChild(labelled("gref", "REF", refText));
    var src = g.versions[0].rows.map(function (j) { return rows[j].src; }).filter(Boolean);
    if (src.length) card.appendChild(labelled("gsrc", "SRC", src.join(" ")));
    var list = el("ol", "versions");
    g.versions.forEach(function (v) {
      if (sys >= 0 && v.sys !== sys) return;
      var li = el("li", "version" + (v.errors.length ? " flagged" : ""));
      li.dataset.system = DATA.systems[v.sys];
      li.appendChild(el("span", "sys", DATA.systems[v.sys]));
      var text = el("div", "vtext"), shown = v.rows.filter(function (j) { return rows[j].hypIds.length; });
      (shown.length ? shown : v.rows.slice(0, 1)).forEach(function (j, n) {
        if (n) text.appendChild(document.createTextNode(" "));
        fillSide(text, rows[j], 1);
      });
      li.appendChild(text);
      li.appendChild(scoreList(el("div", "scores"), v.scores));
      li.appendChild(errorList(el("div", "errs"), v.errors));
      list.appendChild(li);
    });
    card.appendChild(list);
    return card;
  }
  function pages() { return Math.max(1, Math.ceil(view.length / state.pageSize)); }
  function render() {
    state.page = Math.min(state.page, pages() - 1);
    var start = state.page * state.pageSize, end = Math.min(view.length, start + state.pageSize);
    var body = state.byRef ? $("view-byref") : $("rows"), frag = document.createDocumentFragment();
    var all = state.byRef ? groups.length : rows.length, what = state.byRef ? "reference groups" : "pairs";
    for (var p = start; p < end; p++) frag.appendChild((state.byRef ? renderGroup : renderRow)(view[p], p));
    if (!view.length && state.byRef) frag.appendChild(el("p", "empty", "No reference sentences match these filters."));
    if (!view.length && !state.byRef) {
      var tr = el("tr", "empty"), td = el("td", null, "No pairs match these filters.");
      td.colSpan = 5; tr.appendChild(td); frag.appendChild(tr);
    }
    body.replaceChildren(frag);
    $("view-pairs").hidden = state.byRef;
    $("view-byref").hidden = !state.byRef;
    $("count").textContent = view.length
      ? (state.byRef ? "Reference groups " : "Pairs ") + (start + 1) + "–" + end + " of " + view.length +
        (view.length !== all ? " (filtered from " + all + ")" : "")
      : "0 of " + all + " " + what;
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
    var old = d.querySelector(".decided"), accept = d.querySelector(".accept");
    if (old) old.remove();
    if (accept && !(decided && decided[0] === "false_alarm")) accept.remove();
    if (!decided) { delete d.dataset.decided; return; }
    d.dataset.decided = decided[0];
    var text = decided[0].replace("_", " ") + (decided[1] ? " · " + decided[1] : "") +
      (decided[2] ? " · " + decided[2] : "");
    d.appendChild(el("span", "decided", text));
    if (REVIEW.canDecide && decided[0] === "false_alarm" && !d.querySelector(".accept")) {
      var b = el("button", "accept", "accept as variant");
      b.type = "button";
      b.title = "later runs against this store show this difference as accepted, not counted";
      b.addEventListener("click", function () { acceptVariant(d, b); });
      d.appendChild(b);
    }
  }
  function post(url, body) {
    return fetch(url, { method: "POST", headers: { "Content-Type": "application/json" },
                        credentials: "same-origin", body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (j) { return [r.ok, j]; }); });
  }
  function acceptVariant(d, b) {
    post("/api/variants", { run: REVIEW.runId, flag_id: d.dataset.flagId, reviewer: reviewer() })
      .then(function (res) {
        b.disabled = true;
        b.textContent = res[0] ? "variant accepted" : "not accepted: " + (res[1].error || "error");
        if (res[0]) d.dataset.variant = String(res[1].variant.id);
      });
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
    post(url, { decision: decision, note: note.value, reviewer: reviewer() })
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
      if (flagged(view[p])) break;
    }
    if (p < 0 || p >= view.length) return;
    state.current = p;
    state.page = Math.floor(p / state.pageSize);
    render();
    var tr = document.querySelector((state.byRef ? "#view-byref" : "#rows") + ' [data-pos="' + p + '"]');
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
  function showView(byRef) {
    state.byRef = byRef;
    $("v-pairs").setAttribute("aria-pressed", String(!byRef));
    $("v-byref").setAttribute("aria-pressed", String(byRef));
    refresh();
  }
  $("v-pairs").addEventListener("click", function () { showView(false); });
  $("v-byref").addEventListener("click", function () { showView(true); });
  if (!groups.length) $("v-byref").disabled = true;
  $("rows").addEventListener("click", function (e) {
    var tr = e.target.closest("tr[data-pos]");
    if (!tr) return;
    state.current = Number(tr.dataset.pos);
    document.querySelectorAll("#rows tr.current").forEach(function (x) { x.classList.remove("current"); });
    tr.classList.add("current");
  });

  // --- per-article scores (batch runs, --docids): sortable, worst first --------------
  var docs = { sort: DATA.rankBy, worst: true, all: false };
  function renderDocs() {
    var k = docs.sort, sign = (docs.worst ? 1 : -1) * (lowerBetter[k] ? -1 : 1);
    var list = DATA.docs.map(function (d, i) { return { i: i, d: d }; });
    sortBy(list, function (x) { return x.d[2][k]; }, sign);
    var shown = docs.all ? list : list.slice(0, 25), frag = document.createDocumentFragment();
    shown.forEach(function (x) {
      var tr = el("tr");
      tr.appendChild(el("td", null, x.d[0]));
      tr.appendChild(el("td", null, DATA.systems[x.d[1]]));
      x.d[2].forEach(function (v, j) { tr.appendChild(el("td", "num", fmt(j, v))); });
      frag.appendChild(tr);
    });
    $("docs-rows").replaceChildren(frag);
    document.querySelectorAll("#docs-head button").forEach(function (b) {
      var j = Number(b.dataset.k);
      b.parentNode.setAttribute("aria-sort", j !== k ? "none" :
        ((docs.worst !== lowerBetter[j]) ? "ascending" : "descending"));
      b.textContent = labels[j] + (j === k ? (docs.worst ? " ▲ worst" : " ▼ best") : "");
    });
    $("docs-more").hidden = list.length <= 25;
    $("docs-more").textContent = docs.all ? "Show the worst 25" : "Show all " + list.length + " rows";
  }
  if (DATA.docs.length) {
    $("docs").hidden = false;
    ["Article", "System"].forEach(function (h) { $("docs-head").appendChild(el("th", null, h)); });
    metrics.forEach(function (m, k) {
      var th = el("th", "num"), b = el("button", "sort", labels[k]);
      b.type = "button"; b.dataset.k = String(k);
      b.addEventListener("click", function () {
        docs.worst = docs.sort === k ? !docs.worst : true; docs.sort = k; renderDocs();
      });
      th.appendChild(b); $("docs-head").appendChild(th);
    });
    $("docs-more").addEventListener("click", function () { docs.all = !docs.all; renderDocs(); });
    renderDocs();
  }

  compute();
  render();
  window.__reportReady = performance.now();
  document.body.dataset.ready = "1";
})();
