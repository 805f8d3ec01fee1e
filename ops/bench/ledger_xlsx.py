#!/usr/bin/python3
"""A CSV ledger as the .xlsx workbook Excel would save of it: every text cell in the shared
strings table (each distinct text once), as Excel and WPS write them. openpyxl (Debian's
python3-openpyxl) writes the workbook with inline strings; they are then moved to the table.
Usage: ledger_xlsx.py LEDGER.csv OUT.xlsx"""
import csv
import re
import sys
import zipfile

import openpyxl

source, target = sys.argv[1], sys.argv[2]
plain = target + ".inline"
book = openpyxl.Workbook(write_only=True)
sheet = book.create_sheet("台账")
with open(source, newline="", encoding="utf-8-sig") as rows:
    for row in csv.reader(rows):
        sheet.append(row)
book.save(plain)

index = {}
def shared(match):
    text = match.group(2)
    number = index.setdefault(text, len(index))
    return f'<c r="{match.group(1)}" t="s"><v>{number}</v></c>'

SHARED_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SHARED_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
with zipfile.ZipFile(plain) as inline, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
    for item in inline.infolist():
        data = inline.read(item).decode("utf-8")
        if item.filename == "xl/worksheets/sheet1.xml":
            data = re.sub(r'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t>(.*?)</t></is></c>',
                          shared, data)
        elif item.filename == "[Content_Types].xml":
            data = data.replace("</Types>", '<Override PartName="/xl/sharedStrings.xml" '
                                f'ContentType="{SHARED_TYPE}"/></Types>')
        elif item.filename == "xl/_rels/workbook.xml.rels":
            data = data.replace("</Relationships>", '<Relationship Id="rIdShared" '
                                f'Type="{SHARED_REL}" Target="sharedStrings.xml"/></Relationships>')
        out.writestr(item.filename, data)
    # The texts are escaped already as openpyxl wrote them.
    table = "".join(f"<si><t>{text}</t></si>" for text in index)
    out.writestr("xl/sharedStrings.xml",
                 '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                 f'uniqueCount="{len(index)}">{table}</sst>')
print(f"{target}: {len(index)} distinct texts in the shared strings table")
