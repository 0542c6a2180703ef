// bayegan's web page: search, article, fix. Plain JS, no build step.
'use strict';

// ---- pure helpers ----
const FA = '۰۱۲۳۴۵۶۷۸۹';
const str = s => (s == null ? '' : String(s));
/** Latin digits to Persian, and back (Persian and Arabic-Indic). */
const fa = s => str(s).replace(/[0-9]/g, d => FA[d]);
const latin = s => str(s).replace(/[۰-۹٠-٩]/g, c => String(c.charCodeAt(0) & 15));
const faNum = n => fa(String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '٬'));
const pct = c => fa(Math.round((+c || 0) * 100)) + '٪';

const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = s => str(s).replace(/[&<>"']/g, c => ESC[c]);
const NAMED = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
/** Decodes the entities an HTML escaper writes. */
function unent(s) {
  return s.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (m, e) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return n > 0 && n <= 0x10ffff && (n < 0xd800 || n > 0xdfff) ? String.fromCodePoint(n) : m;
    }
    const v = NAMED[e.toLowerCase()];
    return v === undefined ? m : v;
  });
}
/** A snippet as safe HTML: only balanced <b> survives. */
function snippetHTML(s) {
  let out = '', open = false;
  for (const part of str(s).split(/(<\/?b\s*>)/i)) {
    if (/^<b\s*>$/i.test(part)) { if (!open) { out += '<b>'; open = true; } }
    else if (/^<\/b\s*>$/i.test(part)) { if (open) { out += '</b>'; open = false; } }
    else out += esc(unent(part));
  }
  return open ? out + '</b>' : out;
}

const JM = ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند'];
const GM = ['ژانویه', 'فوریه', 'مارس', 'آوریل', 'مه', 'ژوئن', 'ژوئیه', 'اوت', 'سپتامبر', 'اکتبر', 'نوامبر', 'دسامبر'];
/** `1403-08-19` → `۱۹ آبان ۱۴۰۳` (months JM or GM). */
function dateFa(iso, months) {
  const m = /^(\d{3,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(latin(iso).trim());
  if (!m) return fa(iso);
  return [m[3] && fa(+m[3]), m[2] && (months[+m[2] - 1] || fa(m[2])), fa(m[1])].filter(Boolean).join(' ');
}
/** A typed date (`۱۴۰۳/۸`) → `1403-08`; '' when empty, null when invalid. */
function normDate(s) {
  const t = latin(s).trim().replace(/[\s/.\u066b\u2212\u2013\u2014-]+/g, '-');
  if (!t) return '';
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(t);
  if (!m || (m[2] && (+m[2] < 1 || +m[2] > 12)) || (m[3] && (+m[3] < 1 || +m[3] > 31))) return null;
  return [m[1], m[2] && m[2].padStart(2, '0'), m[3] && m[3].padStart(2, '0')].filter(Boolean).join('-');
}

const enc = new TextEncoder(), dec = new TextDecoder();
const bytesOf = s => enc.encode(str(s));
const slice = (b, a, z) => dec.decode(b.subarray(a, z));
const boundary = (b, i) => i >= 0 && i <= b.length && (i === b.length || (b[i] & 0xc0) !== 0x80);
/** Whether bytes `w` stand at `at` in `b`, on character boundaries. */
function matches(b, at, w) {
  if (at < 0 || at + w.length > b.length || !boundary(b, at) || !boundary(b, at + w.length)) return false;
  for (let i = 0; i < w.length; i++) if (b[at + i] !== w[i]) return false;
  return true;
}
function spanOf(s) {
  const r = Array.isArray(s) ? { start: s[0], end: s[1] } : s ? { start: s.start, end: s.end } : null;
  return r && Number.isInteger(r.start) && Number.isInteger(r.end) && r.start >= 0 && r.end >= r.start ? r : null;
}

/**
 * Where each edit's `after` stands in the restored text (spans are UTF-8 byte offsets into the
 * original: walk them in order with a running offset). Edits not found in `out` are skipped.
 */
function editRanges(edits, out) {
  const list = [];
  for (const e of edits || []) { const s = spanOf(e && e.span); if (s) list.push({ e, s }); }
  list.sort((x, y) => x.s.start - y.s.start);
  const res = [];
  let delta = 0;
  res.skipped = 0;
  for (const { e, s } of list) {
    const after = bytesOf(e.after);
    const start = s.start + delta;
    delta += after.length - (s.end - s.start);
    if (out && !matches(out, start, after)) { res.skipped++; continue; }
    res.push({ start, end: start + after.length, edit: e });
  }
  return res;
}
/** Edits as `{start, end, d}`: span in the original, change in length. */
const prep = edits => (edits || []).map(e => [spanOf(e && e.span), e]).filter(x => x[0])
  .map(([s, e]) => ({ start: s.start, end: s.end, d: bytesOf(e.after).length - (s.end - s.start) }));
/** A span of the original → the same stretch of the restored text. */
function mapSpan(p, s) {
  let ds = 0, de = 0;
  for (const e of p) {
    if (e.start >= s.end) continue;
    if (e.start < s.start && e.end <= s.start) ds += e.d;
    if (e.end <= s.end) de += e.d;
  }
  return { start: s.start + ds, end: s.end + de };
}
/** `word` in span `s` of `b`, else nearest to it. */
function locate(b, s, word) {
  if (!s) return null;
  const w = bytesOf(word);
  if (w.length) {
    if (s.end - s.start === w.length && matches(b, s.start, w)) return s;
    let best = -1;
    const lo = Math.max(0, s.start - 200), hi = Math.min(b.length - w.length, s.end + 200);
    for (let i = lo; i <= hi; i++) {
      if (!matches(b, i, w)) continue;
      if (i >= s.start && i + w.length <= s.end) { best = i; break; }
      if (best < 0 || Math.abs(i - s.start) < Math.abs(best - s.start)) best = i;
    }
    if (best >= 0) return { start: best, end: best + w.length };
  }
  return s.end > s.start && s.end <= b.length && boundary(b, s.start) && boundary(b, s.end) ? s : null;
}

const KINDS = { char: 'نویسه', zwnj: 'نیم‌فاصله', space: 'فاصله', spelling: 'املا' };
const kindOf = k => (KINDS[k] ? k : 'char');
function vis(s) {
  s = str(s);
  return !s ? '∅' : s.replace(/\u200c/g, '‹نیم‌فاصله›').replace(/\n/g, '↵').replace(/ /g, '‹فاصله›')
    .replace(/[\u00a0\u2000-\u200b\u200d-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g,
      c => '‹U+' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0') + '›');
}
/** before ← after: the arrow points the way RTL text reads. */
const editTitle = e => vis(e.before) + ' ← ' + vis(e.after) + ' (' + KINDS[kindOf(e.kind)] + ')';
/** Edit ranges → `<mark>`s. A removal marks the character before it (`del`), so no empty box breaks letter joining. */
function editMarks(ranges, b) {
  return ranges.map(r => {
    const k = kindOf(r.edit.kind);
    let start = r.start, end = r.end, cls = 'e-' + k;
    if (start === end && b) {
      let q = start - 1;
      while (q > 0 && (b[q] & 0xc0) === 0x80) q--;
      if (q >= 0 && b[q] !== 10) { start = q; cls += ' del'; }
      else if (end < b.length && b[end] !== 10) {
        do end++; while (end < b.length && (b[end] & 0xc0) === 0x80);
        cls += ' del del-next';
      }
    }
    if (start === end) cls += ' gap';
    else if (!(cls.includes('del')) && /^[\s\u200c]*$/.test(r.edit.after || '')) cls += ' thin';
    return { start, end, wrap: h => '<mark class="' + cls + '" title="' + esc(editTitle(r.edit)) + '">' + h + '</mark>' };
  }).sort((x, y) => x.start - y.start);
}
function flagTip(f) {
  const sug = (f.suggestions || []).map(s => s.word + ' (' + pct(s.confidence) + ')').join('، ');
  return (f.kind === 'misspelled' ? 'غلط احتمالی' : 'واژهٔ ناشناخته') + (sug ? ' — پیشنهادها: ' + sug : '');
}
/** Flags → underlined spans; with `edits`, flag spans are in the original text. */
function flagMarks(b, flags, edits) {
  const res = [], p = edits && edits.length ? prep(edits) : null;
  for (const f of flags || []) {
    let s = spanOf(f && f.span);
    if (!s) continue;
    if (p) s = mapSpan(p, s);
    const r = locate(b, s, f.word);
    if (!r) continue;
    const k = f.kind === 'misspelled' ? 'misspelled' : 'unknown', tip = esc(flagTip(f));
    res.push({ start: r.start, end: r.end, wrap: h => '<span class="flag f-' + k + '" tabindex="0" title="' + tip + '">' + h + '</span>' });
  }
  return res.sort((x, y) => x.start - y.start);
}

/** HTML of bytes [from, to) of `b` with sorted `ranges` wrapped (overlaps clipped). */
function flat(b, from, to, ranges, inclEnd) {
  let html = '', pos = from;
  for (const r of ranges) {
    if (r.start === r.end) {
      if (r.start < pos || r.start > to || (r.start === to && !inclEnd)) continue;
    } else if (r.end <= pos || r.start >= to) continue;
    const s = Math.max(r.start, pos), e = Math.min(r.end, to);
    html += esc(slice(b, pos, s)) + r.wrap(esc(slice(b, s, e)));
    pos = e;
  }
  return html + esc(slice(b, pos, to));
}
/** Two layers: `outer` (flags) around `inner` (edits). */
function renderInline(b, from, to, outer, inner) {
  let html = '', pos = from;
  for (const o of outer) {
    const s = Math.max(o.start, pos), e = Math.min(o.end, to);
    if (s >= e) continue;
    html += flat(b, pos, s, inner, false) + o.wrap(flat(b, s, e, inner, false));
    pos = e;
  }
  return html + flat(b, pos, to, inner, true);
}
/** One element per non-blank line. */
function paras(b, outer, inner, open, close) {
  let html = '', ls = 0;
  for (let i = 0; i <= b.length; i++) {
    if (i < b.length && b[i] !== 10) continue;
    if (slice(b, ls, i).trim()) html += open + renderInline(b, ls, i, outer, inner) + close;
    ls = i + 1;
  }
  return html;
}
/** Ranges within [start, start + len], shifted to 0. */
const shift = (ranges, start, len) => ranges
  .filter(r => r.end >= start && r.start <= start + len)
  .map(r => ({ start: r.start - start, end: r.end - start, wrap: r.wrap }));

function parseHash(h) {
  h = String(h || '').replace(/^#\/?/, '');
  const qi = h.indexOf('?'), path = qi < 0 ? h : h.slice(0, qi), seg = path.split('/');
  if (seg[0] === 'article' && seg[1]) {
    let id = seg.slice(1).join('/');
    try { id = decodeURIComponent(id); } catch (e) { /* raw */ }
    return { view: 'article', id };
  }
  if (seg[0] === 'fix') return { view: 'fix' };
  const p = new URLSearchParams(qi < 0 ? '' : h.slice(qi + 1)), g = k => p.get(k) || '';
  const size = +g('size');
  return {
    view: 'search', q: g('q'), from: g('from'), to: g('to'), newspaper: g('newspaper'), section: g('section'),
    sort: g('sort') === 'date' ? 'date' : 'relevance',
    page: Math.min(1000, Math.max(1, parseInt(g('page'), 10) || 1)),
    size: [10, 20, 50].includes(size) ? size : 10,
  };
}
const FIELDS = ['q', 'from', 'to', 'newspaper', 'section'];
/** Search state → query string: all of it for the API, the hash leaves defaults out. */
function apiQuery(s, hash) {
  const p = new URLSearchParams();
  for (const k of FIELDS) if (s[k]) p.set(k, s[k]);
  for (const [k, d] of [['sort', 'relevance'], ['page', 1], ['size', 10]]) if (!hash || s[k] !== d) p.set(k, s[k]);
  return p.toString();
}
const searchHash = s => { const q = apiQuery(s, true); return '#/search' + (q ? '?' + q : ''); };

/**
 * The edits of an article cut from a page (spans in bytes of the page's text), placed in the
 * texts of its blocks, pull quotes and boxes (`parts`): `lines` gives each non-blank input line's
 * trimmed byte range in the page, and such a text is those lines restored and trimmed, joined by
 * one byte. One list of ranges per part; `skipped` counts the edits not placed (in the headings,
 * or not found).
 */
function pageEditRanges(edits, lines, parts) {
  const list = [];
  for (const e of edits || []) { const s = spanOf(e && e.span); if (s) list.push({ e, s }); }
  list.sort((x, y) => x.s.start - y.s.start);
  let placed = 0;
  const res = parts.map(part => {
    const b = bytesOf(part.text || ''), out = [];
    const pieces = Array.isArray(part.pieces) && part.pieces.length ? part.pieces : [part.lines];
    let off = 0;
    for (const p of pieces) {
      if (!Array.isArray(p)) continue;
      for (let n = p[0]; n <= p[1]; n++) {
        const r = lines[n];
        if (!Array.isArray(r)) continue; // a blank line: no part of the text
        let delta = 0;
        for (const { e, s } of list) {
          if (s.start < r[0] || s.end > r[1]) continue;
          const after = bytesOf(e.after), start = off + s.start - r[0] + delta;
          delta += after.length - (s.end - s.start);
          if (matches(b, start, after)) { out.push({ start, end: start + after.length, edit: e }); placed++; }
        }
        off += r[1] - r[0] + delta + 1;
      }
    }
    return out;
  });
  res.skipped = list.length - placed;
  return res;
}
if (typeof module !== 'undefined') {
  module.exports = { fa, latin, faNum, esc, unent, snippetHTML, dateFa, normDate, JM, GM, bytesOf, editRanges, pageEditRanges, prep, mapSpan, locate,
    editMarks, flagMarks, renderInline, paras, shift, vis, parseHash, searchHash, apiQuery };
}

// ---- the page ----

const $ = id => document.getElementById(id);
const LEGEND = '<ul class="legend" aria-label="راهنمای رنگ‌ها">' +
  Object.keys(KINDS).map(k => '<li><mark class="e-' + k + '">' + KINDS[k] + '</mark></li>').join('') +
  '<li><span class="flag f-misspelled">غلط احتمالی</span></li><li><span class="flag f-unknown">ناشناخته</span></li></ul>';
let view = '', cur = null, lastKey = null, ctrl = null, timer = 0, focusAfter = null;
let searchHashSeen = '#/search', searchScroll = 0, openedId = null;
let art = null, artCtrl = null, showEdits = false, fixCtrl = null;

const DOT = '<span aria-hidden="true"> · </span>';
async function getJSON(url, opts) {
  let res, body = null;
  try { res = await fetch(url, opts); } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new Error('ارتباط با کارگزار برقرار نشد.');
  }
  try { body = await res.json(); } catch (e) { if (e.name === 'AbortError') throw e; }
  if (!res.ok || !body || typeof body !== 'object') {
    const err = new Error((body && body.error && body.error.message) || 'HTTP ' + res.status);
    err.status = res.status;
    throw err;
  }
  return body;
}
const errHTML = (what, err) => esc(what) + (err.status ? ' <bdi class="why">' + esc(err.message) + '</bdi>' : ' ' + esc(err.message));

function route() {
  const r = parseHash(location.hash), changed = r.view !== view;
  if (view === 'search' && changed) searchScroll = window.scrollY;
  view = r.view;
  for (const v of ['search', 'article', 'fix']) $('view-' + v).hidden = v !== r.view;
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === (r.view === 'fix' ? 'fix' : 'search')) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (r.view === 'search') {
    searchHashSeen = searchHash(r);
    document.title = (r.q ? r.q + ' — ' : '') + 'بایگان';
    fill(r);
    const same = searchHash(r) === lastKey;
    search(r);
    if (changed && same) {
      window.scrollTo(0, searchScroll);
      const link = openedId && $('hits').querySelector('a[data-id="' + CSS.escape(openedId) + '"]');
      if (link) link.focus();
    }
  } else if (r.view === 'article') {
    $('back').href = searchHashSeen;
    window.scrollTo(0, 0);
    openedId = r.id;
    loadArticle(r.id);
  } else {
    document.title = 'درست‌کردن متن — بایگان';
    if (changed) { window.scrollTo(0, 0); $('fix-title').focus(); }
  }
}
function go(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

function fill(s) {
  cur = s;
  const q = $('q');
  if (q.value !== s.q) q.value = s.q;
  for (const k of ['from', 'to']) {
    const el = $(k);
    if (normDate(el.value) !== s[k]) el.value = fa(s[k].replace(/-/g, '/'));
    dateError(k, false);
  }
  $('sort').value = s.sort;
  $('size').value = String(s.size);
}
function dateError(k, bad) {
  const el = $(k), msg = $(k + '-err');
  el.setAttribute('aria-invalid', bad ? 'true' : 'false');
  msg.hidden = !bad;
  msg.textContent = bad ? 'تاریخ نادرست است؛ مانند ۱۴۰۳ یا ۱۴۰۳/۰۸ یا ۱۴۰۳/۰۸/۱۹' : '';
}
/** The form as search state, or null while a date is invalid. */
function readForm() {
  const s = Object.assign({}, cur || parseHash(''), { q: $('q').value, sort: $('sort').value, size: +$('size').value, page: 1 });
  let ok = true;
  for (const k of ['from', 'to']) {
    const v = normDate($(k).value);
    dateError(k, v === null);
    if (v === null) ok = false; else s[k] = v;
  }
  return ok ? s : null;
}
const balanced = q => (q.split('"').length - 1) % 2 === 0 && (q.split('«').length === q.split('»').length);
function onInput(now, force) {
  const s = readForm();
  if (!s) return;
  cur = s;
  searchHashSeen = searchHash(s);
  history.replaceState(null, '', searchHashSeen);
  document.title = (s.q ? s.q + ' — ' : '') + 'بایگان';
  clearTimeout(timer);
  if (now) search(s, force);
  else if (balanced(s.q)) timer = setTimeout(() => search(s), 200);
}
function search(s, force) {
  const key = searchHash(s);
  if (key === lastKey && !force) return;
  lastKey = key;
  clearTimeout(timer);
  if (ctrl) ctrl.abort();
  ctrl = null;
  if (!s.q.trim()) {
    $('results').removeAttribute('aria-busy');
    say('برای جست‌وجو واژه‌ای بنویسید.', 'note');
    $('hits').innerHTML = '';
    $('pager').hidden = true;
    facets(s, null);
    return;
  }
  const mine = ctrl = new AbortController();
  $('results').setAttribute('aria-busy', 'true');
  getJSON('/api/search?' + apiQuery(s), { signal: mine.signal }).then(data => {
    if (mine !== ctrl) return;
    ctrl = null;
    results(s, data);
  }, err => {
    if (mine !== ctrl || err.name === 'AbortError') return;
    ctrl = null;
    lastKey = null;
    say(errHTML('جست‌وجو انجام نشد.', err), 'error', true);
    $('hits').innerHTML = '';
    $('pager').hidden = true;
  }).finally(() => { if (!ctrl) $('results').removeAttribute('aria-busy'); });
}
function say(text, cls, html, id) {
  const el = $(id || 'status');
  el.className = 'status ' + (cls || '');
  if (html) el.innerHTML = text; else el.textContent = text;
}
function results(s, d) {
  const total = +d.total || 0, size = +d.size || s.size, page = +d.page || s.page;
  const pages = Math.min(1000, Math.ceil(total / size));
  const hits = Array.isArray(d.hits) ? d.hits : [];
  if (!total) say('نتیجه‌ای برای «' + s.q + '» پیدا نشد' + (s.newspaper || s.section || s.from || s.to ? '؛ پالایه‌ها را کم کنید.' : '.'), 'note');
  else if (!hits.length) say(faNum(total) + ' نتیجه؛ این صفحه خالی است.', 'note');
  else say(faNum(total) + ' نتیجه' + (pages > 1 ? ' — صفحهٔ ' + faNum(page) + ' از ' + faNum(pages) : ''));
  $('hits').innerHTML = hits.map(hit).join('');
  pager(page, pages);
  facets(s, d.facets || {});
  const f = focusAfter;
  focusAfter = null;
  if (f) {
    const el = f === 'status' ? null : document.querySelector(f);
    if (el) el.focus();
    else { $('status').focus(); $('results').scrollIntoView({ block: 'start' }); }
  }
}
function hit(h) {
  const d = h.date || {}, id = str(h.id);
  const meta = [h.newspaper && '<span>' + esc(h.newspaper) + '</span>', d.jalali && dateHTML(d.jalali, d.gregorian),
    h.section && '<span>' + esc(h.section) + '</span>'].filter(Boolean).join(DOT);
  return '<li class="hit"><h2><a href="#/article/' + esc(encodeURIComponent(id)) + '" data-id="' + esc(id) + '">' +
    esc(h.headline || 'بی‌تیتر') + '</a></h2>' + (meta ? '<p class="meta">' + meta + '</p>' : '') +
    (h.snippet ? '<p class="snippet">' + snippetHTML(h.snippet) + '</p>' : '') + '</li>';
}
const dateHTML = (j, g) => '<time' + (g ? ' datetime="' + esc(g) + '"' : '') + '>' + esc(dateFa(j, JM)) + '</time>' +
  (g ? ' <small class="greg">(' + esc(dateFa(g, GM)) + ')</small>' : '');
function pager(page, pages) {
  const nav = $('pager');
  nav.hidden = pages < 2;
  if (pages < 2) { nav.innerHTML = ''; return; }
  const nums = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pages])].filter(n => n >= 1 && n <= pages).sort((a, b) => a - b);
  const btn = (n, label, aria) => '<button type="button" data-page="' + n + '"' + (aria ? ' aria-label="' + aria + '"' : '') +
    (n === page ? ' aria-current="page"' : '') + '>' + label + '</button>';
  let html = page > 1 ? btn(page - 1, 'قبلی', 'صفحهٔ قبلی') : '', last = 0;
  for (const n of nums) {
    if (n - last > 1) html += '<span aria-hidden="true">…</span>';
    html += btn(n, faNum(n), 'صفحهٔ ' + faNum(n));
    last = n;
  }
  nav.innerHTML = html + (page < pages ? btn(page + 1, 'بعدی', 'صفحهٔ بعدی') : '');
}
const FACETS = [['newspaper', 'روزنامه'], ['section', 'بخش'], ['jalali_month', 'ماه']];
function facets(s, f) {
  const chips = [];
  const chip = (k, label) => chips.push('<button type="button" class="chip" data-clear="' + k + '" aria-label="برداشتن پالایهٔ ' + esc(label) + '">' +
    esc(label) + ' <span aria-hidden="true">×</span></button>');
  if (s.newspaper) chip('newspaper', 'روزنامه: ' + s.newspaper);
  if (s.section) chip('section', 'بخش: ' + s.section);
  if (s.from || s.to) chip('dates', 'تاریخ: ' + (s.from ? dateFa(s.from, JM) : '…') + ' تا ' + (s.to ? dateFa(s.to, JM) : '…'));
  $('active').innerHTML = chips.join('');
  let html = '';
  for (const [k, title] of FACETS) {
    const list = f && Array.isArray(f[k]) ? f[k] : [];
    if (!list.length) continue;
    html += '<section class="facet"><h2>' + title + '</h2><ul>' + list.map(({ value, count }) => {
      const v = str(value);
      const on = k === 'jalali_month' ? s.from === v && s.to === v : s[k] === v;
      return '<li><button type="button" data-f="' + k + '" data-v="' + esc(v) + '" aria-pressed="' + on + '">' +
        '<span>' + esc(k === 'jalali_month' ? dateFa(v, JM) : v || '—') + '</span> <span class="count">' + faNum(+count || 0) + '</span></button></li>';
    }).join('') + '</ul></section>';
  }
  $('facets').innerHTML = html;
}
function onFacets(ev) {
  const b = ev.target.closest('button');
  if (!b || !cur) return;
  const s = Object.assign({}, cur, { page: 1 }), k = b.dataset.f, v = b.dataset.v, c = b.dataset.clear;
  if (c === 'dates') { s.from = ''; s.to = ''; }
  else if (c) s[c] = '';
  else if (k === 'jalali_month') { const on = s.from === v && s.to === v; s.from = on ? '' : v; s.to = on ? '' : v; }
  else if (k) s[k] = s[k] === v ? '' : v;
  else return;
  focusAfter = k ? '#facets [data-f="' + k + '"][data-v="' + CSS.escape(v) + '"]' : 'status';
  go(searchHash(s));
}

// ---- article ----
function loadArticle(id) {
  if (artCtrl) artCtrl.abort();
  const mine = artCtrl = new AbortController();
  art = null;
  $('article').innerHTML = '<p class="status note">در حال بارگیری…</p>';
  getJSON('/api/articles/' + encodeURIComponent(id), { signal: mine.signal }).then(a => {
    if (mine !== artCtrl) return;
    art = a;
    article(a);
    const h = $('art-title');
    if (h) h.focus({ preventScroll: true });
  }, err => {
    if (mine !== artCtrl || err.name === 'AbortError') return;
    document.title = 'بایگان';
    $('article').innerHTML = '<h1 id="art-title" tabindex="-1">مقاله</h1><p class="status error">' +
      (err.status === 404 ? 'این مقاله پیدا نشد.' : errHTML('مقاله بارگیری نشد.', err)) + '</p>';
    $('art-title').focus({ preventScroll: true });
  });
}
function article(a) {
  const st = a.structure && typeof a.structure === 'object' ? a.structure : null;
  const title = (st && st.headline) || a.headline || 'بی‌تیتر';
  document.title = title + ' — بایگان';
  let h = '<article class="art"><header class="art-head">';
  if (st && st.kicker) h += '<p class="kicker">' + esc(st.kicker) + '</p>';
  if (st && st.overline) h += '<p class="overline">' + esc(st.overline) + '</p>';
  h += '<h1 id="art-title" tabindex="-1">' + esc(title) + '</h1>';
  for (const sub of (st && st.subheadlines) || []) h += '<p class="subheadline">' + esc(sub) + '</p>';
  const meta = [a.newspaper && esc(a.newspaper), a.jalali && dateHTML(a.jalali, a.gregorian), a.section && esc(a.section)].filter(Boolean);
  if (meta.length) h += '<p class="meta">' + meta.join(DOT) + '</p>';
  const by = st && st.byline;
  if (by && (by.source || by.author)) h += '<p class="byline">' + esc([by.source, by.author].filter(Boolean).join(' — ')) + '</p>';
  h += '</header>';
  const n = Array.isArray(a.edits) ? a.edits.length : 0;
  h += '<div class="tools"><label class="switch"><input type="checkbox" role="switch" id="show-edits"' + (showEdits && n ? ' checked' : '') +
    (n ? '' : ' disabled') + '> <span>نمایش اصلاح‌ها</span> <span class="count">(' + faNum(n) + ')</span></label>' +
    (n ? '' : '<span class="hint">اصلاحی ثبت نشده است.</span>') + '<div id="art-legend"></div></div>';
  h += '<div id="art-body" class="prose"></div><footer class="art-foot">';
  if (a.url && /^https?:\/\//i.test(a.url)) h += '<p>نشانی: <a href="' + esc(a.url) + '" rel="noopener noreferrer" dir="ltr">' + esc(a.url) + '</a></p>';
  if (a.source) h += '<p>منبع: <bdi dir="ltr">' + esc(a.source) + '</bdi></p>';
  $('article').innerHTML = h + '<p>شناسه: <bdi dir="ltr">' + esc(a.id) + '</bdi></p></footer></article>';
  articleBody();
}
function articleBody() {
  const a = art;
  if (!a) return;
  const show = showEdits && Array.isArray(a.edits) && a.edits.length > 0;
  const st = a.structure && typeof a.structure === 'object' ? a.structure : null;
  const blocks = st && Array.isArray(st.blocks) ? st.blocks : [];
  // cut from a page: the edits' spans are bytes of the page's text, placed block by block
  const fromPage = show && blocks.length > 0 && a.input_lines && typeof a.input_lines === 'object';
  const quotes = (st && st.pull_quotes) || [], boxes = (st && st.boxes) || [];
  const byPart = fromPage ? pageEditRanges(a.edits, a.input_lines, blocks.concat(quotes, boxes)) : null;
  const byBlock = byPart && byPart.slice(0, blocks.length);
  const asideMarks = byPart ? byPart.slice(blocks.length) : [];
  const body = bytesOf(a.body || ''), ranges = show && !fromPage ? editRanges(a.edits, body) : [];
  const marks = editMarks(ranges, body);
  const skipped = fromPage ? byPart.skipped : ranges.skipped;
  $('art-legend').innerHTML = show ? LEGEND + (skipped ? '<p class="hint">' + faNum(skipped) +
    (fromPage ? ' اصلاح در تیترها نشان داده نشد.' : ' اصلاح در متن پیدا نشد.') + '</p>' : '') : '';
  let html = '';
  const skip = blocks.length && blocks[0].kind === 'lead' ? 1 : 0;
  const aligned = blocks.slice(skip).map(b => b.text || '').join('\n') === (a.body || '');
  if (blocks.length && (aligned || !marks.length)) {
    let off = 0;
    const asides = asideHTML(st, asideMarks), at = Math.min(blocks.length, 2);
    blocks.forEach((bl, i) => {
      if (i === at) html += asides;
      const b = bytesOf(bl.text || ''), outer = flagMarks(b, bl.flags);
      let inner = [];
      if (byBlock) inner = editMarks(byBlock[i], b);
      else if (i >= skip) { if (aligned) inner = shift(marks, off, b.length); off += b.length + 1; }
      const tag = { lead: ['<p class="lead">', '</p>'], subhead: ['<h3>', '</h3>'], question: ['<p class="q">', '</p>'], answer: ['<p class="a">', '</p>'] }[bl.kind] || ['<p>', '</p>'];
      html += paras(b, outer, inner, tag[0], tag[1]);
    });
    if (at === blocks.length) html += asides;
  } else {
    if (a.lead) html += paras(bytesOf(a.lead), [], [], '<p class="lead">', '</p>');
    html += paras(body, [], marks, '<p>', '</p>') + (st ? asideHTML(st) : '');
  }
  $('art-body').innerHTML = html || '<p class="status note">این مقاله متنی ندارد.</p>';
}
/** Pull quotes and boxes; `marks`: the edit ranges of each (quotes first), when shown. */
function asideHTML(st, marks) {
  const quotes = st.pull_quotes || [], inner = (p, i) => {
    const b = bytesOf(p.text);
    return paras(b, [], marks && marks[i] ? editMarks(marks[i], b) : [], '<p>', '</p>');
  };
  const q = quotes.map((p, i) => '<aside class="pull" aria-label="نقل‌قول"><blockquote>' + inner(p, i) + '</blockquote></aside>');
  const b = (st.boxes || []).map((p, i) => '<aside class="box" aria-label="کادر">' + inner(p, quotes.length + i) + '</aside>');
  return q.concat(b).join('');
}

// ---- fix ----
function fix(ev) {
  ev.preventDefault();
  const text = $('fix-text').value;
  if (!text.trim()) { say('متنی بنویسید.', 'note', 0, 'fix-status'); $('fix-text').focus(); return; }
  if (fixCtrl) fixCtrl.abort();
  const mine = fixCtrl = new AbortController(), btn = $('fix-go');
  btn.disabled = true;
  say('در حال درست‌کردن…', 'note', 0, 'fix-status');
  getJSON('/api/fix', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text, spelling: 'flag' }), signal: mine.signal })
    .then(d => { if (mine === fixCtrl) fixed(d); }, err => {
      if (mine !== fixCtrl || err.name === 'AbortError') return;
      say(errHTML('متن درست نشد.', err), 'error', 1, 'fix-status');
    }).finally(() => { if (mine === fixCtrl) { btn.disabled = false; fixCtrl = null; } });
}
function fixed(d) {
  const out = bytesOf(d.text || ''), edits = Array.isArray(d.edits) ? d.edits : [], flags = Array.isArray(d.flags) ? d.flags : [];
  const ranges = editRanges(edits, out);
  $('fix-out').innerHTML = renderInline(out, 0, out.length, flagMarks(out, flags, edits), editMarks(ranges, out));
  $('fix-legend').innerHTML = edits.length || flags.length ? LEGEND : '';
  const by = {};
  for (const e of edits) by[kindOf(e.kind)] = (by[kindOf(e.kind)] || 0) + 1;
  const parts = Object.keys(KINDS).filter(k => by[k]).map(k => faNum(by[k]) + ' ' + KINDS[k]);
  let msg = edits.length ? faNum(edits.length) + ' اصلاح: ' + parts.join('، ') : 'اصلاحی لازم نبود';
  if (flags.length) msg += '؛ ' + faNum(flags.length) + ' واژهٔ مشکوک';
  say(msg + '.', '', 0, 'fix-status');
  $('fix-result').hidden = false;
}
// ---- wiring ----
function init() {
  $('search-form').addEventListener('submit', ev => { ev.preventDefault(); onInput(true, true); });
  for (const k of ['q', 'from', 'to']) $(k).addEventListener('input', () => onInput(false));
  for (const k of ['sort', 'size']) $(k).addEventListener('change', () => onInput(true));
  $('facets-box').addEventListener('click', onFacets);
  $('pager').addEventListener('click', ev => {
    const b = ev.target.closest('button[data-page]');
    if (!b || !cur) return;
    focusAfter = 'status';
    go(searchHash(Object.assign({}, cur, { page: +b.dataset.page })));
  });
  $('article').addEventListener('change', ev => { if (ev.target.id === 'show-edits') { showEdits = ev.target.checked; articleBody(); } });
  $('fix-form').addEventListener('submit', fix);
  $('fix-text').addEventListener('keydown', ev => { if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) $('fix-form').requestSubmit(); });
  if (window.matchMedia('(min-width: 56rem)').matches) $('facets-box').open = true;
  window.addEventListener('hashchange', route);
  route();
}
if (typeof document !== 'undefined') init();
