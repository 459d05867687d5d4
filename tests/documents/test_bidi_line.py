"""A line of a value keeps its own direction in a right-to-left document (issue #19 §2)."""

from __future__ import annotations

from django.utils import translation

from lotse.documents.templatetags.client_documents import bidi_line


def test_latin_line_becomes_a_left_to_right_block_in_arabic() -> None:
    with translation.override("ar"):
        html = bidi_line("Unterlagen fehlen noch.")
    assert html == '<span class="ltr-block" dir="ltr">Unterlagen fehlen noch.</span>'


def test_numbers_are_isolated_left_to_right_and_arabic_follows_itself() -> None:
    with translation.override("ar"):
        assert bidi_line("+49 1234 56789-0") == "\u2066+49 1234 56789-0\u2069"
        assert bidi_line("مع المستفيد") == "\u2068مع المستفيد\u2069"


def test_latin_runs_inside_arabic_are_isolated_without_their_brackets() -> None:
    label = "ملزَم بحضور دورة الاندماج (§ 44a (1) no. 2 AufenthG)"
    with translation.override("ar"):
        html = bidi_line(label)
    # Kept on one line (no-break spaces): a line break inside an isolate loses its direction.
    assert "(\u2066§\u00a044a\u00a0(1)\u00a0no.\u00a02\u00a0AufenthG\u2069)" in html
    with translation.override("ar"):
        assert "\u20660-01234\u00a056789\u2069" in bidi_line("الهاتف: 0-01234 56789")
        assert "\u2066A&amp;B\u2069" in bidi_line("شركة A&B")


def test_left_to_right_documents_are_unchanged_and_text_is_escaped() -> None:
    with translation.override("de"):
        assert bidi_line("a < b") == "a &lt; b"
    with translation.override("ar"):
        assert "&lt;script&gt;" in bidi_line("<script>")


def test_an_arabic_line_in_a_german_letter_is_set_right_to_left() -> None:
    """The German subject-access letter printed an Arabic address as
    "12345 شارع الملك فيصل ١٢ Musterstadt": postcode first, street in the middle."""
    with translation.override("de"):
        html = bidi_line("شارع الملك فيصل ١٢، 12345 Musterstadt")
        assert html == (
            '<span class="rtl-block" dir="rtl">شارع الملك فيصل ١٢، 12345 Musterstadt</span>'
        )
        assert bidi_line("Hauptstraße 1, حي") == "Hauptstraße 1, حي"
        assert "&lt;b&gt;" in bidi_line("محمد <b>")
