// The search box in every page's header: an ARIA combobox over search-index.js.
//
// The index is a script that sets window.stratsiteSearch, so it loads from file:// as well as
// from a server; it is fetched the first time the box is used. Each query word must appear in
// an entry's title, tags or words; titles count most. Up and Down choose a result, Enter opens
// it (the first one when none is chosen), Escape closes the list, then clears the box. Without
// this script the box is a form that opens entries.html, the A–Z list of every entry.
(function () {
  'use strict';
  var form = document.querySelector('form.site-search');
  if (!form) return;
  var input = form.querySelector('input');
  var list = form.querySelector('[role="listbox"]');
  var status = form.querySelector('[role="status"]');
  var root = form.getAttribute('data-root') || '';
  var MAX = 8;
  var rows = null;      // prepared entries, once the index has loaded
  var loading = false;
  var shown = [];       // the results in the list
  var active = -1;      // the chosen result, or -1
  var statusTimer = 0;

  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', list.id);

  // Lowercase, without accents, so that "resume" finds "Résumé".
  function fold(s) {
    s = s.toLowerCase();
    return /[^\x00-\x7f]/.test(s) ? s.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : s;
  }

  function prepare(index) {
    var kinds = index.kinds;
    rows = index.entries.map(function (e, i) {
      return {
        url: e[0], kind: kinds[e[1]] || '', title: e[2], order: i,
        t: ' ' + fold(e[2]), g: ' ' + fold(e[3]), w: ' ' + fold(e[4])
      };
    });
  }

  function load() {
    if (rows || loading) return;
    if (window.stratsiteSearch) { prepare(window.stratsiteSearch); return; }
    loading = true;
    var s = document.createElement('script');
    s.src = root + 'search-index.js';
    s.onload = function () {
      loading = false;
      if (window.stratsiteSearch) { prepare(window.stratsiteSearch); update(); }
    };
    s.onerror = function () {
      loading = false;
      say('Search is not available here; every entry is listed A to Z.');
    };
    document.head.appendChild(s);
  }

  // How well one folded field matches a word: at a word's start counts more than inside one.
  function hit(field, word) {
    if (field.indexOf(' ' + word) >= 0) return 2;
    return field.indexOf(word) >= 0 ? 1 : 0;
  }

  function search(query) {
    var words = fold(query).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    if (!words.length) return [];
    var found = [];
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i], score = 0;
      for (var j = 0; j < words.length; j++) {
        var w = words[j];
        var s = 4 * hit(r.t, w) || 2 * hit(r.g, w) || hit(r.w, w);
        if (!s) { score = 0; break; }
        score += s;
      }
      if (score) found.push({ row: r, score: score });
    }
    found.sort(function (a, b) { return b.score - a.score || a.row.order - b.row.order; });
    return found;
  }

  function say(text) {
    // A short pause, so that a screen reader hears the count once typing stops.
    clearTimeout(statusTimer);
    statusTimer = setTimeout(function () { status.textContent = text; }, 300);
  }

  function open(results) {
    list.textContent = '';
    shown = results.slice(0, MAX).map(function (f, i) {
      var li = document.createElement('li');
      li.id = 'site-search-result-' + i;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      var title = document.createElement('span');
      title.className = 'site-search-title';
      title.dir = 'auto';
      title.textContent = f.row.title;
      var kind = document.createElement('span');
      kind.className = 'site-search-kind';
      kind.textContent = f.row.kind;
      li.appendChild(title);
      li.appendChild(document.createTextNode(' '));
      li.appendChild(kind);
      li.addEventListener('mousedown', function (e) { e.preventDefault(); });
      li.addEventListener('click', function () { go(i); });
      list.appendChild(li);
      return f.row;
    });
    if (results.length > MAX) {
      var more = document.createElement('li');
      more.setAttribute('role', 'presentation');
      more.className = 'site-search-more';
      more.textContent = (results.length - MAX) + ' more: add a word to narrow the search';
      list.appendChild(more);
    }
    active = -1;
    input.removeAttribute('aria-activedescendant');
    var any = shown.length > 0;
    list.hidden = !any;
    input.setAttribute('aria-expanded', any ? 'true' : 'false');
  }

  function close() {
    list.hidden = true;
    list.textContent = '';
    shown = [];
    active = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function choose(i) {
    var items = list.querySelectorAll('[role="option"]');
    if (active >= 0 && items[active]) items[active].setAttribute('aria-selected', 'false');
    active = i;
    if (i < 0) { input.removeAttribute('aria-activedescendant'); return; }
    items[i].setAttribute('aria-selected', 'true');
    input.setAttribute('aria-activedescendant', items[i].id);
    items[i].scrollIntoView({ block: 'nearest' });
  }

  function go(i) {
    var row = shown[i];
    if (row) window.location.href = root + row.url;
  }

  function update() {
    var q = input.value.trim();
    if (!q) { close(); say(''); return; }
    if (!rows) { load(); if (!rows) { say('Loading the search index…'); return; } }
    var results = search(q);
    open(results);
    say(results.length === 0 ? 'No entry matches.'
      : results.length === 1 ? '1 result.'
      : results.length + ' results' + (results.length > MAX ? ', the first ' + MAX + ' shown.' : '.'));
  }

  input.addEventListener('focus', load);
  input.addEventListener('input', update);
  input.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowDown') {
      if (list.hidden) update();
      if (shown.length) choose(active + 1 < shown.length ? active + 1 : 0);
      e.preventDefault();
    } else if (e.key === 'ArrowUp') {
      if (shown.length) choose(active > 0 ? active - 1 : shown.length - 1);
      e.preventDefault();
    } else if (e.key === 'Enter') {
      if (shown.length) { go(active >= 0 ? active : 0); e.preventDefault(); }
    } else if (e.key === 'Escape') {
      if (!list.hidden) close(); else input.value = '';
      e.preventDefault();
    }
  });
  input.addEventListener('blur', function () { setTimeout(close, 150); });
}());
