#!/usr/bin/env python3
"""Typeset the test pages of content.txt as PDFs and images, each with a truth file.

    python3 make.py [--build DIR] [--only NAME...]
    python3 make.py --check       the truth files match content.txt (needs no tool: for tests)

Run by make.sh, which checks the tools first. Writes into this folder:

  NAME.pdf, NAME.truth.json     text PDFs: HTML with CSS columns printed by headless Chromium,
                                and ODT documents converted by LibreOffice
  scan-*.png|jpg|tif, scan-*.pdf, and their .truth.json
                                pages rendered by pdftoppm (grayscale), and one PNG wrapped in an
                                image-only PDF: input for OCR
  bad-*                         inputs that must fail cleanly
  big-500-pages.pdf             one page repeated 500 times, its content shared (qpdf)

Intermediate files (HTML, ODT) go to --build (default: ../../../target/testdata-build).
Standard library only. The page text is fixed; what the tools make of it can vary with their
versions (see README.md).
"""

import argparse
import html
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
ZWNJ = "\u200c"

VAZIRMATN = os.path.join(ROOT, "target/web/node_modules/vazirmatn/fonts/ttf")
FARSIWEB = "/usr/share/fonts/truetype/farsiweb"
NOTO = "/usr/share/fonts/truetype/noto"

# Font families for Chromium: name -> (regular file, bold file).
FONT_FILES = {
    "Vazirmatn": (f"{VAZIRMATN}/Vazirmatn-Regular.ttf", f"{VAZIRMATN}/Vazirmatn-Bold.ttf"),
    "Nazli": (f"{FARSIWEB}/nazli.ttf", f"{FARSIWEB}/nazlib.ttf"),
    "Titr": (f"{FARSIWEB}/titr.ttf", f"{FARSIWEB}/titr.ttf"),
    "Noto Naskh Arabic": (f"{NOTO}/NotoNaskhArabic-Regular.ttf", f"{NOTO}/NotoNaskhArabic-Bold.ttf"),
}

# The issue all pages belong to: Tuesday 22 Aban 1403 = 10 Jumada al-Awwal 1446 = 12 November 2024.
PAPER = "نسیم شهر"
ISSUE = {"weekday": "tuesday", "jalali": "1403-08-22", "hijri": "1446-05-10", "gregorian": "2024-11-12",
         "issue": 2418, "publication_year": 9}


def folio_text(page_number):
    return (f"سه{ZWNJ}شنبه ۲۲ آبان ۱۴۰۳ - ۱۰ جمادی{ZWNJ}الاول ۱۴۴۶ - ۱۲ نوامبر ۲۰۲۴ - سال نهم - "
            f"شماره ۲۴۱۸ - صفحه {persian_digits(page_number)}")


def persian_digits(n):
    return str(n).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


# A layout row: articles side by side, right to left, as (article index, share of the width,
# body columns). Articles are numbered in reading order: rows top to bottom, right to left.
DOCUMENTS = [
    {"name": "paper-vazirmatn", "generator": "chromium", "pages": ["A", "B", "C"],
     "body_font": "Vazirmatn", "head_font": "Vazirmatn", "justify": True,
     "layouts": {"A": [[(0, 1, 3)], [(1, 2, 2), (2, 1, 1)]],
                 "B": [[(0, 3, 3), (1, 1, 1)]],
                 "C": [[(0, 1, 3)], [(1, 2, 2), (2, 1, 1)]]}},
    {"name": "page-nazli-4col", "generator": "chromium", "pages": ["B"],
     "body_font": "Nazli", "head_font": "Titr", "justify": True,
     "layouts": {"B": [[(0, 1, 4)], [(1, 1, 4)]]}},
    {"name": "page-naskh-2col", "generator": "chromium", "pages": ["C"],
     "body_font": "Noto Naskh Arabic", "head_font": "Noto Naskh Arabic", "justify": False,
     "layouts": {"C": [[(0, 1, 2)], [(1, 1, 1), (2, 1, 1)]]}},
    {"name": "lo-naskh-kashida", "generator": "libreoffice", "pages": ["A"],
     "body_font": "Noto Naskh Arabic", "head_font": "Noto Naskh Arabic", "justify": True, "columns": 2},
    {"name": "lo-nazli", "generator": "libreoffice", "pages": ["B"],
     "body_font": "Nazli", "head_font": "Titr", "justify": False, "columns": 2},
]

# Renders for OCR: (output name, document, page, format, dpi).
SCANS = [
    ("scan-naskh", "page-naskh-2col", 1, "png", 200),
    ("scan-vazirmatn", "paper-vazirmatn", 2, "png", 150),
    ("scan-nazli", "page-nazli-4col", 1, "jpeg", 200),
    ("scan-lo-naskh", "lo-naskh-kashida", 1, "tiff", 150),
]
SCAN_PDF = ("scan-naskh-image-only", "scan-naskh")  # the image-only PDF and the PNG it wraps


# ---------------------------------------------------------------- content

def read_content(path):
    """content.txt -> {page name: {"section": str, "articles": [article]}}; an article is a dict
    of its heading fields plus "body": [(kind, text)] in reading order."""
    pages, page, article = {}, None, None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            if line.startswith("= page "):
                page = pages.setdefault(line.split()[-1], {"section": None, "articles": []})
                continue
            if line == "== article":
                article = {"subheadlines": [], "body": []}
                page["articles"].append(article)
                continue
            key, sep, value = line.partition(": ")
            if not sep:
                sys.exit(f"content.txt:{n}: expected `key: value`")
            value = value.strip().replace("_", ZWNJ)
            if key == "section":
                page["section"] = value
            elif key == "subheadline":
                article["subheadlines"].append(value)
            elif key in ("kicker", "overline", "headline", "byline", "lead"):
                article[key] = value
            elif key in ("p", "subhead", "question", "answer", "quote", "box"):
                article["body"].append((key, value))
            else:
                sys.exit(f"content.txt:{n}: unknown key {key!r}")
    return pages


def lead_text(article):
    """The lead as printed: the byline, a colon, then the lead."""
    if article.get("byline"):
        return f"{article['byline']}: {article['lead']}"
    return article["lead"]


def article_truth(article):
    truth = {k: article[k] for k in ("kicker", "overline") if article.get(k)}
    truth["headline"] = article["headline"]
    truth["subheadlines"] = article["subheadlines"]
    if article.get("byline"):
        truth["byline"] = article["byline"]
    truth["lead"] = lead_text(article)
    body = article["body"]
    truth["paragraphs"] = [t for k, t in body if k in ("p", "answer")]
    truth["subheads"] = [t for k, t in body if k == "subhead"]
    questions = [t for k, t in body if k == "question"]
    if questions:
        truth["questions"] = questions
    truth["pull_quotes"] = [t for k, t in body if k == "quote"]
    truth["boxes"] = [t for k, t in body if k == "box"]
    return truth


def article_lines(article):
    """The article's paragraphs as printed, in reading order."""
    lines = [article[k] for k in ("kicker", "overline", "headline") if article.get(k)]
    lines += article["subheadlines"] + [lead_text(article)]
    return lines + [t for _, t in article["body"]]


def page_truth(page, number, order):
    """The truth of one printed page; `order` lists the article indexes in reading order."""
    articles = [page["articles"][i] for i in order]
    lines = [PAPER, folio_text(number), page["section"]]
    for a in articles:
        lines += article_lines(a)
    return {"number": number, "running_head": PAPER, "section": page["section"],
            "folio": dict(ISSUE, text=folio_text(number), page_number=number),
            "articles": [article_truth(a) for a in articles],
            "text": "\n".join(lines) + "\n"}


def reading_order(layout):
    return [i for row in layout for i, _, _ in row]


# ---------------------------------------------------------------- HTML and Chromium

CSS = """
@page {{ size: A4; margin: 10mm 11mm; }}
{faces}
html {{ direction: rtl; }}
body {{ margin: 0; font-family: "{body}"; font-size: 9pt; line-height: 1.5; color: #000; }}
.page {{ break-after: page; }}
.page:last-child {{ break-after: auto; }}
.masthead {{ font-family: "{head}"; font-weight: 700; font-size: 26pt; text-align: center;
  line-height: 1.25; border-bottom: 3px double #000; }}
.folio {{ font-size: 8.5pt; text-align: center; padding: 1mm 0; border-bottom: 1px solid #000; }}
.section {{ display: inline-block; margin: 2mm 0 3mm; padding: 0 4mm; background: #000; color: #fff;
  font-weight: 700; font-size: 11pt; }}
.row {{ display: flex; gap: 6mm; margin-bottom: 3mm; border-bottom: 1px solid #777; padding-bottom: 2mm; }}
.row:last-child {{ border-bottom: none; }}
.article {{ min-width: 0; }}
.kicker {{ color: #8a0000; font-weight: 700; font-size: 10pt; margin: 0; }}
.overline {{ font-size: 11pt; margin: 0; }}
h1 {{ font-family: "{head}"; font-weight: 700; line-height: 1.3; margin: 0 0 1mm; }}
.w1 h1 {{ font-size: 16pt; }} .w2 h1 {{ font-size: 20pt; }} .w3 h1, .w4 h1 {{ font-size: 24pt; }}
.subheadline {{ font-weight: 700; font-size: 11.5pt; margin: 0 0 2mm; color: #333; }}
.body {{ column-gap: 5mm; column-rule: 1px solid #bbb; text-align: {align}; }}
.body p {{ margin: 0 0 1.5mm; }}
.lead {{ font-weight: 700; }}
.subhead, .question {{ font-weight: 700; font-size: 10.5pt; margin-top: 2mm !important; }}
.quote {{ font-family: "{head}"; font-weight: 700; font-size: 13pt; line-height: 1.45; text-align: center;
  border-top: 2px solid #000; border-bottom: 2px solid #000; padding: 1.5mm 0; margin: 2mm 0 !important;
  break-inside: avoid; }}
.box {{ border: 1px solid #000; background: #eee; padding: 2mm; font-size: 9pt; break-inside: avoid; }}
"""


def font_faces(families):
    out = []
    for family in families:
        regular, bold = FONT_FILES[family]
        for weight, path in ((400, regular), (700, bold)):
            out.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                       f'src: url("file://{path}"); }}')
    return "\n".join(out)


def html_article(article, share, columns):
    e = html.escape
    parts = [f'<div class="article w{columns}" style="flex: {share} 1 0">']
    for key in ("kicker", "overline"):
        if article.get(key):
            parts.append(f'<p class="{key}">{e(article[key])}</p>')
    parts.append(f"<h1>{e(article['headline'])}</h1>")
    parts += [f'<p class="subheadline">{e(s)}</p>' for s in article["subheadlines"]]
    parts.append(f'<div class="body" style="column-count: {columns}">')
    lead = e(article["lead"])
    if article.get("byline"):
        lead = f"<b>{e(article['byline'])}:</b> {lead}"
    parts.append(f'<p class="lead">{lead}</p>')
    tags = {"p": "p", "answer": "p", "subhead": "subhead", "question": "question", "quote": "quote", "box": "box"}
    for kind, text in article["body"]:
        cls = tags[kind]
        parts.append(f"<p>{e(text)}</p>" if cls == "p" else f'<p class="{cls}">{e(text)}</p>')
    parts.append("</div></div>")
    return "\n".join(parts)


def html_document(doc, pages):
    css = CSS.format(faces=font_faces(sorted({doc["body_font"], doc["head_font"]})), body=doc["body_font"],
                     head=doc["head_font"], align="justify" if doc["justify"] else "start")
    body = []
    for number, name in enumerate(doc["pages"], 1):
        page = pages[name]
        body.append('<div class="page">')
        body.append(f'<div class="masthead">{PAPER}</div>')
        body.append(f'<div class="folio">{html.escape(folio_text(number))}</div>')
        body.append(f'<div class="section">{html.escape(page["section"])}</div>')
        for row in doc["layouts"][name]:
            body.append('<div class="row">')
            body += [html_article(page["articles"][i], share, cols) for i, share, cols in row]
            body.append("</div>")
        body.append("</div>")
    return (f'<!DOCTYPE html>\n<html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>{PAPER}</title>'
            f"<style>{css}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")


def chromium_pdf(html_path, pdf_path):
    with tempfile.TemporaryDirectory() as profile:
        run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--allow-file-access-from-files",
             f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={pdf_path}",
             "file://" + html_path])


# ---------------------------------------------------------------- ODT and LibreOffice

ODT_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
          'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3"')

# Paragraph styles: name -> (font role, size pt, bold, alignment or None for the body's, extra
# paragraph properties).
ODT_STYLES = {
    "Masthead": ("head", 24, True, "center", 'fo:border-bottom="1.5pt double #000000" fo:padding-bottom="0.05cm"'),
    "Folio": ("body", 8.5, False, "center", 'fo:border-bottom="0.5pt solid #000000" fo:margin-bottom="0.2cm"'),
    "Section": ("body", 11, True, "start", 'fo:margin-bottom="0.2cm"'),
    "Kicker": ("body", 10, True, "start", 'fo:margin-top="0.2cm"'),
    "Overline": ("body", 11, False, "start", ""),
    "Headline": ("head", 19, True, "start", ""),
    "Subheadline": ("body", 12, True, "start", 'fo:margin-bottom="0.15cm"'),
    "Lead": ("body", 8.5, True, None, 'fo:margin-bottom="0.1cm"'),
    "Body": ("body", 8.5, False, None, 'fo:margin-bottom="0.1cm"'),
    "Subhead": ("body", 11, True, "start", 'fo:margin-top="0.15cm"'),
    "Quote": ("head", 12, True, "center",
              'fo:border-top="1.5pt solid #000000" fo:border-bottom="1.5pt solid #000000" '
              'fo:margin-top="0.2cm" fo:margin-bottom="0.2cm" fo:keep-together="always"'),
    "Box": ("body", 8.5, False, None, 'fo:border="0.5pt solid #000000" fo:background-color="#eeeeee" '
                                    'fo:padding="0.15cm" fo:keep-together="always"'),
}
ODT_KINDS = {"p": "Body", "answer": "Body", "subhead": "Subhead", "question": "Subhead", "quote": "Quote", "box": "Box"}


def odt_styles(doc):
    fonts = {"body": doc["body_font"], "head": doc["head_font"]}
    body_align = "justify" if doc["justify"] else "start"
    out = []
    for name, (role, size, bold, align, extra) in ODT_STYLES.items():
        font = fonts[role]
        weight = "bold" if bold else "normal"
        out.append(
            f'<style:style style:name="{name}" style:family="paragraph">'
            f'<style:paragraph-properties fo:text-align="{align or body_align}" style:writing-mode="rl-tb" '
            f'fo:line-height="115%" {extra}/>'
            f'<style:text-properties style:font-name="{font}" style:font-name-complex="{font}" '
            f'fo:font-size="{size}pt" style:font-size-complex="{size}pt" fo:font-weight="{weight}" '
            f'style:font-weight-complex="{weight}" fo:language="fa" fo:country="IR" '
            f'style:language-complex="fa" style:country-complex="IR"/></style:style>')
    out.append('<style:style style:name="Bold" style:family="text"><style:text-properties '
               'fo:font-weight="bold" style:font-weight-complex="bold"/></style:style>')
    out.append('<style:style style:name="PageBreak" style:family="paragraph" style:parent-style-name="Masthead">'
               '<style:paragraph-properties fo:break-before="page"/></style:style>')
    return "".join(out)


def odt_columns(count):
    """The section style of an article's body: `count` columns with a rule between them (an
    automatic style: LibreOffice reads section styles from content.xml only)."""
    columns = "".join('<style:column style:rel-width="1000*" fo:start-indent="0.3cm" fo:end-indent="0.3cm"/>'
                      for _ in range(count))
    return ('<style:style style:name="Columns" style:family="section"><style:section-properties>'
            f'<style:columns fo:column-count="{count}" fo:column-gap="0.6cm">'
            '<style:column-sep style:width="0.02cm" style:color="#999999" style:height="100%"/>'
            f"{columns}</style:columns></style:section-properties></style:style>")


def odt_document(doc, pages):
    """content.xml, styles.xml of the ODT for doc."""
    e = html.escape
    fonts = sorted({doc["body_font"], doc["head_font"]})
    faces = "".join(f'<style:font-face style:name="{f}" svg:font-family="&apos;{f}&apos;"/>' for f in fonts)
    body = []
    for number, name in enumerate(doc["pages"], 1):
        page = pages[name]
        body.append(f'<text:p text:style-name="{"PageBreak" if number > 1 else "Masthead"}">{PAPER}</text:p>')
        body.append(f'<text:p text:style-name="Folio">{e(folio_text(number))}</text:p>')
        body.append(f'<text:p text:style-name="Section">{e(page["section"])}</text:p>')
        for i, article in enumerate(page["articles"]):
            for key, style in (("kicker", "Kicker"), ("overline", "Overline"), ("headline", "Headline")):
                if article.get(key):
                    body.append(f'<text:p text:style-name="{style}">{e(article[key])}</text:p>')
            body += [f'<text:p text:style-name="Subheadline">{e(s)}</text:p>' for s in article["subheadlines"]]
            body.append(f'<text:section text:style-name="Columns" text:name="p{number}a{i + 1}">')
            lead = e(article["lead"])
            if article.get("byline"):
                lead = f'<text:span text:style-name="Bold">{e(article["byline"])}:</text:span> {lead}'
            body.append(f'<text:p text:style-name="Lead">{lead}</text:p>')
            body += [f'<text:p text:style-name="{ODT_KINDS[k]}">{e(t)}</text:p>' for k, t in article["body"]]
            body.append("</text:section>")
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ODT_NS}>'
               f"<office:font-face-decls>{faces}</office:font-face-decls>"
               f"<office:automatic-styles>{odt_columns(doc['columns'])}</office:automatic-styles><office:body><office:text>{''.join(body)}"
               "</office:text></office:body></office:document-content>\n")
    styles = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles {ODT_NS}>'
              f"<office:font-face-decls>{faces}</office:font-face-decls>"
              f"<office:styles>{odt_styles(doc)}</office:styles>"
              '<office:automatic-styles><style:page-layout style:name="A4"><style:page-layout-properties '
              'fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1cm" fo:margin-bottom="1cm" '
              'fo:margin-left="1.2cm" fo:margin-right="1.2cm" style:writing-mode="rl-tb"/></style:page-layout>'
              '</office:automatic-styles><office:master-styles>'
              '<style:master-page style:name="Standard" style:page-layout-name="A4"/>'
              "</office:master-styles></office:document-styles>\n")
    return content, styles


def write_odt(path, content, styles):
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
                'manifest:version="1.3">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>\n")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        for name, data in (("content.xml", content), ("styles.xml", styles), ("META-INF/manifest.xml", manifest)):
            z.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)


def libreoffice_pdf(odt_path, pdf_path, build):
    with tempfile.TemporaryDirectory() as profile:
        run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", build, odt_path])
    shutil.move(os.path.join(build, os.path.basename(odt_path)[:-4] + ".pdf"), pdf_path)


# ---------------------------------------------------------------- images and bad inputs

def render(pdf, page, fmt, dpi, out_base):
    """pdftoppm one page, grayscale (a PNG is encoded here from pdftoppm's PGM: poppler 22 writes
    RGB PNGs and JPEGs even with -gray; the JPEG stays RGB)."""
    args = ["pdftoppm", "-r", str(dpi), "-gray", "-f", str(page), "-l", str(page), "-singlefile"]
    if fmt == "png":
        run(args + [pdf, out_base])
        gray_png(f"{out_base}.pgm", f"{out_base}.png")
        os.remove(f"{out_base}.pgm")
        return
    args += {"jpeg": ["-jpeg", "-jpegopt", "quality=80"], "tiff": ["-tiff", "-tiffcompression", "deflate"]}[fmt]
    run(args + [pdf, out_base])


def png_bytes(width, height, rows):
    """An 8-bit grayscale PNG of `rows` (bytes, one per row), each row filtered with `Up`."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw, previous = bytearray(), bytes(width)
    for row in rows:
        raw += b"\x02" + bytes((a - b) & 0xFF for a, b in zip(row, previous))
        previous = row
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b""))


def gray_png(pgm_path, png_path):
    """A binary PGM (P5, maxval 255) as a grayscale PNG."""
    with open(pgm_path, "rb") as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:  # magic, width, height, maxval, separated by whitespace
        while data[pos:pos + 1].isspace():
            pos += 1
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    width, height = int(fields[1]), int(fields[2])
    pixels = data[pos + 1:]
    rows = [pixels[y * width:(y + 1) * width] for y in range(height)]
    with open(png_path, "wb") as f:
        f.write(png_bytes(width, height, rows))


def image_only_pdf(png_path, pdf_path, dpi):
    """The grayscale PNG as the one page of a PDF with no text layer, like a scanner's: its
    compressed data goes in unchanged (FlateDecode with the PNG predictors)."""
    with open(png_path, "rb") as f:
        png = f.read()
    width, height = struct.unpack(">II", png[16:24])
    idat, pos = bytearray(), 8
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        if kind == b"IDAT":
            idat += png[pos + 8:pos + 8 + length]
        pos += 12 + length
    w, h = width * 72 / dpi, height * 72 / dpi
    content = b"q %.2f 0 0 %.2f 0 0 cm /Scan Do Q" % (w, h)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /XObject << /Scan 4 0 R >> >> "
        b"/Contents 5 0 R >>" % (w, h),
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors 1 /BitsPerComponent 8 /Columns %d >> "
        b"/Length %d >>\nstream\n%s\nendstream" % (width, height, width, len(idat), bytes(idat)),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    write_pdf(pdf_path, objects)


def write_pdf(path, objects):
    """A PDF of the given objects (numbered from 1, the first the catalog), with its xref table."""
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    with open(path, "wb") as f:
        f.write(out)


def blank_png(path, width=1654, height=2339):
    """A white grayscale page: an image of nothing."""
    with open(path, "wb") as f:
        f.write(png_bytes(width, height, [b"\xff" * width] * height))


def zero_page_pdf(path):
    """A well-formed PDF whose page tree is empty."""
    write_pdf(path, [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def bad_inputs(source_pdf):
    zero_page_pdf(os.path.join(HERE, "bad-zero-pages.pdf"))
    with open(os.path.join(HERE, "bad-corrupt.pdf"), "wb") as f:
        f.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\nthis is no PDF object\n")
    with open(source_pdf, "rb") as f:
        data = f.read()
    with open(os.path.join(HERE, "bad-truncated.pdf"), "wb") as f:
        f.write(data[: len(data) // 2])
    run(["qpdf", "--encrypt", "user-secret", "owner-secret", "256", "--", source_pdf,
         os.path.join(HERE, "bad-encrypted.pdf")])
    blank_png(os.path.join(HERE, "bad-blank.png"))
    pages = ",".join(["1"] * 500)
    run(["qpdf", "--empty", "--pages", source_pdf, pages, "--", os.path.join(HERE, "big-500-pages.pdf")])


# ---------------------------------------------------------------- driver

def run(args):
    result = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        sys.exit(f"make.py: {' '.join(args[:3])} … failed ({result.returncode}):\n{result.stderr[-2000:]}")


def pdf_pages(pdf):
    info = subprocess.run(["pdfinfo", pdf], stdout=subprocess.PIPE, text=True, check=True).stdout
    return int(next(l.split()[-1] for l in info.splitlines() if l.startswith("Pages:")))


def write_truth(name, truth):
    with open(os.path.join(HERE, f"{name}.truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)
        f.write("\n")


def font_names(doc):
    return {"body": doc["body_font"], "headings": doc["head_font"]}


def document_truth(doc, pages):
    if doc["generator"] == "chromium":
        orders = [reading_order(doc["layouts"][name]) for name in doc["pages"]]
    else:
        orders = [list(range(len(pages[name]["articles"]))) for name in doc["pages"]]
    return {"source": doc["name"] + ".pdf", "generator": doc["generator"], "font": font_names(doc),
            "kashida": doc["generator"] == "libreoffice" and doc["justify"],
            "pages": [page_truth(pages[name], n, order)
                      for n, (name, order) in enumerate(zip(doc["pages"], orders), 1)]}


IMAGE_EXTS = {"png": "png", "jpeg": "jpg", "tiff": "tif"}


def all_truths(pages):
    """Every truth file's content, by input name (without extension); needs no tool."""
    truths = {doc["name"]: document_truth(doc, pages) for doc in DOCUMENTS}
    for name, source, page, fmt, dpi in SCANS:
        truth = truths[source]
        truths[name] = dict(truth, source=f"{name}.{IMAGE_EXTS[fmt]}", rendered=f"pdftoppm -r {dpi} -gray, {fmt}",
                            rendered_from=f"{source}.pdf page {page}",
                            pages=[dict(truth["pages"][page - 1], number=1)])
    pdf_name, png_name = SCAN_PDF
    truth = truths[png_name]
    truths[pdf_name] = dict(truth, source=pdf_name + ".pdf", rendered=truth["rendered"] + " in an image-only PDF",
                            rendered_from=f"{png_name}.png ({truth['rendered_from']})")
    return truths


def make_document(doc, pages, build):
    pdf = os.path.join(HERE, doc["name"] + ".pdf")
    if doc["generator"] == "chromium":
        html_path = os.path.join(build, doc["name"] + ".html")
        with open(html_path, "w", encoding="utf-8") as f:
            f.write(html_document(doc, pages))
        chromium_pdf(html_path, pdf)
    else:
        odt_path = os.path.join(build, doc["name"] + ".odt")
        write_odt(odt_path, *odt_document(doc, pages))
        libreoffice_pdf(odt_path, pdf, build)
    if pdf_pages(pdf) != len(doc["pages"]):
        sys.exit(f"make.py: {doc['name']}.pdf has {pdf_pages(pdf)} pages, not {len(doc['pages'])}: the text overflows")


def check_truths(truths):
    """Exit 1 unless every committed truth file is what content.txt gives."""
    stale = []
    for name, truth in sorted(truths.items()):
        path = os.path.join(HERE, f"{name}.truth.json")
        try:
            with open(path, encoding="utf-8") as f:
                if json.load(f) == truth:
                    continue
        except FileNotFoundError:
            pass
        stale.append(os.path.basename(path))
    if stale:
        sys.exit(f"make.py --check: out of date with content.txt: {', '.join(stale)} (run make.sh)")
    print(f"make.py --check: {len(truths)} truth files match content.txt")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "target", "testdata-build"))
    ap.add_argument("--only", nargs="*", help="make only these documents (no scans or bad inputs)")
    ap.add_argument("--check", action="store_true",
                    help="only check that the truth files match content.txt (needs no tool)")
    args = ap.parse_args()
    pages = read_content(os.path.join(HERE, "content.txt"))
    truths = all_truths(pages)
    if args.check:
        check_truths(truths)
        return
    build = os.path.abspath(args.build)
    os.makedirs(build, exist_ok=True)
    for doc in DOCUMENTS:
        if args.only is None or doc["name"] in args.only:
            print(f"  {doc['name']}.pdf ({doc['generator']}, {doc['body_font']})", flush=True)
            make_document(doc, pages, build)
            write_truth(doc["name"], truths[doc["name"]])
    if args.only is not None:
        return
    for name, source, page, fmt, dpi in SCANS:
        render(os.path.join(HERE, source + ".pdf"), page, fmt, dpi, os.path.join(HERE, name))
        write_truth(name, truths[name])
        print(f"  {truths[name]['source']}", flush=True)
    pdf_name, png_name = SCAN_PDF
    dpi = next(d for n, _, _, _, d in SCANS if n == png_name)
    image_only_pdf(os.path.join(HERE, png_name + ".png"), os.path.join(HERE, pdf_name + ".pdf"), dpi)
    write_truth(pdf_name, truths[pdf_name])
    print(f"  {pdf_name}.pdf", flush=True)
    bad_inputs(os.path.join(HERE, "page-naskh-2col.pdf"))
    print("  bad-*, big-500-pages.pdf", flush=True)


if __name__ == "__main__":
    main()
