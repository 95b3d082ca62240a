// The analyst's page. Every view is built from the JSON API; article text only ever enters
// the page through textContent, so markup in an article is shown, never run.
"use strict";

// Each event type's colour, from /api/types (the one table of types), filled before drawing.
const COLOURS = new Map();
const PAGE = 2000;

function colour(type) { return COLOURS.get(type) || "#333"; }

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  for (const child of children) {
    node.append(child instanceof Node ? child : document.createTextNode(String(child ?? "")));
  }
  return node;
}

async function getJSON(url) {
  const response = await fetch(url);
  const body = await response.json();
  if (!response.ok) {
    throw new Error(typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail));
  }
  return body;
}

// Only http(s) addresses become links: a javascript: URL in stored data must not run on click.
function link(url) {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === "http:" || parsed.protocol === "https:") {
      return el("a", { href: parsed.href, rel: "noopener noreferrer" }, url);
    }
  } catch (err) { /* not a URL: shown as text below */ }
  return el("span", {}, url);
}

function say(message) { document.getElementById("status").textContent = message; }

function query() {
  const params = new URLSearchParams();
  for (const name of ["country", "type", "status", "since", "until"]) {
    const value = document.getElementById("f-" + name).value.trim();
    if (value) params.set(name, value);
  }
  return params;
}

// The type filter and the colours, from the API's table of types.
function setUpTypes(table) {
  const select = document.getElementById("f-type");
  for (const t of table.types) {
    COLOURS.set(t.name, t.colour);
    select.append(el("option", { value: t.name, title: t.description }, t.name));
  }
}

let map, markers;

function setUpMap(config) {
  map = L.map("map", { worldCopyJump: true }).setView([48, 20], 3);
  if (config.tile_url) {
    L.tileLayer(config.tile_url, { maxZoom: 18 }).addTo(map);
  }
  fetch("/static/countries-110m.geojson").then((r) => r.json()).then((outline) => {
    L.geoJSON(outline, {
      style: { color: "#888", weight: 0.7, fillColor: "#f2efe6", fillOpacity: config.tile_url ? 0 : 1 },
      interactive: false,
    }).addTo(map).bringToBack();
  });
  markers = L.layerGroup().addTo(map);
}

function drawMap(events) {
  markers.clearLayers();
  const points = [];
  for (const e of events) {
    if (e.lat == null || e.lon == null) continue;
    const radius = 4 + 3 * Math.sqrt(e.fatalities || 0);
    const marker = L.circleMarker([e.lat, e.lon], {
      radius, color: colour(e.type), fillColor: colour(e.type), fillOpacity: 0.5, weight: 1,
    });
    const tip = el("span", {}, `${e.type} · ${e.place || ""} · ${e.date || ""}`);
    marker.bindTooltip(tip);
    marker.on("click", () => { location.hash = "event/" + e.id; });
    marker.addTo(markers);
    points.push([e.lat, e.lon]);
  }
  if (points.length) map.fitBounds(points, { maxZoom: 7, padding: [20, 20] });
}

function drawLegend(events) {
  const legend = document.getElementById("legend");
  legend.replaceChildren();
  for (const type of [...new Set(events.map((e) => e.type))].sort()) {
    const dot = el("i");
    dot.style.background = colour(type);
    legend.append(el("span", {}, dot, type));
  }
}

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text != null) node.textContent = text;
  return node;
}

function drawTimeline(events) {
  // Stacked bars: events per day, one colour per type; only day-precise dates are placed.
  const chart = document.getElementById("timeline");
  chart.replaceChildren();
  const days = new Map();
  for (const e of events) {
    if (!e.date || e.date.length !== 10) continue;
    const byType = days.get(e.date) || new Map();
    byType.set(e.type, (byType.get(e.type) || 0) + 1);
    days.set(e.date, byType);
  }
  if (!days.size) return;
  const dates = [...days.keys()].sort();
  const first = Date.parse(dates[0]), last = Date.parse(dates[dates.length - 1]);
  const span = Math.round((last - first) / 86400000) + 1;
  const width = chart.getBoundingClientRect().width || 600, height = 120, bottom = 16;
  const most = Math.max(...[...days.values()].map((m) => [...m.values()].reduce((a, b) => a + b, 0)));
  const bar = Math.max(1, width / span - 1);
  for (const [date, byType] of days) {
    const x = ((Date.parse(date) - first) / 86400000) * (width / span);
    let y = height - bottom;
    for (const [type, n] of [...byType].sort()) {
      const h = (n / most) * (height - bottom - 4);
      y -= h;
      const rect = svg("rect", { x, y, width: bar, height: h, fill: colour(type), "data-date": date });
      rect.append(svg("title", {}, `${date} ${type}: ${n}`));
      chart.append(rect);
    }
  }
  chart.append(svg("text", { x: 0, y: height - 2 }, dates[0]));
  chart.append(svg("text", { x: width, y: height - 2, "text-anchor": "end" }, dates[dates.length - 1]));
}

function drawTable(events) {
  const body = document.querySelector("#events tbody");
  body.replaceChildren();
  for (const e of events) {
    const row = el("tr", {},
      el("td", {}, e.date), el("td", {}, e.type), el("td", {}, e.status), el("td", {}, e.actor1),
      el("td", {}, e.actor2), el("td", {}, e.place), el("td", {}, e.country),
      el("td", {}, e.fatalities), el("td", {}, e.sources));
    row.dataset.id = e.id;
    row.addEventListener("click", () => { location.hash = "event/" + e.id; });
    body.append(row);
  }
}

async function loadEvents() {
  const params = query();
  params.set("limit", PAGE);
  say("Loading…");
  try {
    const page = await getJSON("/api/events?" + params);
    drawMap(page.events);
    drawLegend(page.events);
    drawTimeline(page.events);
    drawTable(page.events);
    say(`${page.total} events` + (page.total > page.events.length ? ` (showing ${page.events.length})` : ""));
  } catch (err) {
    say("Error: " + err.message);
  }
}

// Text with spans marked: every boundary splits the text; each piece carries the classes of
// all spans covering it, so overlapping mentions need no nesting.
function highlighted(text, spans) {
  const cuts = new Set([0, text.length]);
  for (const s of spans) { cuts.add(Math.max(0, Math.min(text.length, s.start))); cuts.add(Math.max(0, Math.min(text.length, s.end))); }
  const points = [...cuts].sort((a, b) => a - b);
  const out = el("div", { className: "text" });
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const covering = spans.filter((s) => s.start <= a && s.end >= b);
    const piece = text.slice(a, b);
    if (!covering.length) { out.append(document.createTextNode(piece)); continue; }
    const mark = el("mark", { className: [...new Set(covering.map((s) => "hl-" + s.kind))].join(" ") }, piece);
    mark.title = covering.map((s) => s.label).join("; ");
    out.append(mark);
  }
  return out;
}

function detail(...children) {
  const pane = document.getElementById("detail");
  pane.replaceChildren(el("a", { href: "#", className: "close" }, "× close"), ...children);
}

async function showEvent(id) {
  const e = await getJSON("/api/events/" + encodeURIComponent(id));
  const facts = el("p", {},
    `${e.date || "undated"} · ${e.status} · ${e.actor1 || "?"} → ${e.actor2 || "?"} · ` +
    `${e.place || "no place"}${e.country ? " (" + e.country + ")" : ""} · killed: ` +
    `${e.fatalities ?? "–"} most conservative, ${e.fatalities_latest ?? "–"} latest · ` +
    `${new Set(e.sources.map((s) => s.article_id)).size} source(s)`);
  const history = el("ul", { className: "history" },
    ...e.count_history.map((h) => el("li", {},
      `${h.reported_on || "undated"}: ${h.kind} ${h.qualifier ? h.qualifier + " " : ""}${h.value} — ` +
      `${[h.source, h.title ? "“" + h.title + "”" : null].filter(Boolean).join(" ") || h.article_id.slice(0, 12)}`)));
  const sources = [];
  const articles = new Map();
  for (const s of e.sources) {
    if (!articles.has(s.article_id)) articles.set(s.article_id, await getJSON("/api/articles/" + s.article_id));
    const article = articles.get(s.article_id);
    const spans = s.evidence.map((v) => ({ start: v.start, end: v.end, kind: "evidence", label: "evidence" }));
    sources.push(el("div", { className: "source" },
      el("h3", {}, el("a", { href: "#article/" + s.article_id }, s.title || s.article_id.slice(0, 12))),
      el("p", {}, `${s.source || ""} ${s.published || ""} `, s.url ? link(s.url) : ""),
      highlighted(article.text, spans)));
  }
  detail(el("h2", { className: "event-title" }, `${e.type} — event ${e.id}`), facts,
    el("h3", {}, "Count history"), history, el("h3", {}, "Sources"), ...sources);
}

async function showArticle(id) {
  const a = await getJSON("/api/articles/" + encodeURIComponent(id));
  const spans = [];
  for (const x of a.actors) for (const [start, end] of x.mentions) spans.push({ start, end, kind: "actor", label: `actor: ${x.name}` });
  for (const p of a.places) for (const [start, end] of p.mentions) spans.push({ start, end, kind: "place", label: `place: ${p.name}` });
  for (const t of a.times || []) for (const [start, end] of t.mentions || [[t.start, t.end]]) spans.push({ start, end, kind: "time", label: `time: ${t.value}` });
  for (const q of a.quotes) spans.push({ start: q.start, end: q.end, kind: "quote", label: `quote: ${q.speaker || "unknown"}` });
  for (const ev of a.events) for (const [start, end] of ev.evidence) spans.push({ start, end, kind: "evidence", label: `event: ${ev.type}` });
  const key = el("p", { className: "key" },
    el("span", { className: "hl-actor" }, "actor"), el("span", { className: "hl-place" }, "place"),
    el("span", { className: "hl-time" }, "time"), el("span", { className: "hl-quote" }, "quote"),
    el("span", { className: "hl-evidence" }, "event"));
  const events = el("ul", {}, ...a.events.map((ev) => el("li", {},
    el("a", { href: "#event/" + ev.event_id }, `${ev.type} (${ev.status}) ${ev.date || ""}`))));
  detail(el("h2", { className: "article-title" }, a.title || "Article"),
    el("p", {}, `${a.source || ""} ${a.published || ""}`), key, highlighted(a.text, spans),
    el("h3", {}, "Events"), events);
}

async function route() {
  const [view, id] = location.hash.slice(1).split("/");
  try {
    if (view === "event" && id) await showEvent(id);
    else if (view === "article" && id) await showArticle(id);
    else detail(el("p", { className: "hint" }, "Click an event on the map or in the table."));
  } catch (err) {
    detail(el("p", { className: "error" }, "Error: " + err.message));
  }
}

async function start() {
  const [config, types] = await Promise.all([getJSON("/api/config"), getJSON("/api/types")]);
  setUpTypes(types);
  setUpMap(config);
  await route();
  document.getElementById("filters").addEventListener("submit", (ev) => { ev.preventDefault(); loadEvents(); });
  window.addEventListener("hashchange", route);
  await loadEvents();
  document.body.dataset.ready = "true";
}

start();
