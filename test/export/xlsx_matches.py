"""Read a sheet of an .xlsx with Python's zipfile and ElementTree (not
Stokkel's own reader) and compare it with a CSV file of the expected rows.

    python3 xlsx_matches.py book.xlsx sheet expected.csv col1,col2,...

Numbers are compared to 1e-9 relative, text exactly, empty cells as empty
fields.  Prints "checked N rows of sheet" or fails with an AssertionError.
"""
import csv
import sys
import zipfile
import xml.etree.ElementTree as ET

M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
R = '{http://schemas.openxmlformats.org/officeDocument/2006/relationships}'


def col_number(ref):
    n = 0
    for ch in ref:
        if ch.isalpha():
            n = n * 26 + ord(ch) - 64
    return n


def read_sheet(path, sheet):
    z = zipfile.ZipFile(path)
    assert z.testzip() is None
    wb = ET.fromstring(z.read('xl/workbook.xml'))
    rid = {s.get('name'): s.get(R + 'id') for s in wb.iter(M + 'sheet')}[sheet]
    rels = ET.fromstring(z.read('xl/_rels/workbook.xml.rels'))
    target = [r.get('Target') for r in rels if r.get('Id') == rid][0]
    shared = [''.join(t.text or '' for t in si.iter(M + 't'))
              for si in ET.fromstring(z.read('xl/sharedStrings.xml'))]
    rows = []
    for r in ET.fromstring(z.read('xl/' + target)).iter(M + 'row'):
        vals = {}
        for c in r.iter(M + 'c'):
            v = c.find(M + 'v')
            v = None if v is None else v.text
            if c.get('t') == 's':
                v = shared[int(v)]
            vals[col_number(c.get('r'))] = v
        rows.append([vals.get(i) for i in range(1, max(vals) + 1)])
    return rows


def same(expected, got):
    if not expected:
        return got in (None, '')
    try:
        return abs(float(expected) - float(got)) <= 1e-9 * max(1.0, abs(float(expected)))
    except (TypeError, ValueError):
        return expected == got


def main():
    path, sheet, ref, cols = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split(',')
    rows = read_sheet(path, sheet)
    want = list(csv.DictReader(open(ref, newline='')))
    header = rows[0]
    assert all(c in header for c in cols), header
    assert len(rows) - 1 == len(want) > 0, (len(rows) - 1, len(want))
    for got, exp in zip(rows[1:], want):
        rec = dict(zip(header, got + [None] * (len(header) - len(got))))
        for c in cols:
            assert same(exp[c], rec[c]), (c, exp[c], rec[c])
    print('checked', len(want), 'rows of', sheet)


main()
