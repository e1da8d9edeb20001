"""The browser-drawn network diagram (backprop_lab.views.NetworkView), Python side.

What the page draws is the widget's synced state: these tests check that
state (where the units are, which unit each connection joins, the weights,
gradients, texts, selection) and the selection round trip a click makes
(the browser sets ``selected``; tests/browser/test_network_view_browser.py
clicks a real SVG).
"""
import json
import math
import re

import pytest

from backprop_lab.views import NetworkView
from backprop_lab.views.network_view import ESM, NEGATIVE, POSITIVE, VIEW_WIDTH

SYNCED = ["sizes", "view_size", "node_names", "node_kinds", "node_text", "node_xy", "node_values", "edges",
          "label_xy", "edge_texts", "weights", "gradients", "selected", "highlighted", "title", "max_weight", "radius"]


def wiring(view):
    return {(view.node_names[a], view.node_names[b], name) for a, b, name in view.edges}


def test_lecture_001_wiring_is_the_lectures():
    v = NetworkView.lecture_001()
    assert wiring(v) == {("i1", "h1", "w1"), ("i2", "h1", "w2"), ("i1", "h2", "w3"), ("i2", "h2", "w4"),
                         ("h1", "o1", "w5"), ("h2", "o1", "w6"), ("h1", "o2", "w7"), ("h2", "o2", "w8"),
                         ("b1", "h1", "b1"), ("b1", "h2", "b1"), ("b2", "o1", "b2"), ("b2", "o2", "b2")}
    assert v.names == ["w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "b1", "b2"]
    assert v.sizes == [2, 2, 2]
    assert v.node_text[:6] == ["i1", "i2", "h1", "h2", "o1", "o2"]


def test_lecture_001_geometry_fits_420_px_with_inputs_left_and_first_units_on_top():
    v = NetworkView.lecture_001()
    w, h = v.view_size
    assert w == VIEW_WIDTH == 420.0 and 250 < h < 380
    xy = dict(zip(v.node_names, v.node_xy))
    assert xy["i1"][0] < xy["h1"][0] < xy["o1"][0]
    assert xy["i1"][1] < xy["i2"][1] and xy["i1"][1] == xy["h1"][1] == xy["o1"][1]
    for x, y in v.node_xy:  # every circle (radius 15) inside the picture
        assert v.radius <= x <= w - v.radius and v.radius <= y <= h - v.radius
    # one label place per weight, on its first segment; the two that cross (w2, w3) are labelled apart
    placed = [e[2] for e, at in zip(v.edges, v.label_xy) if at]
    assert placed == v.names
    at = {e[2]: a for e, a in zip(v.edges, v.label_xy) if a}
    assert abs(at["w2"][1] - at["w3"][1]) >= 30 and abs(at["w6"][1] - at["w7"][1]) >= 30
    assert all(a[2] in ("start", "middle", "end") for a in at.values())


@pytest.mark.parametrize("sizes, bias, n_edges", [([2, 3, 1], False, 9), ([2, 3, 1], True, 13),
                                                  ([8] * 8, False, 7 * 64), ([1, 1], False, 1)])
def test_any_mlp_up_to_8_layers_of_8(sizes, bias, n_edges):
    v = NetworkView(sizes, bias=bias)
    assert len(v.edges) == len(v.weights) == len(v.edge_texts) == len(v.label_xy) == n_edges
    assert v.sizes == sizes
    assert len(v.node_xy) == sum(sizes) + (len(sizes) - 1 if bias else 0)
    if sizes == [2, 3, 1]:
        assert ("a0[1]", "a1[2]", "W0[2,1]") in wiring(v)  # mlp.weights[0][2, 1]: unit 1 of a0 to unit 2 of a1


@pytest.mark.parametrize("sizes, message", [([2] * 9, "2 to 8 layers"), ([2, 9, 1], r"sizes\[1\] .* 1 to 8"),
                                            ([2, 0], r"sizes\[1\]"), ([3], "2 to 8 layers")])
def test_sizes_outside_8_layers_of_8_are_refused_in_words(sizes, message):
    with pytest.raises(ValueError, match=message):
        NetworkView(sizes)


def test_chain_is_lecture_000s():
    v = NetworkView.chain()
    assert v.names == ["w0", "w1", "w2"]
    assert wiring(v) == {("s0", "n1", "w0"), ("n1", "n2", "w1"), ("n2", "out", "w2")}
    assert v.sizes == [1, 1, 1, 1]


def test_weights_by_name_reach_every_segment_and_the_others_stay():
    v = NetworkView.lecture_001(max_weight=4.0)
    v.set_weights({"w5": 0.4, "b1": -0.35})
    v.set_weights({"w7": 2.0})
    assert v.weight_of("w5") == 0.4 and v.weight_of("w7") == 2.0 and v.weight_of("w1") == 0.0
    assert [w for e, w in zip(v.edges, v.weights) if e[2] == "b1"] == [-0.35, -0.35]  # both of b1's lines


def test_line_style_by_weight_never_colour_alone():
    v = NetworkView.lecture_001(max_weight=4.0)
    v.set_weights({"w1": 2.0, "w2": -1.0, "w3": -40.0, "w4": 0.0})
    assert v.style_of("w1") == (POSITIVE, False, 4.0)  # 1 + 6 * 2/4
    assert v.style_of("w2") == (NEGATIVE, True, 2.5)  # dashed
    assert v.style_of("w3") == (NEGATIVE, True, 7.0)  # at most 7 px
    assert v.style_of("w4") == (POSITIVE, False, 1.0)
    assert POSITIVE.lower() == "#0072b2" and NEGATIVE.lower() == "#d55e00"  # Okabe-Ito blue / vermillion


def test_the_page_draws_with_the_same_sums():
    js = ESM
    assert "1 + 6 * Math.min(Math.abs(w) / maxWeight, 1)" in js
    assert f'POSITIVE = "{POSITIVE}"' in js and f'NEGATIVE = "{NEGATIVE}"' in js
    assert '"6 4"' in js  # negative weights dashed
    assert "export default" in js and "render" in js
    assert not re.search(r"""import\s*(\(|.*from\s*)["'](https?:)?//""", js)  # nothing from the network
    assert 'tabindex: "0"' in js and '"Enter"' in js  # connections are focusable; Enter selects


def test_gradients_are_optional_and_need_every_weight():
    v = NetworkView.lecture_001()
    assert v.gradient_of("w5") is None and v.gradients == []
    v.set_gradients({k: 0.1 * i for i, k in enumerate(v.names)})
    assert v.gradient_of("w3") == pytest.approx(0.2)
    with pytest.raises(ValueError, match=r"missing \['b2'\]"):
        v.set_gradients({k: 0.0 for k in v.names[:-1]})
    v.set_gradients(None)
    assert v.gradients == []


@pytest.mark.parametrize("values, message", [({"w9": 1.0}, r"unknown weight name\(s\) \['w9'\]"),
                                             ({"w1": math.nan}, "weight w1 must be a finite number, got nan"),
                                             ({"w1": "0.5"}, "weight w1 must be a finite number, got '0.5'"),
                                             ({"w1": True}, "weight w1 must be a finite number")])
def test_bad_weights_are_refused_in_words_and_change_nothing(values, message):
    v = NetworkView.lecture_001()
    v.set_weights({"w1": 0.15})
    with pytest.raises(ValueError, match=message):
        v.set_weights(values)
    assert v.weight_of("w1") == 0.15


def test_bad_names_and_max_weight_are_refused_in_words():
    v = NetworkView.lecture_001()
    with pytest.raises(ValueError, match=r"unknown highlighted weight name\(s\) \['w0'\]"):
        v.highlight(["w1", "w0"])
    with pytest.raises(ValueError, match=r"unknown unit name\(s\) \['h3'\]"):
        v.set_node_values({"h3": "1"})
    with pytest.raises(ValueError, match="max_weight must be a positive number, got 0"):
        NetworkView([2, 2], max_weight=0)


def test_selection_round_trip_as_the_browser_sends_it():
    v = NetworkView.lecture_001()
    seen = []
    v.observe(lambda change: seen.append(change["new"]), names="selected")
    v.selected = "w7"  # a click on w7 in the page sets this traitlet
    assert seen == ["w7"]
    v.select("")  # nothing selected
    assert seen == ["w7", ""]
    with pytest.raises(ValueError, match=r"selected must be one of \[.*'b2'\] or '', got 'w9'"):
        v.selected = "w9"
    assert v.selected == ""


def test_texts_values_highlight_and_title():
    v = NetworkView.lecture_001()
    v.set_edge_texts({"w5": "w5 = 0.4\n\u2202E/\u2202w5 = 0.0822"})
    v.set_node_values({"h1": "0.593"})
    v.highlight(("w1", "w5", "w7"))
    v.title = "two paths, add them"
    assert v.edge_texts[4] == "w5 = 0.4\n\u2202E/\u2202w5 = 0.0822" and v.edge_texts[0] == "w1"
    assert v.edge_texts[8] == ""  # b1's second segment carries no label
    assert v.node_values[v.node_names.index("h1")] == "0.593"
    assert v.highlighted == ["w1", "w5", "w7"]


def test_summary_says_what_it_shows_and_the_repr_is_short_and_stable():
    v = NetworkView.lecture_001(max_weight=4.0)
    v.set_weights({"w1": 0.15, "w7": -0.5})
    v.set_gradients({k: (0.000438568 if k == "w1" else 0.0) for k in v.names})
    v.selected = "w1"
    v.highlight(["w1", "w5", "w7"])
    v.title = "dE/dout_h1: two paths"
    assert v.summary().splitlines() == [
        "NetworkView 2-2-2: selected w1; highlighted w1, w5, w7",
        "dE/dout_h1: two paths",
        "w1 = 0.15 (grad 0.0004386)  w2 = 0 (grad 0)  w3 = 0 (grad 0)  w4 = 0 (grad 0)",
        "w5 = 0 (grad 0)  w6 = 0 (grad 0)  w7 = -0.5 (grad 0)  w8 = 0 (grad 0)",
        "b1 = 0 (grad 0)  b2 = 0 (grad 0)"]
    assert repr(v) == "NetworkView(2-2-2, selected='w1')"
    bundle = v._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert data["text/plain"] == repr(v)  # what nbval compares for a displayed widget


def test_everything_synced_is_a_small_list_of_numbers_or_strings():
    v = NetworkView.lecture_001()
    state = v.get_state()
    for name in SYNCED:
        assert name in state
    payload = json.dumps({k: state[k] for k in SYNCED})
    assert len(payload) < 4000
    for a, b, name in v.edges:
        assert isinstance(a, int) and isinstance(b, int) and isinstance(name, str)


def test_the_python_hit_test_finds_every_connection_at_its_published_point():
    v = NetworkView.lecture_001()
    for name in v.names:
        x, y = v.edge_pixel(name)
        assert v.edge_at(x, y) == name, name
    xy = dict(zip(v.node_names, v.node_xy))
    assert v.edge_at(*xy["h1"]) is None  # on a unit: no connection
    assert v.edge_at(2, 2) is None  # the empty corner
    (x1, y1), (x2, _y2) = xy["i1"], xy["h1"]  # w1 is horizontal: 7 px above it still hits, 8 px does not
    assert v.edge_at((x1 + x2) / 2, y1 - 7) == "w1" and v.edge_at((x1 + x2) / 2, y1 - 8) is None


def test_follow_sends_the_page_references_to_the_sliders_and_refuses_what_it_cannot_follow():
    import ipywidgets as W

    v = NetworkView.lecture_001()
    w1 = W.FloatSlider(value=0.15, min=-4, max=4, step=0.01)
    v.follow({"w1": w1})
    assert v.get_state()["follows"] == {"w1": f"IPY_MODEL_{w1.model_id}"}  # the page finds the slider by its id
    with pytest.raises(ValueError, match=r"unknown followed weight name\(s\) \['w9'\]"):
        v.follow({"w9": w1})
    with pytest.raises(TypeError, match="follow needs a numeric slider for w2, got Label"):
        v.follow({"w2": W.Label("0.2")})
    assert list(v.follows) == ["w1"]
    v.follow({})
    assert v.follows == {}
    js = ESM
    assert "widget_manager" in js and 'on("change:value"' in js
