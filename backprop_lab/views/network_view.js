// The network diagram of backprop_lab.views.network_view.NetworkView, drawn as SVG.
// The kernel sends small lists (where the units are, each edge's weight, the texts);
// this module builds the SVG once and then only changes attributes and texts in place.
// A click, or Enter / Space on a focused connection, sets `selected` (sent to the kernel).
// Biases drawn on units (`bias_names`): a ring round the unit, styled as a line is; the unit is
// focusable and a click selects its bias. With `hover_readout` the hovered weight (or bias) and its
// gradient are written over the diagram, and follow the numbers while the pointer stays.

const NS = "http://www.w3.org/2000/svg";
const POSITIVE = "#0072B2"; // Okabe-Ito blue: positive weights, solid
const NEGATIVE = "#D55E00"; // Okabe-Ito vermillion: negative weights, dashed (never colour alone)
const KIND_FILL = { input: "#eef3fb", hidden: "#eef3fb", output: "#eef3fb", bias: "#f4f4f4" };

function make(tag, attrs, parent) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}

function fmt(x) {
  // three significant digits, like the tables' short numbers
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(3)));
}

// The same sums as NetworkView.style_of in Python (a bias ring: 1.5 + 3 share px).
function style(w, maxWeight, ring) {
  const share = Math.min(Math.abs(w) / maxWeight, 1);
  const width = ring ? 1.5 + 3 * share : 1 + 6 * Math.min(Math.abs(w) / maxWeight, 1);
  return { colour: w >= 0 ? POSITIVE : NEGATIVE, dash: w >= 0 ? "none" : ring ? "3 2" : "6 4",
           width: Number(width.toFixed(3)) };
}

function setIfChanged(e, name, value) {
  const v = String(value);
  if (e.getAttribute(name) !== v) e.setAttribute(name, v);
}

function setLines(textEl, text) {
  // one <tspan> per line, centred on the label's point
  const lines = text ? text.split("\n") : [];
  if (textEl.__lines === text) return;
  textEl.__lines = text;
  textEl.replaceChildren();
  const x = textEl.getAttribute("x");
  lines.forEach((line, i) => {
    const t = make("tspan", { x, dy: i === 0 ? `${-0.6 * (lines.length - 1) + 0.35}em` : "1.2em" }, textEl);
    t.textContent = line;
  });
}

function render({ model, el }) {
  el.classList.add("bplab-netview");
  const title = document.createElement("div");
  title.className = "bplab-netview-title";
  const readout = document.createElement("div");
  readout.className = "bplab-netview-hover";
  readout.setAttribute("aria-live", "polite");
  const svg = make("svg", { role: "group", "aria-label": "network diagram", preserveAspectRatio: "xMidYMin meet" });
  el.append(title, readout, svg);
  let parts = null;
  let hovered = null; // the name under the pointer (or focused), for the readout
  const tips = new Map(); // name -> "name = w, dC/dname = g"

  function showReadout() {
    readout.style.display = model.get("hover_readout") ? "" : "none";
    const text = hovered !== null ? tips.get(hovered) || "" : "";
    if (readout.textContent !== text) readout.textContent = text;
  }
  function hover(target, name) {
    target.addEventListener("mouseenter", () => { hovered = name; showReadout(); });
    target.addEventListener("focus", () => { hovered = name; showReadout(); });
    const leave = () => { if (hovered === name) { hovered = null; showReadout(); } };
    target.addEventListener("mouseleave", leave);
    target.addEventListener("blur", leave);
  }

  const select = (name) => {
    model.set("selected", name);
    model.save_changes();
  };

  function build() {
    svg.replaceChildren();
    const [w, h] = model.get("view_size");
    svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
    // as wide as the container, at most the viewBox width (text 12 px there)
    svg.style.width = "100%";
    svg.style.maxWidth = `${w}px`;
    svg.style.height = "auto";
    const xy = model.get("node_xy");
    const edges = model.get("edges");
    const labelXY = model.get("label_xy");
    const r = model.get("radius");
    const layers = {};
    for (const name of ["captions", "halos", "edges", "hits", "labels", "nodes"]) layers[name] = make("g", { class: `bplab-${name}` }, svg);
    parts = { halos: [], lines: [], hits: [], tips: [], labels: [], values: [], rings: [], unitHalos: [], unitTips: [],
              units: [] };
    hovered = null;
    for (const [cx, cy, text] of model.get("captions") || []) {
      const c = make("text", { x: cx, y: cy, "text-anchor": "middle", class: "bplab-caption" }, layers.captions);
      c.textContent = text;
    }
    edges.forEach(([a, b, name], i) => {
      const [x1, y1] = xy[a];
      const [x2, y2] = xy[b];
      const seg = { x1, y1, x2, y2, "data-name": name };
      parts.halos.push(make("line", { ...seg, class: "bplab-halo", "stroke-linecap": "round" }, layers.halos));
      parts.lines.push(make("line", { ...seg, class: "bplab-edge" }, layers.edges));
      const hit = make("line", { ...seg, class: "bplab-hit", tabindex: "0", role: "button" }, layers.hits);
      parts.tips.push(make("title", {}, hit));
      hit.addEventListener("click", () => select(name));
      hover(hit, name);
      hit.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          select(name);
        }
      });
      parts.hits.push(hit);
      const at = labelXY[i];
      if (at && at.length) {
        const label = make("text", { x: at[0], y: at[1], "text-anchor": at[2], class: "bplab-label", "data-name": name }, layers.labels);
        label.addEventListener("click", () => select(name));
        parts.labels.push(label);
      } else {
        parts.labels.push(null);
      }
    });
    const names = model.get("node_names");
    const kinds = model.get("node_kinds");
    const inside = model.get("node_text");
    const side = model.get("node_labels") || [];
    const biasNames = model.get("bias_names") || [];
    names.forEach((name, i) => {
      const [x, y] = xy[i];
      const g = make("g", { "data-node": name }, layers.nodes);
      const bias = biasNames[i] || "";
      parts.unitHalos.push(bias ? make("circle", { cx: x, cy: y, r: r + 6, fill: "none", stroke: "none",
                                                   "stroke-width": 7, class: "bplab-unit-halo" }, g) : null);
      make("circle", { cx: x, cy: y, r: kinds[i] === "bias" ? r * 0.8 : r, fill: KIND_FILL[kinds[i]] || "#eef3fb",
                       stroke: kinds[i] === "bias" ? "#777777" : "#1f4e79", "stroke-width": bias ? 1 : 1.5 }, g);
      parts.rings.push(bias ? make("circle", { cx: x, cy: y, r: r + 2, fill: "none", class: "bplab-bias",
                                               "data-name": bias }, g) : null);
      const t = make("text", { x, y, "text-anchor": "middle", "dominant-baseline": "central" }, g);
      t.textContent = inside[i];
      if (side[i]) {
        const s = make("text", { x: x - r - 6, y, "text-anchor": "end", "dominant-baseline": "central",
                                 class: "bplab-input-label" }, g);
        s.textContent = side[i];
      }
      parts.values.push(make("text", { x, y: y + r + 13, "text-anchor": "middle", class: "bplab-value" }, g));
      parts.unitTips.push(null);
      parts.units.push(bias ? g : null);
      if (bias) {
        g.setAttribute("class", "bplab-unit-hit");
        g.setAttribute("data-bias", bias);
        g.setAttribute("tabindex", "0");
        g.setAttribute("role", "button");
        parts.unitTips[i] = make("title", {}, g);
        g.addEventListener("click", () => select(bias));
        g.addEventListener("keydown", (e) => {
          if (e.key === "Enter" || e.key === " ") {
            e.preventDefault();
            select(bias);
          }
        });
        hover(g, bias);
      }
    });
    updateWeights();
    updateTexts();
    updateSelection();
    updateValues();
    updateTitle();
  }

  function styleLine(i, w) {
    const s = style(w, model.get("max_weight"));
    const own = (model.get("edge_styles") || [])[i] || {}; // the kernel's own style for edge i, else the weight's
    if (own.colour) s.colour = own.colour;
    if (own.dash) s.dash = own.dash;
    if (typeof own.width === "number") s.width = own.width;
    const line = parts.lines[i];
    setIfChanged(line, "stroke", s.colour);
    setIfChanged(line, "stroke-dasharray", s.dash);
    setIfChanged(line, "stroke-width", s.width);
    setIfChanged(line, "data-weight", w);
    haloWidth(i, s.width);
  }

  // A halo's width follows its line's, but only while the halo shows (selected or marked): a hidden
  // halo's attribute is left alone, so a frame of Play restyles the visible lines only (each changed
  // presentation attribute costs the page a style recalculation and a layout of that element).
  function haloWidth(i, width) {
    const halo = parts.halos[i];
    if (width !== undefined) halo.__width = width;
    if (halo.getAttribute("stroke") !== "none" && halo.__width !== undefined) {
      setIfChanged(halo, "stroke-width", halo.__width + 7);
    }
  }

  // a followed slider moved in this page: restyle its weight now (the kernel's numbers follow)
  function preview(name, w) {
    if (!parts || typeof w !== "number") return;
    model.get("edges").forEach(([, , n], i) => { if (n === name) styleLine(i, w); });
  }

  let followed = [];
  async function follow() {
    for (const [other, fn] of followed) other.off("change:value", fn);
    followed = [];
    const manager = model.widget_manager;
    if (!manager || typeof manager.get_model !== "function") return; // a front end without it: kernel only
    for (const [name, ref] of Object.entries(model.get("follows") || {})) {
      try {
        const other = await manager.get_model(String(ref).replace(/^IPY_MODEL_/, ""));
        const fn = () => preview(name, other.get("value"));
        other.on("change:value", fn);
        followed.push([other, fn]);
      } catch (e) {
        // the slider is gone: its weight is drawn from the kernel's numbers only
      }
    }
  }

  // a followed integer slider moved in this page: mark the weights the kernel's table gives for its value
  let highlightFollowed = null;
  async function followHighlight() {
    if (highlightFollowed) highlightFollowed[0].off("change:value", highlightFollowed[1]);
    highlightFollowed = null;
    const ref = model.get("highlight_follow");
    const manager = model.widget_manager;
    if (!ref || !manager || typeof manager.get_model !== "function") return;
    try {
      const other = await manager.get_model(String(ref).replace(/^IPY_MODEL_/, ""));
      const fn = () => {
        const names = (model.get("highlight_table") || [])[other.get("value")];
        if (parts && !pending && Array.isArray(names)) updateSelection(names);
      };
      other.on("change:value", fn);
      highlightFollowed = [other, fn];
    } catch (e) {
      // the slider is gone: the kernel's highlight only
    }
  }

  function updateWeights() {
    const edges = model.get("edges");
    const weights = model.get("weights");
    const grads = model.get("gradients");
    const cost = model.get("cost_symbol") || "E";
    const tipOf = (name, w, g) => `${name} = ${fmt(w)}` + (g === undefined ? "" : `, \u2202${cost}/\u2202${name} = ${fmt(g)}`);
    const styles = model.get("edge_styles") || [];
    edges.forEach(([, , name], i) => {
      const w = weights[i] ?? 0;
      styleLine(i, w);
      const note = (styles[i] || {}).note;
      const tip = tipOf(name, w, grads.length ? grads[i] : undefined) + (note ? `\n${note}` : "");
      tips.set(name, tip);
      if (parts.tips[i].textContent !== tip) parts.tips[i].textContent = tip;
      setIfChanged(parts.hits[i], "aria-label", `select ${tip}`);
    });
    const biasNames = model.get("bias_names") || [];
    const biases = model.get("biases") || [];
    const biasGrads = model.get("bias_gradients") || [];
    const maxWeight = model.get("max_weight");
    parts.rings.forEach((ring, i) => {
      if (!ring) return;
      const b = biases[i] ?? 0;
      const s = style(b, maxWeight, true);
      setIfChanged(ring, "stroke", s.colour);
      setIfChanged(ring, "stroke-dasharray", s.dash);
      setIfChanged(ring, "stroke-width", s.width);
      setIfChanged(ring, "data-weight", b);
      const tip = tipOf(biasNames[i], b, biasGrads.length ? biasGrads[i] : undefined);
      tips.set(biasNames[i], tip);
      if (parts.unitTips[i].textContent !== tip) parts.unitTips[i].textContent = tip;
      setIfChanged(parts.units[i], "aria-label", `select ${tip}`);
    });
    showReadout();
  }

  function updateTexts() {
    const texts = model.get("edge_texts");
    parts.labels.forEach((label, i) => label && setLines(label, texts[i] || ""));
  }

  function updateSelection(override) {
    const selected = model.get("selected");
    const marked = new Set(Array.isArray(override) ? override : model.get("highlighted"));
    model.get("edges").forEach(([, , name], i) => {
      const halo = parts.halos[i];
      const colour = name === selected ? "#222222" : marked.has(name) ? "#F0E442" : "none";
      setIfChanged(halo, "stroke", colour);
      setIfChanged(halo, "stroke-opacity", name === selected ? 0.35 : 0.9);
      haloWidth(i);
      setIfChanged(parts.hits[i], "aria-pressed", name === selected);
      const label = parts.labels[i];
      if (label) label.classList.toggle("bplab-selected", name === selected);
    });
    const biasNames = model.get("bias_names") || [];
    parts.unitHalos.forEach((halo, i) => {
      if (!halo) return;
      const name = biasNames[i];
      setIfChanged(halo, "stroke", name === selected ? "#222222" : marked.has(name) ? "#F0E442" : "none");
      setIfChanged(halo, "stroke-opacity", name === selected ? 0.35 : 0.9);
      setIfChanged(parts.units[i], "aria-pressed", name === selected);
    });
  }

  function updateValues() {
    const values = model.get("node_values");
    parts.values.forEach((t, i) => {
      if (t.textContent !== (values[i] || "")) t.textContent = values[i] || "";
    });
  }

  function updateTitle() {
    const text = model.get("title");
    if (title.textContent !== text) title.textContent = text;
  }

  // a new geometry comes as several trait changes in one message: build once, after the last
  let pending = false;
  const rebuild = () => {
    if (pending) return;
    pending = true;
    queueMicrotask(() => { pending = false; build(); });
  };
  const unlessPending = (fn) => () => { if (!pending) fn(); };

  build();
  follow();
  followHighlight();
  const handlers = [
    ["change:follows", follow],
    ["change:highlight_follow", followHighlight],
    ["change:view_size change:node_xy change:edges change:label_xy change:node_names change:node_kinds change:node_text change:radius change:node_labels change:bias_names change:captions", rebuild],
    ["change:weights change:gradients change:max_weight change:biases change:bias_gradients change:cost_symbol change:edge_styles", unlessPending(updateWeights)],
    ["change:hover_readout", unlessPending(showReadout)],
    ["change:edge_texts", unlessPending(updateTexts)],
    ["change:selected change:highlighted", unlessPending(updateSelection)],
    ["change:node_values", unlessPending(updateValues)],
    ["change:title", unlessPending(updateTitle)],
  ];
  for (const [events, fn] of handlers) for (const e of events.split(" ")) model.on(e, fn);
  return () => {
    for (const [events, fn] of handlers) for (const e of events.split(" ")) model.off(e, fn);
    for (const [other, fn] of followed) other.off("change:value", fn);
    if (highlightFollowed) highlightFollowed[0].off("change:value", highlightFollowed[1]);
  };
}

export default { render };
