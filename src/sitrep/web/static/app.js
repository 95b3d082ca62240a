// The analyst's page. Every view is built from the JSON API; article text only ever enters
// the page through textContent, so markup in an article is shown, never run.
"use strict";

// Each event type's colour, from /api/types (the one table of types), filled before drawing.
const COLOURS = new Map();
// The table loads pages of this many events, by cursor; the map and the timeline never load
// rows: they draw the server's clusters and counts (/api/events/clusters, /api/events/summary).
const PAGE = 100;
// Up to this many matching events the map draws one marker per place; past it, grid cells of
// about CELL_PX pixels at the map's zoom.
const DETAIL = 2000;
const CELL_PX = 32;

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

// Every filter, by its name in the API and in the page's URL (?country=UA&actor=RSF#event/4).
const FILTERS = ["country", "type", "status", "since", "until", "actor", "near", "km",
  "min_fatalities", "relevant"];

function query() {
  const params = new URLSearchParams();
  for (const name of FILTERS) {
    const value = document.getElementById("f-" + name).value.trim();
    if (value && !(name === "km" && !document.getElementById("f-near").value.trim())) {
      params.set(name, value);
    }
  }
  return params;
}

// The filters from the page's URL, so that a shared link opens the same view.
function readURL() {
  const params = new URLSearchParams(location.search);
  for (const name of FILTERS) {
    if (params.has(name)) document.getElementById("f-" + name).value = params.get(name);
  }
}

function writeURL(params) {
  const search = params.toString();
  history.replaceState(null, "", (search ? "?" + search : location.pathname) + location.hash);
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
const MAX_RADIUS = 16;
// Where each event is drawn: its own marker, or the cluster of its place.
const drawn = new Map();
let selected = null;
let selectedId = null;

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
  labels = L.layerGroup().addTo(map);
  provinces = L.layerGroup().addTo(map);
  map.on("moveend", drawTowns);
  map.on("moveend", drawProvinces);
  // Past DETAIL events the clusters depend on the view: ask again when it changes.
  map.on("moveend", () => {
    if (summaryTotal <= DETAIL) return;
    fetchClusters(false).then((found) => { if (found) drawClusters(found, false); }).catch(() => {});
  });
}

// First-level boundaries and names (Natural Earth's states and provinces, shipped with the page
// in admin1.json), from province zoom on; the file is fetched the first time it is needed.
let provinces;
const PROVINCE_ZOOM = 5;
let admin1 = null;

function loadAdmin1() {
  if (!admin1) {
    admin1 = fetch("/static/admin1.json").then((r) => r.json()).then((doc) => ({
      lines: L.polyline(doc.lines.map((flat) => {
        const points = [];
        for (let i = 0; i < flat.length; i += 2) points.push([flat[i + 1], flat[i]]);
        return points;
      }), { color: "#8a8a8a", weight: 0.8, dashArray: "4 3", interactive: false,
            renderer: L.canvas() }),
      labels: doc.labels,
    }));
  }
  return admin1;
}

async function drawProvinces() {
  const zoom = map.getZoom();
  provinces.clearLayers();
  if (zoom < PROVINCE_ZOOM) return;
  let layer;
  try { layer = await loadAdmin1(); } catch (err) { admin1 = null; return; }
  if (map.getZoom() < PROVINCE_ZOOM) return;
  provinces.clearLayers();
  provinces.addLayer(layer.lines);
  if (map.getZoom() > TOWN_ZOOM + 1) return;  // at city zoom the towns speak
  const view = map.getBounds();
  for (const [name, lon, lat] of layer.labels) {
    if (!view.contains([lat, lon])) continue;
    L.circleMarker([lat, lon], { radius: 0, opacity: 0, interactive: false })
      .bindTooltip(name, { permanent: true, direction: "center", className: "province" })
      .addTo(provinces);
  }
}

// Town names from the server's own gazetteer, so that city zoom shows where things are even
// without a tile server; only from region zoom on, where they can be read.
let labels;
const TOWN_ZOOM = 6;

let townRequest = 0;

async function drawTowns() {
  const mine = ++townRequest;  // an answer to an older view must not draw over this one
  if (map.getZoom() < TOWN_ZOOM) { labels.clearLayers(); return; }
  const b = map.getBounds();
  const box = [Math.max(-180, b.getWest()), Math.max(-90, b.getSouth()),
    Math.min(180, b.getEast()), Math.min(90, b.getNorth())].map((v) => v.toFixed(4)).join(",");
  try {
    const found = await getJSON("/api/towns?limit=80&bbox=" + box);
    if (mine !== townRequest) return;
    labels.clearLayers();
    for (const t of found.towns) {
      L.circleMarker([t.lat, t.lon], { radius: 2, color: "#555", weight: 1, interactive: false })
        .bindTooltip(t.name, { permanent: true, direction: "right", className: "town", offset: [3, 0] })
        .addTo(labels);
    }
  } catch (err) { if (mine === townRequest) labels.clearLayers(); }
}

// A marker grows with the toll, but never past MAX_RADIUS: one massacre must not hide a city.
function radius(e) { return Math.min(MAX_RADIUS, 4 + 2 * Math.sqrt(e.fatalities || 0)); }

// The grid cell the server clusters by: about CELL_PX pixels at the map's zoom (the server
// groups by place instead while at most DETAIL events match).
function cellSize(zoom = map.getZoom()) {
  return Math.max(0.001, Math.min(90, 360 / 256 / 2 ** zoom * CELL_PX));
}

function viewBox() {
  const b = map.getBounds().pad(0.1);
  return [Math.max(-180, b.getWest()), Math.max(-90, b.getSouth()),
    Math.min(180, b.getEast()), Math.min(90, b.getNorth())].map((v) => v.toFixed(4)).join(",");
}

let summaryTotal = 0;
let clusterRequest = 0;

// The server's clusters for the current filters: over the whole world (``world``), or for the
// map's view. An answer to an older request comes back as null.
async function fetchClusters(world) {
  const mine = ++clusterRequest;  // an answer to an older view must not draw over this one
  const params = query();
  params.set("cell", cellSize());
  params.set("detail", DETAIL);
  if (!world) params.set("bbox", viewBox());
  const found = await getJSON("/api/events/clusters?" + params);
  return mine === clusterRequest ? found : null;
}

// The map's markers from the server's clusters; ``fit``: then the map is fitted to where they
// are (and, past DETAIL events, asks again for its view).
function drawClusters(found, fit) {
  const keep = selectedId;
  markers.clearLayers();
  drawn.clear();
  selected = null;
  for (const c of found.clusters) {
    const at = [c.lat, c.lon];
    if (c.count === 1 && c.events) {
      const [first] = c.events;
      const marker = L.circleMarker(at, {
        radius: radius(first), color: colour(first.type), fillColor: colour(first.type),
        fillOpacity: 0.5, weight: 1,
      });
      marker.bindTooltip(el("span", {}, `${first.type} · ${first.place || ""} · ${first.date || ""}`));
      marker.on("click", () => { location.hash = "event/" + first.id; });
      marker.addTo(markers);
      drawn.set(String(first.id), { marker, at, cluster: false });
      continue;
    }
    // Events in one cell: one marker with their count; its popup lists them when they are
    // few, else a click zooms in to them.
    const icon = L.divIcon({ className: "cluster", html: "", iconSize: [26, 26] });
    const place = c.events && c.events.every((e) => e.place === c.events[0].place) ? c.events[0].place : null;
    const marker = L.marker(at, { icon, title: `${c.count} events` + (place ? ` at ${place}` : "") });
    if (c.events) {
      const list = el("ul", { className: "cluster-list" }, ...c.events.map((e) => el("li", {},
        el("a", { href: "#event/" + e.id }, `${e.date || "undated"} ${e.type} (${e.status})`))));
      marker.bindPopup(el("div", {}, el("strong", {}, place || "Same area"), list));
      for (const e of c.events) drawn.set(String(e.id), { marker, at, cluster: true });
    } else {
      const [w, s, e, n] = c.box;
      marker.on("click", () => map.fitBounds([[s, w], [n, e]], { padding: [20, 20] }));
    }
    marker.addTo(markers);
    marker.getElement().textContent = c.count >= 10000 ? Math.round(c.count / 1000) + "k" : String(c.count);
  }
  if (keep && drawn.has(String(keep))) select(keep);
  if (fit && found.clusters.length) {
    const boxes = found.clusters.map((c) => c.box);
    fitTo([Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])),
      Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))]);
  }
}

// The selected event stands out on the map and in the table, and is brought into view.
// An event inside a cluster too large to list has no marker of its own: a ring marks its point.
let ring = null;

function select(id, at) {
  if (ring) { ring.remove(); ring = null; }
  if (selected) {
    if (selected.cluster) selected.marker.getElement()?.classList.remove("selected");
    else selected.marker.setStyle({ weight: 1, color: selected.colour });
  }
  for (const row of document.querySelectorAll("#events tbody tr.selected")) row.classList.remove("selected");
  selected = null;
  selectedId = id;
  const found = drawn.get(String(id));
  if (found) {
    if (found.cluster) found.marker.getElement()?.classList.add("selected");
    else {
      found.colour = found.marker.options.color;
      found.marker.setStyle({ weight: 4, color: "#000" });
      found.marker.bringToFront();
    }
    if (!map.getBounds().contains(found.at)) map.setView(found.at, Math.max(map.getZoom(), 6));
    selected = found;
  } else if (at) {
    ring = L.circleMarker(at, { radius: 15, color: "#000", weight: 3, fill: false, interactive: false })
      .addTo(map);
    if (!map.getBounds().contains(at)) map.setView(at, Math.max(map.getZoom(), 6));
  }
  const row = document.querySelector(`#events tbody tr[data-id="${CSS.escape(String(id))}"]`);
  if (row) { row.classList.add("selected"); row.scrollIntoView({ block: "nearest" }); }
}

function drawLegend(types) {
  const legend = document.getElementById("legend");
  legend.replaceChildren();
  for (const type of Object.keys(types).sort()) {
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

const UNIT_DAYS = { day: 1, week: 7, month: 30.44 };

function drawTimeline(timeline) {
  // Stacked bars from the server's counts: events per day, week or month, one colour per type;
  // only day-precise dates are placed.
  const chart = document.getElementById("timeline");
  chart.replaceChildren();
  const periods = new Map();
  for (const [date, type, n] of timeline.bars) {
    const byType = periods.get(date) || new Map();
    byType.set(type, n);
    periods.set(date, byType);
  }
  if (!periods.size) return;
  const dates = [...periods.keys()].sort();
  const step = UNIT_DAYS[timeline.unit] || 1;
  const first = Date.parse(dates[0]), last = Date.parse(dates[dates.length - 1]);
  const span = Math.round((last - first) / 86400000 / step) + 1;
  const width = chart.getBoundingClientRect().width || 600, height = 120, bottom = 16;
  const most = Math.max(...[...periods.values()].map((m) => [...m.values()].reduce((a, b) => a + b, 0)));
  const bar = Math.max(1, width / span - 1);
  for (const [date, byType] of periods) {
    const x = ((Date.parse(date) - first) / 86400000 / step) * (width / span);
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

function drawTable(events, append) {
  const body = document.querySelector("#events tbody");
  if (!append) body.replaceChildren();
  for (const e of events) {
    const row = el("tr", {},
      el("td", {}, e.date), el("td", {}, e.type), el("td", {}, e.status), el("td", {}, e.actor1),
      el("td", {}, e.actor2), el("td", {}, e.place), el("td", {}, e.country),
      el("td", {}, e.fatalities ?? ""), el("td", {}, e.fatalities_latest ?? ""),
      el("td", {}, e.sources));
    row.dataset.id = e.id;
    row.addEventListener("click", () => { location.hash = "event/" + e.id; });
    body.append(row);
  }
}

// The events in the table (what the downloads hold), and where its next page starts.
let shown = [];
let nextCursor = null;
let loaded = 0;

function sayShown() {
  say(`${summaryTotal} events` + (summaryTotal > shown.length ? ` (showing ${shown.length})` : ""));
  document.getElementById("more").hidden = !nextCursor;
}

async function moreEvents() {
  if (!nextCursor) return;
  const mine = loaded;
  const params = query();
  params.set("limit", PAGE);
  params.set("cursor", nextCursor);
  const page = await getJSON("/api/events?" + params);
  if (mine !== loaded) return;  // the filters changed meanwhile
  shown = shown.concat(page.events);
  nextCursor = page.next_cursor;
  drawTable(page.events, true);
  sayShown();
}

function fitTo(extent) {
  if (!extent) return;
  const [w, s, e, n] = extent;
  map.fitBounds([[s, w], [n, e]], { maxZoom: 7, padding: [20, 20], animate: false });
}

// The filters in the page's URL as the API's parameters, read as query() reads the form.
function urlQuery() {
  const given = new URLSearchParams(location.search);
  const params = new URLSearchParams();
  for (const name of FILTERS) {
    const value = (given.get(name) || "").trim();
    if (value && !(name === "km" && !(given.get("near") || "").trim())) params.set(name, value);
  }
  return params;
}

// The first view's counts, first page and world clusters, asked for as the script starts:
// they do not wait for the map, the types or the form (the map opens at zoom 3).
function firstView() {
  const params = urlQuery();
  const first = new URLSearchParams(params);
  first.set("limit", PAGE);
  const grid = new URLSearchParams(params);
  grid.set("cell", cellSize(3));
  grid.set("detail", DETAIL);
  const answers = Promise.all([getJSON("/api/events/summary?" + params),
    getJSON("/api/events?" + first), getJSON("/api/events/clusters?" + grid)]);
  answers.catch(() => {});  // reported where it is awaited, if it is
  return { query: params.toString(), answers };
}

async function loadEvents(early) {
  const params = query();
  writeURL(params);
  const mine = ++loaded;
  say("Loading…");
  try {
    const first = new URLSearchParams(params);
    first.set("limit", PAGE);
    // Counts, the first page and the map's clusters at once: none waits for another (on the
    // first load, asked for already when the form says the same as the URL).
    const [sum, page, found] = early && early.query === params.toString() ? await early.answers
      : await Promise.all([getJSON("/api/events/summary?" + params),
        getJSON("/api/events?" + first), fetchClusters(true)]);
    if (mine !== loaded) return;
    summaryTotal = sum.total;
    shown = page.events;
    nextCursor = page.next_cursor;
    drawLegend(sum.types);
    drawTimeline(sum.timeline);
    drawTable(page.events, false);
    sayShown();
    if (found) drawClusters(found, true);
    const [view, id] = location.hash.slice(1).split("/");
    if (view === "event" && id) select(id);
  } catch (err) {
    say("Error: " + err.message);
  }
}

// The API's offsets count code points (Python's str); a JavaScript string counts UTF-16 units,
// two for an emoji or any character past U+FFFF. The index of each code point in units.
function unitOffsets(text) {
  const at = [0];
  let unit = 0;
  for (const ch of text) { unit += ch.length; at.push(unit); }
  return (point) => at[Math.max(0, Math.min(at.length - 1, point))];
}

// The current selection as a file, made here from the events on the page.
const CSV_FORMULA = /^[=+\-@\t\r]/;

function csvCell(value) {
  let text = value == null ? "" : String(value);
  if (CSV_FORMULA.test(text)) text = "'" + text;  // a spreadsheet must not run a cell
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function asCSV(events) {
  const columns = events.length ? Object.keys(events[0]) : ["id"];
  return [columns.join(","), ...events.map((e) => columns.map((c) => csvCell(e[c])).join(","))]
    .join("\r\n") + "\r\n";
}

function asGeoJSON(events) {
  return JSON.stringify({
    type: "FeatureCollection",
    features: events.map((e) => ({
      type: "Feature", id: e.id, properties: e,
      geometry: e.lat == null || e.lon == null ? null : { type: "Point", coordinates: [e.lon, e.lat] },
    })),
  });
}

function download(kind) {
  const [body, type, suffix] = kind === "csv"
    ? [asCSV(shown), "text/csv", "csv"] : [asGeoJSON(shown), "application/geo+json", "geojson"];
  const a = el("a", { href: URL.createObjectURL(new Blob([body], { type })), download: `sitrep-events.${suffix}` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

// Text with spans marked: every boundary splits the text; each piece carries the classes of
// all spans covering it, so overlapping mentions need no nesting.
function highlighted(text, pointSpans) {
  const unit = unitOffsets(text);
  const spans = pointSpans.map((s) => ({ ...s, start: unit(s.start), end: unit(s.end) }));
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
  select(e.id, e.lat != null && e.lon != null ? [e.lat, e.lon] : null);
  const facts = el("p", {},
    `${e.date || "undated"} · ${e.status} · ${e.actor1 || "?"} → ${e.actor2 || "?"} · ` +
    `${e.place || "no place"}${e.country ? " (" + e.country + ")" : ""} · killed: ` +
    `${e.fatalities ?? "–"} most conservative, ${e.fatalities_latest ?? "–"} latest · ` +
    `${new Set(e.sources.map((s) => s.article_id)).size} source(s)`);
  const history = el("ul", { className: "history" },
    ...e.count_history.map((h) => el("li", {},
      `${h.reported_on || "undated"}: ${h.kind} ${h.qualifier ? h.qualifier + " " : ""}${h.value} — ` +
      `${[h.source, h.title ? "“" + h.title + "”" : null].filter(Boolean).join(" ") || h.article_id.slice(0, 12)}`)));
  // Each article once, however many of its sentences tell of the event.
  const byArticle = new Map();
  for (const s of e.sources) {
    if (!byArticle.has(s.article_id)) byArticle.set(s.article_id, { source: s, evidence: [] });
    byArticle.get(s.article_id).evidence.push(...s.evidence);
  }
  const sources = [];
  const quotes = [];
  for (const [articleId, { source: s, evidence }] of byArticle) {
    const article = await getJSON("/api/articles/" + articleId);
    const spans = evidence.map((v) => ({ start: v.start, end: v.end, kind: "evidence", label: "evidence" }));
    const heading = [s.source, s.title || articleId.slice(0, 12), s.published || "undated"];
    sources.push(el("div", { className: "source" },
      el("h3", {}, el("a", { href: "#article/" + articleId }, heading.filter(Boolean).join(" — "))),
      el("p", {}, s.url ? link(s.url) : ""),
      highlighted(article.text, spans)));
    for (const q of article.quotes) {
      quotes.push(el("li", {}, el("strong", {}, `${q.speaker || "unknown"}: `), `“${q.text}” `,
        el("a", { href: "#article/" + articleId }, `(${s.source || "source"}, ${s.published || "undated"})`)));
    }
  }
  detail(el("h2", { className: "event-title" }, `${e.type} — event ${e.id}`), facts,
    el("h3", {}, "Count history"), history, el("h3", {}, `Sources (${byArticle.size})`), ...sources,
    el("h3", {}, "Quotes in these reports"),
    quotes.length ? el("ul", { className: "event-quotes" }, ...quotes) : el("p", {}, "none"));
}

// The quotes panel: who said what, by speaker (any spelling the API knows).
async function showQuotes(speaker) {
  const input = el("input", { id: "q-speaker", placeholder: "speaker, e.g. Zelensky", value: speaker || "" });
  const form = el("form", { className: "quote-filter" }, input, el("button", { type: "submit" }, "Find"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    location.hash = "quotes/" + encodeURIComponent(input.value.trim());
  });
  const params = new URLSearchParams({ limit: 200 });
  if (speaker) params.set("speaker", speaker);
  const found = await getJSON("/api/quotes?" + params);
  const items = (found.quotes || found).map((q) => el("li", {},
    el("strong", {}, `${q.speaker || "unknown"}: `), `“${q.text}” `,
    el("a", { href: "#article/" + q.article_id }, `(${q.source || "source"}, ${q.published || "undated"})`)));
  detail(el("h2", { className: "quotes-title" }, "Quotes"), form,
    items.length ? el("ul", { className: "quotes" }, ...items) : el("p", {}, "No quotes."));
}

// What an analyst sees as quotes is speech (said, told, according to); other attributions
// (beliefs, intentions, stances, evaluations) on request. Rows stored before cue classes: shown.
const isSpeech = (q) => !q.cue_class || q.cue_class === "speech";

async function showArticle(id, everyAttribution = false) {
  const a = await getJSON("/api/articles/" + encodeURIComponent(id));
  const spans = [];
  for (const x of a.actors) for (const [start, end] of x.mentions) spans.push({ start, end, kind: "actor", label: `actor: ${x.name}` });
  for (const p of a.places) for (const [start, end] of p.mentions) spans.push({ start, end, kind: "place", label: `place: ${p.name}` });
  for (const t of a.times || []) for (const [start, end] of t.mentions || [[t.start, t.end]]) spans.push({ start, end, kind: "time", label: `time: ${t.value}` });
  for (const q of a.quotes.filter((q) => everyAttribution || isSpeech(q))) {
    const what = isSpeech(q) ? "quote" : q.cue_class;
    spans.push({ start: q.start, end: q.end, kind: "quote", label: `${what}: ${q.speaker || "unknown"}` });
  }
  const toggle = el("input", { type: "checkbox", checked: everyAttribution, id: "every-attribution" });
  toggle.addEventListener("change", () => showArticle(id, toggle.checked));
  for (const ev of a.events) for (const [start, end] of ev.evidence) spans.push({ start, end, kind: "evidence", label: `event: ${ev.type}` });
  const key = el("p", { className: "key" },
    el("span", { className: "hl-actor" }, "actor"), el("span", { className: "hl-place" }, "place"),
    el("span", { className: "hl-time" }, "time"), el("span", { className: "hl-quote" }, "quote"),
    el("span", { className: "hl-evidence" }, "event"),
    el("label", { htmlFor: "every-attribution" }, toggle, " beliefs, intentions, stances and evaluations too"));
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
    else if (view === "quotes") await showQuotes(decodeURIComponent(id || ""));
    else detail(el("p", { className: "hint" }, "Click an event on the map or in the table."));
  } catch (err) {
    detail(el("p", { className: "error" }, "Error: " + err.message));
  }
}

async function start() {
  const early = firstView();
  const [config, types] = await Promise.all([getJSON("/api/config"), getJSON("/api/types")]);
  setUpTypes(types);
  setUpMap(config);
  readURL();
  document.getElementById("download-csv").addEventListener("click", () => download("csv"));
  document.getElementById("download-geojson").addEventListener("click", () => download("geojson"));
  document.getElementById("more").addEventListener("click", () => {
    moreEvents().catch((err) => say("Error: " + err.message));
  });
  await route();
  document.getElementById("filters").addEventListener("submit", (ev) => { ev.preventDefault(); loadEvents(); });
  window.addEventListener("hashchange", route);
  await loadEvents(early);
  performance.mark("sitrep-ready");  // for benchmarks: ms from navigation to the first view
  document.body.dataset.ready = "true";
}

start();
