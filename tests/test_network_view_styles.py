"""NetworkView's per-edge styles and reshape (used by lessons 07 and 09), without a browser.

``style_of`` is what the page draws (the JS does the same sums); a style given for an
edge wins over the weight's, the rest stay drawn by their weight; bad styles are one
sentence; ``reshape`` draws another network in the same widget.
"""
import pytest

from backprop_lab.views import NetworkView
from backprop_lab.views.network_view import NEGATIVE, POSITIVE


def test_an_edges_own_style_wins_and_the_others_follow_their_weight():
    v = NetworkView((2, 3, 1), max_weight=2.0)
    v.set_weights({"W0[0,0]": -1.0, "W0[1,0]": 0.5})
    assert v.style_of("W0[0,0]") == (NEGATIVE, True, 4.0) and v.style_of("W0[1,0]") == (POSITIVE, False, 2.5)
    v.set_edge_styles({"W0[0,0]": {"colour": "#123456", "dash": "none", "width": 3, "note": "rel 0.5: FAIL"},
                       "W0[1,0]": {"dash": "6 3"}})
    assert v.style_of("W0[0,0]") == ("#123456", False, 3.0)
    assert v.style_of("W0[1,0]") == (POSITIVE, True, 2.5)              # only the dash given
    assert v.edge_styles[0]["note"] == "rel 0.5: FAIL" and v.edge_styles[1] == {}
    assert len(v.edge_styles) == len(v.edges)
    v.set_edge_styles(None)
    assert v.edge_styles == [] and v.style_of("W0[0,0]") == (NEGATIVE, True, 4.0)


@pytest.mark.parametrize("styles, message", [
    ({"W9[0,0]": {}}, "unknown styled weight"),
    ({"W0[0,0]": {"color": "red"}}, "keys among"),
    ({"W0[0,0]": "red"}, "must be a dict"),
    ({"W0[0,0]": {"width": float("nan")}}, "between 0 and 50"),
    ({"W0[0,0]": {"width": True}}, "between 0 and 50"),
])
def test_bad_styles_are_one_sentence(styles, message):
    v = NetworkView((2, 3, 1))
    with pytest.raises(ValueError, match=message):
        v.set_edge_styles(styles)


def test_reshape_draws_another_network_in_the_same_view():
    v = NetworkView((2, 3, 1))
    v.set_weights({"W1[0,2]": 0.7})
    v.set_edge_styles({"W1[0,2]": {"dash": "6 3"}})
    v.selected = "W1[0,2]"
    v.highlight(["W0[0,0]"])
    v.reshape((3, 2))
    assert v.sizes == [3, 2] and v.names == [f"W0[{j},{k}]" for j in range(2) for k in range(3)]
    assert v.weights == [0.0] * 6 and v.edge_styles == [] and v.selected == "" and v.highlighted == []
    assert len(v.node_xy) == len(v.node_values) == 5 and len(v.label_xy) == len(v.edge_texts) == 6
    fresh = NetworkView((3, 2))
    assert (v.view_size, v.node_xy, v.edges) == (fresh.view_size, fresh.node_xy, fresh.edges)
    with pytest.raises(ValueError, match="W1"):
        v.selected = "W1[0,2]"
    v.reshape((2, 2), bias=True)
    assert "b0[1]" in v.names and v.node_kinds.count("bias") == 1
