"""Write the shipped letter templates (src/lotse/letters/data/<language>/<kind>.docx).

Run after changing src/lotse/letters/texts.py and commit the .docx files:

    .venv/bin/python scripts/make_letter_templates.py

Arabic paragraphs get Word's right-to-left paragraph setting (w:bidi) and right-to-left runs.
The files are reproducible apart from the time stamps python-docx writes.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from lotse.letters.texts import BODIES, RTL, paragraphs

DATA = Path(__file__).resolve().parent.parent / "src" / "lotse" / "letters" / "data"


def _rtl(paragraph) -> None:  # type: ignore[no-untyped-def]
    properties = paragraph._p.get_or_add_pPr()
    properties.insert(0, OxmlElement("w:bidi"))
    for run in paragraph.runs:
        run_properties = run._r.get_or_add_rPr()
        run_properties.append(OxmlElement("w:rtl"))


def build(kind: str, language: str) -> Document:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Noto Sans"
    style.font.size = Pt(11)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:cs"), "Noto Sans Arabic")
    rtl = language in RTL
    for kind_of, text in paragraphs(kind, language):
        paragraph = document.add_paragraph()
        lines = text.split("\n")
        for number, line in enumerate(lines):
            run = paragraph.add_run(line)
            if kind_of in ("sender", "subject"):
                run.bold = True
            if kind_of == "small":
                run.font.size = Pt(9)
            if number < len(lines) - 1:
                run.add_break()
        if kind_of == "date":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if rtl else WD_ALIGN_PARAGRAPH.RIGHT
        if rtl:
            _rtl(paragraph)
    return document


def main() -> None:
    for kind, languages in BODIES.items():
        for language in languages:
            target = DATA / language / f"{kind}.docx"
            target.parent.mkdir(parents=True, exist_ok=True)
            build(kind, language).save(str(target))
            print(target.relative_to(DATA.parent.parent.parent.parent))


if __name__ == "__main__":
    main()
