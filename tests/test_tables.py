"""backprop_lab.tables: the two renderings of a table."""
import pytest

from backprop_lab.tables import Math, Table, fmt, math_css


def test_fmt_significant_digits_and_non_finite_words():
    assert fmt(0.98201379) == "0.982014"
    assert fmt(4.0) == "4"
    assert fmt(-0.0011773525) == "-0.00117735"
    assert fmt(1.23456789e-12, 3) == "1.23e-12"
    assert fmt(0.0) == "0"
    assert fmt(float("nan")) == "undefined"
    assert fmt(float("inf")) == "overflow"
    assert fmt(None) == "-"
    assert fmt("text") == "text"


def test_text_form_aligns_columns_and_marks_highlighted_rows():
    t = Table(["x", "S(x)"], [[0, 0.5], [4, 0.98201379]], highlight={1}, title="sigmoid")
    assert t.to_text().splitlines() == [
        "sigmoid",
        "  x | S(x)",
        "  --+---------",
        "  0 | 0.5",
        "> 4 | 0.982014",
    ]


def test_group_rules_separate_blocks():
    t = Table(["a"], [[1], [2], [3]], groups=[0, 2])
    assert t.to_text().splitlines() == ["a", "-", "1", "2", "-", "3"]


def test_html_uses_formula_classes_and_embeds_css_once():
    t = Table(["d", "v"], [[Math(r"\frac{\partial C}{\partial w_2}", "dC/dw2"), 0.25]])
    html = t.to_html()
    assert html.count("<style>") == 1
    assert 'aria-label="dC/dw2"' in html
    assert "0.25" in html
    live = t.to_html(embed_css=False)
    assert "<style>" not in live and "data:image/png" not in live
    css = math_css(t.formulas())
    assert css.startswith(".bpm-") and "data:image/png;base64," in css


def test_row_length_is_checked():
    with pytest.raises(ValueError, match="row 1 has 1 cells, expected 2"):
        Table(["a", "b"], [[1, 2], [3]])


def test_math_text_twin_in_plain_output():
    t = Table(["f"], [[Math("s_2 (1 - s_2)", "s2 (1 - s2)")]])
    assert "s2 (1 - s2)" in t.to_text()
    assert str(Math("x", "plain")) == "plain"
    # the HTML shows the typeset formula and gives screen readers the same plain twin
    html = t.to_html()
    assert 'aria-label="s2 (1 - s2)"' in html and '<span class="bpm-' in html


def test_long_products_are_drawn_factor_by_factor_so_they_wrap():
    from backprop_lab.tables import math_parts

    assert math_parts(r"(out - target)\,w_2 s_2(1 - s_2)\,s_1") == (
        ("(out - target)", ""), ("w_2 s_2(1 - s_2)", ""), ("s_1", ""))
    assert math_parts(r"\frac{a}{b} \cdot c") == ((r"\frac{a}{b}", ""), ("c", "\u00b7"))
    # never inside braces or \left ... \right, and \leftarrow is not \left
    assert math_parts(r"\frac{a\,b}{c}") == ((r"\frac{a\,b}{c}", ""),)
    assert math_parts(r"\left(a\,b\right)\,c") == ((r"\left(a\,b\right)", ""), ("c", ""))
    assert math_parts(r"w \leftarrow w - \alpha\,g") == ((r"w \leftarrow w - \alpha", ""), ("g", ""))
    t = Table(["f"], [[Math(r"a\,b", "a b")]])
    html = t.to_html()
    assert html.count('<span class="bpm-') == 2 and 'aria-label="a b"' in html
    assert t.formulas() == {"a", "b"}
