"""The filled letter as a PDF in a plain letter layout, with fpdf2.

Core fonts with Windows-1252 encoding render Spanish and English exactly (accents, ñ, ¿¡,
curly quotes, dashes) without shipping a font file; a character outside Windows-1252 (an emoji,
CJK) is refused with its name rather than silently replaced.

All text is put in NFC first: a name typed or pasted with a combining accent ("Pe" + U+0301 +
"rez") is one Windows-1252 letter, é, not a refused combining mark. Tabs become spaces (the
core fonts have no tab), CRLF and CR become line breaks, and control characters are refused
with their names (store.text) rather than printed as boxes.
"""

from __future__ import annotations

import unicodedata

from .i18n import _
from .text import check_text

ENCODING = "windows-1252"
TAB_SIZE = 4


class PdfError(ValueError):
    pass


def unsupported_characters(text: str) -> list[str]:
    bad: dict[str, None] = {}
    for ch in text:
        if ch in "\n\t":
            continue
        try:
            ch.encode(ENCODING)
        except UnicodeEncodeError:
            bad.setdefault(ch, None)
    return list(bad)


def clean(text: str, field: str, *, multiline: bool = False) -> str:
    """`text` in NFC with line ends as \\n and tabs as spaces, or PdfError naming a control character."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    try:
        check_text(text, field, multiline=multiline)
    except ValueError as error:
        raise PdfError(f"the {error}") from None
    return "\n".join(line.expandtabs(TAB_SIZE) for line in text.split("\n"))


def letter_pdf(body: str, *, to: list[str], cc: list[str], subject: str = "", title: str = "") -> bytes:
    """The PDF's bytes. `body` is the filled letter (its first line may be the date)."""
    from fpdf import FPDF

    body = clean(body, "letter", multiline=True)
    subject, title = clean(subject, "subject"), clean(title, "title")
    to = [clean(address, "address") for address in to]
    cc = [clean(address, "address") for address in cc]
    everything = "\n".join([body, subject, title, *to, *cc])
    bad = unsupported_characters(everything)
    if bad:
        names = ", ".join(f"{ch!r} ({unicodedata.name(ch, 'unnamed')})" for ch in bad[:5])
        raise PdfError(_("the PDF's fonts cannot show {names}; remove or replace them").format(names=names))
    pdf = FPDF(format="Letter", unit="pt")
    pdf.core_fonts_encoding = ENCODING
    pdf.set_title(title or subject or "Letter")
    pdf.set_creator("campaign-dash")
    pdf.set_margins(72, 72, 72)
    pdf.set_auto_page_break(True, margin=72)
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    pdf.set_text_color(90, 90, 90)
    if to:
        pdf.multi_cell(0, 12, "To: " + ", ".join(to), new_x="LMARGIN", new_y="NEXT")
    if cc:
        pdf.multi_cell(0, 12, "Cc: " + ", ".join(cc), new_x="LMARGIN", new_y="NEXT")
    if subject:
        pdf.set_font("Helvetica", style="B", size=9)
        pdf.multi_cell(0, 12, subject, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(12)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("Times", size=11.5)
    for paragraph in body.split("\n"):
        if paragraph.strip():
            pdf.multi_cell(0, 15, paragraph, align="L", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(8)
    return bytes(pdf.output())
