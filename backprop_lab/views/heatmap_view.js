// The heat maps of backprop_lab.views.heatmap_view.HeatmapView, painted in the page.
// The kernel sends float32 grids (the main map, every neuron's map) and the points as bytes;
// this module colours them with a 256-step palette and paints <canvas> elements with
// putImageData, at most once per animation frame (changes arriving in between are coalesced).
// A click on the main map sets `click` = [x1, x2, n] (plane coordinates) for the kernel.

function hexRgb(h) {
  const n = parseInt(h.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

// 256 RGB entries from the palette's stops (low, middle, high), linear in between.
function makeLut(stops) {
  const rgb = stops.map(hexRgb);
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * (rgb.length - 1);
    const k = Math.min(Math.floor(t), rgb.length - 2);
    const f = t - k;
    for (let c = 0; c < 3; c++) lut[3 * i + c] = Math.round(rgb[k][c] + f * (rgb[k + 1][c] - rgb[k][c]));
  }
  return lut;
}

function floats(view) {
  // a DataView from the kernel -> Float32Array (copied: its offset need not be a multiple of 4)
  if (!view || view.byteLength === 0) return new Float32Array(0);
  return new Float32Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
}

// Paint `n x n` values starting at `offset` into `ctx` (row 0 of the grid at the bottom).
function paintGrid(ctx, image, vals, offset, n, lo, hi, discrete, lut) {
  const px = image.data;
  const mid = (lo + hi) / 2;
  const scale = 255 / (hi - lo);
  for (let r = 0; r < n; r++) {
    const src = offset + (n - 1 - r) * n;
    for (let c = 0; c < n; c++) {
      const v = vals[src + c];
      let i = discrete ? (v >= mid ? 255 : 0) : Math.round((v - lo) * scale);
      i = i < 0 ? 0 : i > 255 ? 255 : i | 0;
      const o = 4 * (r * n + c);
      px[o] = lut[3 * i];
      px[o + 1] = lut[3 * i + 1];
      px[o + 2] = lut[3 * i + 2];
      px[o + 3] = 255;
    }
  }
  ctx.putImageData(image, 0, 0);
}

// Several classes: cell colour = the class's colour, pale where its probability is 1/k, full at 1.
function paintClasses(ctx, image, cls, conf, n, k, discrete, colours, pale) {
  const px = image.data;
  for (let r = 0; r < n; r++) {
    const src = (n - 1 - r) * n;
    for (let c = 0; c < n; c++) {
      const rgb = colours[Math.max(0, Math.min(k - 1, cls[src + c] | 0)) % colours.length];
      let t = discrete ? 1 : (conf[src + c] - 1 / k) / (1 - 1 / k);
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const o = 4 * (r * n + c);
      for (let j = 0; j < 3; j++) px[o + j] = Math.round(pale[j] + t * (rgb[j] - pale[j]));
      px[o + 3] = 255;
    }
  }
  ctx.putImageData(image, 0, 0);
}

// One marker shape per class (the legend shows the same): disc, square, triangle, diamond.
const SHAPES = ["\u25CF", "\u25A0", "\u25B2", "\u25C6"];
function shapePath(ctx, shape, cx, cy, r) {
  ctx.beginPath();
  if (shape === 0) ctx.arc(cx, cy, r, 0, 2 * Math.PI);
  else if (shape === 1) ctx.rect(cx - 0.9 * r, cy - 0.9 * r, 1.8 * r, 1.8 * r);
  else if (shape === 2) {
    ctx.moveTo(cx, cy - 1.2 * r);
    ctx.lineTo(cx + 1.1 * r, cy + 0.8 * r);
    ctx.lineTo(cx - 1.1 * r, cy + 0.8 * r);
    ctx.closePath();
  } else {
    ctx.moveTo(cx, cy - 1.25 * r);
    ctx.lineTo(cx + 1.1 * r, cy);
    ctx.lineTo(cx, cy + 1.25 * r);
    ctx.lineTo(cx - 1.1 * r, cy);
    ctx.closePath();
  }
}

function sizedCanvas(n, cssPx, parent) {
  const c = document.createElement("canvas");
  c.width = n;
  c.height = n;
  c.style.width = `${cssPx}px`;
  c.style.height = `${cssPx}px`;
  parent.appendChild(c);
  return c;
}

function render({ model, el }) {
  el.classList.add("bplab-heat");
  const unitsBox = document.createElement("div");
  unitsBox.className = "bplab-heat-units";
  const mainCol = document.createElement("div");
  const title = document.createElement("div");
  title.className = "bplab-heat-title";
  const mainBox = document.createElement("div");
  mainBox.className = "bplab-heat-main";
  const legend = document.createElement("div");
  legend.className = "bplab-heat-legend";
  mainCol.append(title, mainBox, legend);
  el.append(unitsBox, mainCol);

  const mapCanvas = document.createElement("canvas");
  mapCanvas.className = "bplab-heat-map";
  const dotCanvas = document.createElement("canvas"); // the points, at the screen's resolution
  dotCanvas.className = "bplab-heat-points";
  mainBox.append(mapCanvas, dotCanvas);

  let lut = makeLut(model.get("palette"));
  let classRgb = model.get("class_palette").map(hexRgb);

  function paintLegend() {
    const k = model.get("classes");
    legend.replaceChildren();
    legend.style.display = k > 0 ? "" : "none";
    const colours = model.get("class_palette");
    for (let c = 0; c < k; c++) {
      const item = document.createElement("span");
      const mark = document.createElement("b");
      mark.textContent = SHAPES[c % SHAPES.length];
      mark.style.color = colours[c % colours.length];
      item.append(mark, `class ${c}`);
      legend.appendChild(item);
    }
  }
  let mapImage = null;
  let unitCanvases = [];
  let unitImage = null;
  const dirty = { map: true, units: true, points: true, layout: true, legend: true };
  let pending = 0;

  function layoutUnits() {
    unitsBox.replaceChildren();
    unitCanvases = [];
    const n = model.get("unit_cells");
    const side = model.get("unit_size");
    const labels = model.get("unit_labels");
    let k = 0;
    for (const count of model.get("layers")) {
      const col = document.createElement("div");
      col.className = "bplab-heat-layer";
      for (let j = 0; j < count; j++, k++) {
        const row = document.createElement("div");
        row.className = "bplab-heat-unit";
        if (labels[k]) {
          const t = document.createElement("span");
          t.textContent = labels[k];
          row.appendChild(t);
        }
        const c = sizedCanvas(Math.max(n, 1), side, row);
        c.className = "bplab-heat-neuron";
        c.title = labels[k] || `neuron ${k}`;
        unitCanvases.push(c);
        col.appendChild(row);
      }
      unitsBox.appendChild(col);
    }
    unitImage = n > 0 ? new ImageData(n, n) : null;
  }

  function sizeMain() {
    const n = Math.max(model.get("cells"), 1);
    const side = model.get("size");
    mainBox.style.width = `${side}px`;
    mainBox.style.height = `${side}px`;
    if (mapCanvas.width !== n) {
      mapCanvas.width = n;
      mapCanvas.height = n;
      mapImage = new ImageData(n, n);
    }
    if (!mapImage) mapImage = new ImageData(n, n);
    for (const c of [mapCanvas, dotCanvas]) {
      c.style.width = `${side}px`;
      c.style.height = `${side}px`;
    }
    const dpr = window.devicePixelRatio || 1;
    dotCanvas.width = Math.round(side * dpr);
    dotCanvas.height = Math.round(side * dpr);
  }

  function paintPoints() {
    const ctx = dotCanvas.getContext("2d");
    const w = dotCanvas.width;
    ctx.clearRect(0, 0, w, dotCanvas.height);
    const rows = floats(model.get("points"));
    const d = model.get("domain");
    const [lo, hi] = model.get("vrange");
    const mid = (lo + hi) / 2;
    const showTest = model.get("show_test");
    const unit = w / model.get("size"); // device px per CSS px
    const scale = 255 / (hi - lo);
    const k = model.get("classes");
    for (let p = 0; p < rows.length; p += 4) {
      const [x, y, v, kind] = [rows[p], rows[p + 1], rows[p + 2], rows[p + 3]];
      if (kind === 1 && !showTest) continue;
      if (Math.abs(x) > d || Math.abs(y) > d) continue;
      const cx = ((x + d) / (2 * d)) * w;
      const cy = ((d - y) / (2 * d)) * w;
      const r = (kind === 2 ? 5.5 : 3.2) * unit;
      ctx.strokeStyle = kind === 0 ? "white" : "black";
      ctx.lineWidth = (kind === 2 ? 1.5 : 1) * unit;
      if (k > 0) {
        const cls = Math.max(0, Math.min(k - 1, Math.round(v)));
        const rgb = classRgb[cls % classRgb.length];
        ctx.fillStyle = `rgb(${rgb[0]},${rgb[1]},${rgb[2]})`;
        shapePath(ctx, cls % SHAPES.length, cx, cy, r);
      } else {
        const i = Math.max(0, Math.min(255, Math.round((v - lo) * scale)));
        ctx.fillStyle = `rgb(${lut[3 * i]},${lut[3 * i + 1]},${lut[3 * i + 2]})`;
        shapePath(ctx, v >= mid ? 0 : 1, cx, cy, r); // blue side: a disc; orange side: a square
      }
      ctx.fill();
      ctx.stroke();
    }
  }

  function paint() {
    pending = 0;
    const [lo, hi] = model.get("vrange");
    const discrete = model.get("discretize");
    if (dirty.layout) {
      sizeMain();
      layoutUnits();
      dirty.points = dirty.map = dirty.units = true;
    }
    title.textContent = model.get("title");
    const n = model.get("cells");
    const k = model.get("classes");
    if (dirty.map && n > 0) {
      if (mapCanvas.width !== n) sizeMain();
      const vals = floats(model.get("values"));
      const conf = floats(model.get("confidence"));
      if (k > 0 && conf.length === vals.length) {
        const pale = hexRgb(model.get("palette")[1]);
        paintClasses(mapCanvas.getContext("2d"), mapImage, vals, conf, n, k, discrete, classRgb, pale);
      } else {
        paintGrid(mapCanvas.getContext("2d"), mapImage, vals, 0, n, lo, hi, discrete, lut);
      }
    }
    if (dirty.legend) paintLegend();
    const un = model.get("unit_cells");
    if (dirty.units && unitImage && un > 0) {
      const vals = floats(model.get("units"));
      unitCanvases.forEach((c, k) => {
        if ((k + 1) * un * un <= vals.length) {
          paintGrid(c.getContext("2d"), unitImage, vals, k * un * un, un, lo, hi, false, lut);
        }
      });
    }
    if (dirty.points) paintPoints();
    dirty.map = dirty.units = dirty.points = dirty.layout = dirty.legend = false;
    el.dataset.paints = String(Number(el.dataset.paints || 0) + 1);
    report();
  }

  // Tell the kernel which frame is on screen, every `ack_every` frames (0: never): Play's loop in the
  // kernel keeps at most a few frames ahead of what this page has painted.
  let reported = 0;
  function report() {
    const every = model.get("ack_every");
    const frame = model.get("frame");
    if (every > 0 && Math.abs(frame - reported) >= every) {
      reported = frame;
      model.send({ painted: frame });
    }
  }

  function later(...what) {
    for (const w of what) dirty[w] = true;
    if (!pending) pending = requestAnimationFrame(paint);
  }

  const on = (names, what) => {
    const fn = () => later(...what);
    for (const name of names) model.on(`change:${name}`, fn);
    return [names, fn];
  };
  const handlers = [
    on(["values", "discretize", "confidence"], ["map"]),
    on(["classes"], ["map", "points", "legend"]),
    on(["units"], ["units"]),
    on(["points", "show_test", "domain"], ["points"]),
    on(["cells", "size", "unit_cells", "unit_size", "layers", "unit_labels"], ["layout"]),
    on(["vrange"], ["map", "units", "points"]),
    on(["title"], []),
    on(["frame"], []),
  ];
  const onPalette = () => {
    lut = makeLut(model.get("palette"));
    classRgb = model.get("class_palette").map(hexRgb);
    later("map", "units", "points", "legend");
  };
  model.on("change:palette", onPalette);
  model.on("change:class_palette", onPalette);

  dotCanvas.addEventListener("click", (event) => {
    const box = dotCanvas.getBoundingClientRect();
    const d = model.get("domain");
    const x = -d + (2 * d * (event.clientX - box.left)) / box.width;
    const y = d - (2 * d * (event.clientY - box.top)) / box.height;
    const prev = model.get("click");
    model.set("click", [Number(x.toFixed(2)), Number(y.toFixed(2)), prev.length === 3 ? prev[2] + 1 : 1]);
    model.save_changes();
  });

  later("layout");
  return () => {
    if (pending) cancelAnimationFrame(pending);
    for (const [names, fn] of handlers) for (const name of names) model.off(`change:${name}`, fn);
    model.off("change:palette", onPalette);
    model.off("change:class_palette", onPalette);
  };
}

export default { render };
