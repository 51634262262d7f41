// sitegen search page: a small, accessible UI on Pagefind's JS API (no external requests).
// The form works as a plain GET form (?q=…&country=…&sort=…); this script runs the query
// against the Pagefind bundle, keeps the URL in step, and announces result counts in the
// aria-live status line. All URLs are relative to the page, so any base path works.
const FACETS = ["country", "actor", "tag", "verdict", "type", "language", "year"];
const ONLY_WITH_CHOICE = new Set(["language"]); // shown only when the site has articles in two languages or more
const PAGE = 10;
const COLLAPSED = 8; // facet values shown before "show all"

const root = document.getElementById("zoeken");
const form = root.querySelector("form");
const input = document.getElementById("zoek-q");
const sortSelect = document.getElementById("zoek-sort");
const facetsBox = document.getElementById("zoek-filters");
const statusLine = document.getElementById("zoek-status");
const list = document.getElementById("zoek-resultaten");
const more = document.getElementById("zoek-meer");
const S = JSON.parse(root.dataset.strings);

let pagefind = null;
let current = { results: [], shown: 0 }; // the latest search
let serial = 0; // drops answers to superseded searches
let timer = 0;

const fmt = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => values[k] ?? "");

function readState() {
  const params = new URLSearchParams(location.search);
  const state = { q: params.get("q") || "", sort: params.get("sort") || "", filters: {} };
  for (const facet of FACETS) {
    const values = params.getAll(facet).filter(Boolean);
    if (values.length) state.filters[facet] = values;
  }
  return state;
}

function formState() {
  const state = { q: input.value.trim(), sort: sortSelect.value, filters: {} };
  for (const box of facetsBox.querySelectorAll("input[type=checkbox]:checked")) {
    (state.filters[box.name] ||= []).push(box.value);
  }
  return state;
}

function writeUrl(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const [facet, values] of Object.entries(state.filters)) for (const v of values) params.append(facet, v);
  if (state.sort) params.set("sort", state.sort);
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

// Facet checkboxes are built once, in a fixed order, so focus never jumps while counts update.
function buildFacets(available, state) {
  for (const facet of FACETS) {
    const counts = available[facet];
    if (!counts || !Object.keys(counts).length) continue;
    if (ONLY_WITH_CHOICE.has(facet) && Object.keys(counts).length < 2) continue;
    const values = Object.keys(counts).sort(facet === "year"
      ? (a, b) => b.localeCompare(a)
      : (a, b) => counts[b] - counts[a] || a.localeCompare(b, document.documentElement.lang));
    const fieldset = document.createElement("fieldset");
    fieldset.className = `zoek-facet zoek-facet-${facet}`;
    const legend = document.createElement("legend");
    legend.textContent = S[facet] || facet;
    fieldset.append(legend);
    const ul = document.createElement("ul");
    values.forEach((value, i) => {
      const li = document.createElement("li");
      const id = `f-${facet}-${i}`;
      const box = Object.assign(document.createElement("input"), { type: "checkbox", id, name: facet, value });
      box.checked = (state.filters[facet] || []).includes(value);
      const label = document.createElement("label");
      label.htmlFor = id;
      const count = document.createElement("span");
      count.className = "count";
      count.dataset.value = value;
      label.append(value, " ", count);
      li.append(box, label);
      if (i >= COLLAPSED && !box.checked) li.hidden = true;
      ul.append(li);
    });
    if (values.length > COLLAPSED) {
      let open = false;
      let needle = "";
      const toggle = Object.assign(document.createElement("button"), { type: "button", className: "zoek-alle" });
      toggle.setAttribute("aria-expanded", "false");
      toggle.setAttribute("aria-controls", `f-${facet}-lijst`);
      ul.id = `f-${facet}-lijst`;
      const refresh = () => {
        toggle.setAttribute("aria-expanded", String(open));
        toggle.textContent = open ? S.show_less : fmt(S.show_all, { n: values.length });
        ul.querySelectorAll("li").forEach((li, i) => {
          const box = li.querySelector("input");
          li.hidden = needle
            ? !box.value.toLocaleLowerCase().includes(needle)
            : !open && i >= COLLAPSED && !box.checked;
        });
      };
      toggle.addEventListener("click", () => { open = !open; refresh(); });
      if (values.length > 3 * COLLAPSED) { // long lists (actors) get a box to narrow them down
        const find = Object.assign(document.createElement("input"), { type: "search", className: "zoek-in-facet" });
        find.setAttribute("aria-label", fmt(S.find_in, { facet: S[facet] || facet }));
        find.setAttribute("aria-controls", ul.id);
        find.addEventListener("input", (event) => {
          event.stopPropagation();
          needle = find.value.trim().toLocaleLowerCase();
          refresh();
        });
        find.addEventListener("change", (event) => event.stopPropagation()); // not a filter change
        find.addEventListener("keydown", (event) => { if (event.key === "Enter") event.preventDefault(); });
        fieldset.append(find);
      }
      refresh();
      fieldset.append(ul, toggle);
    } else {
      fieldset.append(ul);
    }
    facetsBox.append(fieldset);
  }
  const clear = Object.assign(document.createElement("button"), { type: "button", className: "zoek-wis" });
  clear.textContent = S.clear;
  clear.addEventListener("click", () => {
    facetsBox.querySelectorAll("input[type=checkbox]").forEach((b) => { b.checked = false; });
    run();
  });
  facetsBox.append(clear);
  facetsBox.hidden = !facetsBox.querySelector("fieldset");
}

function updateCounts(counts) {
  for (const span of facetsBox.querySelectorAll(".count")) {
    const facet = span.closest("li").querySelector("input").name;
    const n = (counts[facet] || {})[span.dataset.value] || 0;
    span.textContent = String(n);
    span.closest("li").classList.toggle("leeg", n === 0);
  }
}

function describe(state, total) {
  let text = total === 0 ? S.status_none : total === 1 ? S.status_one : fmt(S.status_many, { n: total });
  if (state.q) text += " " + fmt(S.for, { q: state.q });
  const chosen = Object.values(state.filters).flat();
  if (chosen.length) text += ` ${S.filtered}: ${chosen.join(", ")}`;
  return text + ".";
}

async function run() {
  root.dataset.state = "busy";
  const state = formState();
  writeUrl(state);
  const mine = ++serial;
  const filters = Object.fromEntries(Object.entries(state.filters).map(([k, v]) => [k, { any: v }]));
  const options = { filters };
  if (state.sort) options.sort = { date: state.sort === "date-asc" ? "asc" : "desc" };
  else if (!state.q) options.sort = { date: "desc" }; // browsing by filter: newest first
  if (!state.q && !Object.keys(filters).length) {
    current = { results: [], shown: 0 };
    list.replaceChildren();
    more.hidden = true;
    statusLine.textContent = S.hint;
    updateCounts(await pagefind.filters());
    if (mine === serial) root.dataset.state = "done";
    return;
  }
  const search = await pagefind.search(state.q || null, options);
  if (mine !== serial || !search) return; // a newer search is on its way
  current = { results: search.results, shown: 0 };
  list.replaceChildren();
  updateCounts(search.filters || {});
  await showMore(false);
  if (mine !== serial) return;
  statusLine.textContent = describe(state, search.results.length);
  root.dataset.state = "done"; // for tests and styling: the results on screen match the form
}

async function showMore(moveFocus) {
  const mine = serial;
  if (more.disabled) return; // a batch is already loading
  more.disabled = true;
  const batch = current.results.slice(current.shown, current.shown + PAGE);
  const data = await Promise.all(batch.map((r) => r.data()));
  more.disabled = false;
  if (mine !== serial) return;
  let first = null;
  for (const item of data) {
    const li = document.createElement("li");
    const h = document.createElement("h3");
    const a = document.createElement("a");
    a.href = item.url;
    a.textContent = item.meta.title || item.url;
    h.append(a);
    li.append(h);
    if (item.meta.date) {
      const p = document.createElement("p");
      p.className = "meta";
      p.textContent = item.meta.date;
      li.append(p);
    }
    const excerpt = document.createElement("p");
    excerpt.className = "zoek-uittreksel";
    excerpt.innerHTML = item.excerpt; // Pagefind escapes the text and adds only <mark>
    li.append(excerpt);
    list.append(li);
    first ||= a;
  }
  current.shown += batch.length;
  more.hidden = current.shown >= current.results.length;
  if (moveFocus && first) first.focus();
}

async function start() {
  const state = readState();
  input.value = state.q;
  sortSelect.value = state.sort;
  try {
    pagefind = await import(new URL(root.dataset.bundle, location.href).href);
    const base = new URL(root.dataset.root, location.href).pathname;
    await pagefind.options({ baseUrl: base, excerptLength: 24 });
    await pagefind.init();
    buildFacets(await pagefind.filters(), state);
  } catch (err) {
    statusLine.textContent = S.failed;
    root.dataset.state = "failed";
    console.error(err);
    return;
  }
  form.addEventListener("submit", (event) => { event.preventDefault(); clearTimeout(timer); run(); });
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 250); });
  sortSelect.addEventListener("change", run);
  facetsBox.addEventListener("change", run);
  more.addEventListener("click", () => showMore(true));
  await run();
}

start();
