"""One builder for every sentence the course shows (dashboards, exercises, the sandboxed runner): :func:`sentence`.

A status line is read by a student, so it is one clean sentence (or a few),
never ``"...: ValueError: lr must be > 0, got -1.."`` with a doubled period.
:func:`sentence` joins its parts with spaces, strips the punctuation each
part already ends with, and ends the whole with exactly one mark::

    >>> sentence("Something went wrong:", ValueError("lr must be > 0, got -1."))
    'Something went wrong: lr must be > 0, got -1.'
    >>> sentence("Saved to a.json.", "The string above restores it")
    'Saved to a.json. The string above restores it.'

An exception part is its message (a caller adds the class name if it wants
it); an empty part is skipped. :func:`problem`
is the sentence of a refused input, naming the control and its range;
:class:`Refused` is the error that carries such a sentence.

Standard library only (the core and the presentation layer both use it).

Left out: where a sentence is shown (:meth:`backprop_lab.dashboard.Dashboard.set_status`).
"""
from __future__ import annotations

__all__ = ["sentence", "clause", "problem", "Refused", "WrongType"]


class Refused(ValueError):
    """An input refused on purpose (over a stated limit, not a valid choice): its message is the
    whole sentence a student reads, so a dashboard shows it without "Something went wrong"."""


class WrongType(TypeError):
    """A value of the wrong type refused on purpose (a string for a slider); shown like :class:`Refused`."""

#: Punctuation a part may end with; only the last part keeps (or gets) one mark.
_ENDINGS = ".!?;:, \n\t"
#: Marks kept inside a sentence: a part ending in one of these keeps it before the next part.
_INNER_KEEP = ".!?:"


def clause(part):
    """The text of one part without trailing punctuation or spaces (an exception: its message).

    ``clause("got -1..")`` is ``'got -1'``; ``clause(KeyError("x"))`` is ``'x'``
    (a KeyError's message is the repr of its key: the quotes are taken off);
    an exception without a message gives ``''``.
    """
    if isinstance(part, BaseException):
        text = str(part.args[0]) if isinstance(part, KeyError) and part.args else str(part)
    else:
        text = str(part)
    text = " ".join(text.split())  # one line: a traceback-like message loses its line breaks
    # strip a trailing ellipsis or doubled mark too ('…..', '. .', ': .')
    while text and (text[-1] in _ENDINGS or text.endswith("\u2026")):
        text = text[:-1].rstrip()
    return text


def sentence(*parts, end="."):
    """Join ``parts`` (strings or exceptions) into sentences that end with exactly one ``end``.

    A part that ended with ``.``, ``!``, ``?`` or ``:`` keeps that mark (once)
    before the next part, the last part keeps a ``!`` or ``?``; every other
    trailing mark is dropped. Empty parts
    are skipped, so ``sentence("A.", "", "B")`` is ``'A. B.'``.
    """
    out = []
    for k, part in enumerate(parts):
        raw = str(part.args[0]) if isinstance(part, KeyError) and part.args else str(part)
        text = clause(part)
        if not text:
            continue
        raw = raw.rstrip()
        last = k == len(parts) - 1 or not any(clause(p) for p in parts[k + 1:])
        if raw and raw[-1] in (_INNER_KEEP if not last else "!?"):
            text += raw[-1]
        out.append(text)
    if not out:
        return ""
    text = " ".join(out)
    return text if text[-1] in "!?" else text + end


def problem(name, value, expected):
    """The sentence of a refused input: ``'lr must be between 0 and 1, got nan.'``.

    ``value`` is shown with ``repr`` for strings (so a stray space shows) and
    ``str`` otherwise; long values are cut.
    """
    shown = repr(value) if isinstance(value, str) else str(value)
    if len(shown) > 60:
        shown = f"{shown[:50]}... ({len(shown)} characters)"
    return sentence(f"{name} must be {clause(expected)}, got {shown}")
