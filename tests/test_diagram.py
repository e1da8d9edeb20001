"""backprop_lab.diagram: network diagrams from layer sizes, updated in place, picked by clicks."""
import numpy as np
import pytest
from matplotlib.backend_bases import MouseEvent
from matplotlib.colors import to_hex

import backprop_core as bp
from backprop_lab.diagram import (EDGE_COLORS, ChainDiagram, NetworkDiagram, check_sizes, lecture_001_layout,
                                  mlp_weights)
from backprop_lab.plotting import BlitManager, new_figure

LECTURE_001_EDGES = {"w1": ("i1", "h1"), "w2": ("i2", "h1"), "w3": ("i1", "h2"), "w4": ("i2", "h2"),
                     "w5": ("h1", "o1"), "w6": ("h2", "o1"), "w7": ("h1", "o2"), "w8": ("h2", "o2")}
INPUTS, TARGETS = (0.05, 0.10), (0.01, 0.99)


def axes(figsize=(5.5, 3.2)):
    fig = new_figure(figsize, dpi=90)
    return fig.add_axes([0, 0, 1, 1])


def lecture_labels(net=None):
    """The two-line labels a lesson writes: weight and gradient."""
    net = net or bp.MazurNetwork()
    w, g = net.weights, net.gradients(INPUTS, TARGETS)
    return {k: f"{k} = {w[k]:.2f}\n∂E/∂{k} = {g[k]:.3f}" for k in w}


def overlapping_labels(d):
    """Pairs of edge labels whose boxes (as drawn) overlap."""
    d.ax.figure.canvas.draw()
    boxes = d._label_boxes()
    names = sorted(boxes)
    return [(a, b) for i, a in enumerate(names) for b in names[i + 1:]
            if boxes[a][0] < boxes[b][2] and boxes[b][0] < boxes[a][2]
            and boxes[a][1] < boxes[b][3] and boxes[b][1] < boxes[a][3]]


def press(canvas, x, y):
    """A left-button press at display ``(x, y)``, through the canvas's callbacks like a real one
    (the figure answers it with a ``pick_event`` for every artist under the mouse)."""
    canvas.callbacks.process("button_press_event", MouseEvent("button_press_event", canvas, x, y, button=1))


def click(d, name):
    """Press the mouse at ``d.edge_pixel(name)``, the way the browser would; the weights picked."""
    canvas = d.ax.figure.canvas
    picked = set()
    cid = canvas.mpl_connect("pick_event", lambda event: picked.add(event.artist.get_gid()))
    press(canvas, *d.display_from_css(*d.edge_pixel(name)))
    canvas.mpl_disconnect(cid)
    return picked


# -- any layer sizes -----------------------------------------------------------
@pytest.mark.parametrize("sizes", [[1, 1], [2, 1], [2, 2, 2], [2, 3, 3, 1], [1, 8, 1], [3, 1, 4], [8] * 8,
                                   [1] * 8, [8, 1, 8]])
@pytest.mark.parametrize("bias", [False, True])
def test_any_layer_sizes(sizes, bias):
    d = NetworkDiagram(axes(), sizes, bias=bias)
    n_weights = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    n_biases = sum(sizes[1:]) if bias else 0
    assert len(d.names) == n_weights + n_biases == len(d.edge_lines)
    assert len(d.nodes) == sum(sizes) + (len(sizes) - 1 if bias else 0)
    # names follow MLP.weights[l][j, k] (layers counted from 0)
    last = len(sizes) - 2
    assert f"W{last}[{sizes[-1] - 1},{sizes[-2] - 1}]" in d.edges
    assert ("b0[0]" in d.edges) is bias
    for name, lines in d.edges.items():
        assert [line.get_gid() for line in lines] == [name]
        assert lines[0].get_picker() is True and lines[0].get_pickradius() == 5.0
    # every node sits inside the axes
    xy = np.array([line.get_xydata()[0] for line in d.nodes.values()])
    (x0, x1), (y0, y1) = d.ax.get_xlim(), d.ax.get_ylim()
    assert np.all((xy[:, 0] > x0) & (xy[:, 0] < x1) & (xy[:, 1] > y0) & (xy[:, 1] < y1))
    d.ax.figure.canvas.draw()


def test_names_match_the_mlp_arrays():
    mlp = bp.MLP([2, 3, 1], seed=0)
    mlp.biases = [np.array([0.1, -0.2, 0.3]), np.array([-0.4])]
    values = mlp_weights(mlp.weights, mlp.biases)
    d = NetworkDiagram(axes(), [2, 3, 1], bias=True)
    assert sorted(values) == sorted(d.names)
    d.set_weights(values)
    # W0[2,1] is weights[0][2, 1]: from input unit 1 to hidden unit 2
    assert d.weights["W0[2,1]"] == mlp.weights[0][2, 1]
    (x0, x1), (y0, y1) = d.edges["W0[2,1]"][0].get_data()
    assert (x0, y0) == tuple(d.nodes["a0[1]"].get_xydata()[0]) and (x1, y1) == tuple(d.nodes["a1[2]"].get_xydata()[0])
    assert d.weights["b1[0]"] == -0.4


@pytest.mark.parametrize("sizes, match", [
    ([], "2 to 8 layers"),
    ([3], "2 to 8 layers"),
    ([2] * 9, "2 to 8 layers"),
    ([2, 9], r"sizes\[1\] .* got 9"),
    ([2, 0, 1], r"sizes\[1\] .* got 0"),
    ([-1, 2], r"sizes\[0\] .* got -1"),
    ([2, 2.5], r"sizes\[1\] .* got 2.5"),
    ([2, True], r"sizes\[1\] .* got True"),
    ([2, "3"], r"sizes\[1\] .* got '3'"),
])
def test_bad_sizes_are_named(sizes, match):
    with pytest.raises(ValueError, match=match):
        NetworkDiagram(axes(), sizes)


def test_sizes_that_are_not_a_list():
    with pytest.raises(TypeError, match="got 5"):
        check_sizes(5)
    with pytest.raises(TypeError, match="got '22'"):
        check_sizes("22")
    assert check_sizes(np.array([2, 3])) == [2, 3]


@pytest.mark.parametrize("kw, match", [(dict(max_weight=0), "max_weight"), (dict(max_weight=np.nan), "max_weight"),
                                       (dict(pickradius=-1), "pickradius"),
                                       (dict(max_linewidth=0.1), "max_linewidth")])
def test_bad_settings_are_named(kw, match):
    with pytest.raises(ValueError, match=match):
        NetworkDiagram(axes(), [2, 2], **kw)


# -- lecture 001 ---------------------------------------------------------------
def test_lecture_001_names_and_wiring():
    d = NetworkDiagram.lecture_001(axes())
    assert d.names == ["w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "b1", "b2"]
    assert set(d.nodes) == {"i1", "i2", "h1", "h2", "o1", "o2", "b1", "b2"}
    ends = {name: [(a, b) for w, a, b in lecture_001_layout().edges if w == name] for name in d.names}
    for name, (a, b) in LECTURE_001_EDGES.items():
        assert ends[name] == [(a, b)]
    # the shared biases: one node, one edge per neuron they feed
    assert ends["b1"] == [("b1", "h1"), ("b1", "h2")] and ends["b2"] == [("b2", "o1"), ("b2", "o2")]
    assert len(d.edges["b1"]) == 2
    assert {k: t.get_text() for k, t in d.node_names.items()} == {k: k for k in d.nodes}


def test_lecture_001_labels_do_not_overlap():
    d = NetworkDiagram.lecture_001(axes())
    d.set_edge_labels(lecture_labels())
    assert overlapping_labels(d) == []
    # wider numbers, and the notes of a highlight, still fit
    net = bp.MazurNetwork({k: -1.234 for k in bp.MazurNetwork.PARAMS})
    d.set_edge_labels({k: f"{k} = {v:.4f}\n∂E/∂{k} = {-0.01234:.5f}" for k, v in net.weights.items()})
    d.highlight(["w5", "w7"], notes={"w5": "∂E_o1/∂out_h1\n= 0.0554", "w7": "∂E_o2/∂out_h1\n= -0.0190"})
    assert overlapping_labels(d) == []
    # the crossing weights' labels sit at different places along their edges
    assert d.edge_labels["w2"].xy != d.edge_labels["w3"].xy
    assert d.edge_labels["w6"].xy != d.edge_labels["w7"].xy


# -- in place ------------------------------------------------------------------
def test_set_weights_changes_the_same_artists():
    ax = axes()
    d = NetworkDiagram.lecture_001(ax)
    lines = {name: list(ls) for name, ls in d.edges.items()}
    n_children = len(ax.get_children())
    d.set_weights(bp.MazurNetwork().weights)
    w5 = d.edges["w5"][0]
    assert to_hex(w5.get_color()) == EDGE_COLORS["positive"]
    thin = w5.get_linewidth()
    d.set_weights({"w5": -0.9, "b1": 2.0})
    assert d.edges["w5"][0] is w5 and to_hex(w5.get_color()) == EDGE_COLORS["negative"]
    assert w5.get_linewidth() > thin
    # |w| past max_weight: clipped at the full width; both segments of a shared bias follow
    assert [line.get_linewidth() for line in d.edges["b1"]] == [d.max_linewidth] * 2
    d.set_weights({"w5": 0.0})
    assert to_hex(w5.get_color()) == EDGE_COLORS["zero"] and w5.get_linewidth() == d.min_linewidth
    d.set_weights({"w5": np.nan})
    assert w5.get_linestyle() == ":"
    d.set_weights({"w5": np.float64(0.4)})
    assert w5.get_linestyle() == "-"
    assert {name: list(ls) for name, ls in d.edges.items()} == lines
    assert len(ax.get_children()) == n_children


def test_set_weights_rejects_unknown_names_and_non_numbers():
    d = NetworkDiagram.lecture_001(axes())
    with pytest.raises(ValueError, match="w9"):
        d.set_weights({"w9": 1.0})
    with pytest.raises(ValueError, match="'w1' must be a number"):
        d.set_weights({"w1": "big"})
    with pytest.raises(ValueError, match="node"):
        d.set_node_labels({"h3": "1"})


def test_labels_update_in_place():
    ax = axes()
    d = NetworkDiagram.lecture_001(ax)
    texts = dict(d.edge_labels)
    nodes = dict(d.node_labels)
    n_children = len(ax.get_children())
    for k in range(3):
        d.set_edge_labels({"w5": f"w5 = {k}\n∂E/∂w = 0.082"})
        d.set_node_labels({"h1": f"0.59{k}"})
    assert d.edge_labels == texts and d.node_labels == nodes
    assert d.edge_labels["w5"].get_text() == "w5 = 2\n∂E/∂w = 0.082"
    assert d.node_labels["h1"].get_text() == "0.592"
    assert len(ax.get_children()) == n_children


def test_dense_networks_make_labels_only_when_asked():
    d = NetworkDiagram(axes((6.2, 3.4)), [8] * 8)
    assert d.edge_labels == {}
    d.set_edge_labels({"W3[1,2]": "0.5"})
    assert list(d.edge_labels) == ["W3[1,2]"] and d.edge_labels["W3[1,2]"].get_text() == "0.5"
    first = d.edge_labels["W3[1,2]"]
    d.set_edge_labels({"W3[1,2]": "0.6"})
    assert d.edge_labels["W3[1,2]"] is first


def test_highlight_and_select():
    d = NetworkDiagram.lecture_001(axes())
    d.set_edge_labels(lecture_labels())
    # when several gradients come into a neuron, add them: h1 -> o1 and h1 -> o2
    d.highlight(("w5", "w7"), notes={"w5": "∂E_o1/∂out_h1 = 0.0554"})
    assert d.highlighted == ("w5", "w7") and len(d.halo.get_segments()) == 2
    assert d.edge_labels["w5"].get_text() == "∂E_o1/∂out_h1 = 0.0554"
    assert d.edge_labels["w7"].get_text() == lecture_labels()["w7"]
    d.highlight("b1")  # one name; both segments of the shared bias
    assert len(d.halo.get_segments()) == 2 and d.edge_labels["w5"].get_text() == lecture_labels()["w5"]
    d.highlight(())
    assert d.highlighted == () and len(d.halo.get_segments()) == 0
    d.select("w3")
    assert d.selected == "w3" and len(d.outline.get_segments()) == 1
    assert d.edge_labels["w3"].get_fontweight() == "bold"
    d.select(None)
    assert len(d.outline.get_segments()) == 0 and d.edge_labels["w3"].get_fontweight() == "normal"
    with pytest.raises(ValueError, match="w0"):
        d.highlight(["w0"])
    with pytest.raises(ValueError, match="w0"):
        d.select("w0")


# -- picking ---------------------------------------------------------------------
@pytest.mark.parametrize("make", [
    lambda ax: NetworkDiagram.lecture_001(ax),
    lambda ax: NetworkDiagram(ax, [2, 3, 3, 1]),
    lambda ax: NetworkDiagram(ax, [2, 3, 3, 1], bias=True),
], ids=["2-2-2", "2-3-3-1", "2-3-3-1 bias"])
@pytest.mark.parametrize("with_labels", [False, True])
def test_a_click_at_edge_pixel_selects_that_weight(make, with_labels):
    d = make(axes())
    if with_labels:  # clicks must pick the weight, not a neighbour's label
        d.set_edge_labels(lecture_labels() if d.names[0] == "w1" else {n: "-0.40" for n in d.names})
    d.ax.figure.canvas.draw()  # labels are picked by their drawn extent
    picked = []
    d.connect_pick(picked.append)
    for name in d.names:
        assert click(d, name) == {name}  # that edge (or its label) and no other
        assert d.selected == name
    assert picked == d.names
    # a click on empty paper picks nothing
    press(d.ax.figure.canvas, 2, 2)
    assert picked == d.names and d.selected == d.names[-1]
    d.disconnect()
    click(d, d.names[0])
    assert d.selected == d.names[-1]


def test_a_click_on_a_label_picks_its_weight():
    d = NetworkDiagram.lecture_001(axes())
    d.set_edge_labels(lecture_labels())
    d.connect_pick()
    canvas = d.ax.figure.canvas
    canvas.draw()
    box = d._label_boxes()["b1"]
    press(canvas, box[0] + 3, (box[1] + box[3]) / 2)
    assert d.selected == "b1"


def test_edge_pixels_are_css_pixels_from_the_top_left():
    ax = axes()
    d = NetworkDiagram.lecture_001(ax)
    positions = d.edge_positions()
    assert list(positions) == d.names
    width, height = 5.5 * 90, 3.2 * 90
    for name, (x, y) in positions.items():
        assert 0 < x < width and 0 < y < height
        assert positions[name] == d.edge_pixel(name)
    # w1 (i1 -> h1) is the top edge: small y; w4 (i2 -> h2) lower down
    assert positions["w1"][1] < positions["w4"][1]
    # display (from the bottom-left) and CSS (from the top-left) convert both ways
    assert d.css_from_display(*d.display_from_css(10.0, 20.0)) == [10.0, 20.0]
    assert d.display_from_css(0, 0) == (0.0, height)


def test_every_edge_of_an_8x8_network_has_its_own_pixel():
    d = NetworkDiagram(axes((6.2, 3.4)), [8] * 8)

    class Event:
        pass

    for name, (x, y) in d.edge_positions().items():
        event = Event()
        event.x, event.y = d.display_from_css(x, y)
        assert d.edge_at(event) == name


# -- blitting ----------------------------------------------------------------------
def test_moving_artists_are_registered_with_the_blit_manager():
    ax = axes()
    blit = BlitManager(ax.figure)
    d = NetworkDiagram.lecture_001(ax, blit=blit)
    moving = set(blit.artists)
    assert set(d.edge_lines) <= moving and set(d.edge_labels.values()) <= moving
    assert set(d.node_labels.values()) <= moving and {d.halo, d.outline} <= moving
    # the nodes are drawn after the edges (they cover the edge ends)
    assert blit.artists.index(d.nodes["h1"]) > blit.artists.index(d.edges["w1"][0])
    blit.update()
    d.set_weights({"w1": -0.5})
    d.set_edge_labels(lecture_labels())
    d.highlight(["w1"])
    blit.update()
    assert blit.full_draws == 1  # the second update was a blit
    # a label made later (dense network) is registered when it is made
    ax = axes()
    blit = BlitManager(ax.figure)
    d = NetworkDiagram(ax, [8] * 8, blit=blit)
    d.set_edge_labels({"W0[0,0]": "1"})
    assert d.edge_labels["W0[0,0]"] in blit.artists


# -- lecture 000's chain -----------------------------------------------------------
@pytest.mark.parametrize("w0, w1, w2, s0", [(2.0, 1.0, 0.5, 2.0), (-3.25, 0.125, 6.0, 0.7),
                                            (0.0, -1e-5, 123.456, -2.0)])
@pytest.mark.parametrize("digits", [4, 6])
def test_chain_diagram_writes_the_same_text_as_before(w0, w1, w2, s0, digits):
    """The texts notebook 03 stores (the four-node chain diagram it replaced wrote exactly these)."""
    net = bp.ChainNetwork(w0, w1, w2)
    new = ChainDiagram(axes((7.5, 1.9)))
    f = net.forward(s0)
    new.update(net.weights, f, digits=digits)
    g = f"{{:.{digits}g}}".format
    expected = {"s0": f"s0\n{g(s0)}", "n1": f"x1={g(f.x1)}\ns1={g(f.s1)}", "n2": f"x2={g(f.x2)}\ns2={g(f.s2)}",
                "out": f"out\n{g(f.out)}", "w0": f"w0 = {g(w0)}", "w1": f"w1 = {g(w1)}", "w2": f"w2 = {g(w2)}"}
    assert list(new.labels) == ["s0", "n1", "n2", "out", "w0", "w1", "w2"]
    assert {k: t.get_text() for k, t in new.labels.items()} == expected
    assert new.network.weights == net.weights


def test_chain_diagram_updates_in_place_and_blits():
    ax = axes((7.5, 1.9))
    blit = BlitManager(ax.figure)
    c = ChainDiagram(ax, blit=blit)
    labels = dict(c.labels)
    net = bp.ChainNetwork()
    c.update(net.weights, net.forward(2.0))
    assert c.labels["out"].get_text() == "out\n0.3638" and c.labels["w2"].get_text() == "w2 = 0.5"
    c.update({"w0": 1.0, "w1": -1.0, "w2": 2.0}, bp.ChainNetwork(1.0, -1.0, 2.0).forward(2.0))
    assert c.labels == labels and set(labels.values()) <= set(blit.artists)
    assert to_hex(c.network.edges["w1"][0].get_color()) == EDGE_COLORS["negative"]
    blit.update()
