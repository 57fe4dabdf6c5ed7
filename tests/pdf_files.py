"""PDF files for the reader tests, made by producers other than Chromium: fpdf2 lays out a
press release line by line, so each test knows where every line and hyphen is; pypdf locks
one and writes one of too many pages."""

from __future__ import annotations

import datetime
import io

from fpdf import FPDF
from PIL import Image
from pypdf import PdfWriter


class PressRelease(FPDF):
    """A two-page press release, each line placed where the test says: a running head, a
    page number at each foot, headings larger and bold, a list with bullets."""

    def header(self) -> None:
        self.set_font("Helvetica", "I", 9)
        self.cell(0, 6, "Stadt Fulda - Pressestelle", new_x="LMARGIN", new_y="NEXT")
        self.ln(8)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", "", 9)
        self.cell(0, 6, str(self.page_no()), align="C")

    def heading(self, text: str, size: int) -> None:
        self.set_font("Helvetica", "B", size)
        self.cell(0, 9, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def lines(self, *lines: str) -> None:
        self.set_font("Helvetica", "", 11)
        for line in lines:
            self.cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
        self.ln(4)


FILLER = ("Die Stadt informiert alle Anwohner rechtzeitig über die Arbeiten.",
          "Fragen beantwortet das Bürgerbüro am Rathaus werktags von acht bis",
          "zwölf Uhr.")


def press_release() -> bytes:
    pdf = PressRelease(format="A4")
    pdf.core_fonts_encoding = "windows-1252"  # has the bullet
    pdf.set_title("Pressemitteilung 12/2023")
    pdf.set_author("Anna Becker")
    pdf.set_creation_date(datetime.datetime(2023, 9, 13, 10, 30, tzinfo=datetime.UTC))
    pdf.add_page()
    pdf.heading("Neue Brücke über die Fulda", 18)
    pdf.lines("Der Stadtrat hat am Dienstag den Bau der neuen Brücke beschlossen. Die Verhand-",
              "lungen mit dem Land dauerten zwei Jahre. Der Nordkorea-",
              "Machthaber kam in der Sitzung nicht vor, wohl aber die SPD-",
              "interne Debatte über die Kosten.")
    pdf.heading("Kosten und Zeitplan", 14)
    for _ in range(9):
        pdf.lines(*FILLER)
    pdf.add_page()
    pdf.heading("Was Anwohner wissen müssen", 11)
    pdf.lines("Während der Bauzeit bleibt die alte Brücke für Fußgänger offen. Der Bus fährt",
              "eine Umleitung über die Leipziger Straße.")
    pdf.lines("• Die Haltestelle Rathaus entfällt.",
              "• Die Parkplätze am Ufer sind gesperrt, bis die",
              "Arbeiten im Frühjahr enden.")
    pdf.lines("Weitere Auskünfte gibt das Bürgerbüro.")
    return bytes(pdf.output())


def scan() -> bytes:
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(Image.new("L", (400, 300), 200), x=10, y=10, w=190)
    return bytes(pdf.output())


def locked_pdf() -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(press_release()))
    writer.encrypt("geheim")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def too_many_pages() -> bytes:
    writer = PdfWriter()
    for _ in range(5001):
        writer.add_blank_page(100, 100)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
