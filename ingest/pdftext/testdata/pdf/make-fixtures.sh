#!/usr/bin/env bash
# make-fixtures.sh – regenerates the PDF fixtures in this folder from the
# Flat ODT sources (*.fodt) next to it, and checks them against their
# hand-reviewed ground truth (*.pdf.truth.json).
#
# This script is documentation: the tests never run it; they use the
# committed PDFs. Run it from anywhere:  bash ingest/testdata/pdf/make-fixtures.sh
#
# Needs (Debian 12 package names):
#   apt-get install libreoffice-writer-nogui hyphen-nl fonts-linuxlibertine \
#     fonts-dejavu fonts-urw-base35 qpdf poppler-utils ghostscript img2pdf python3
# The fixtures were made with LibreOffice 7.4.7, qpdf 11.3.0, poppler 22.12,
# Ghostscript 10.00.0 and img2pdf 0.4.4. Without hyphen-nl LibreOffice does
# not hyphenate Dutch and the "hyphenated" lists of the truth files no longer
# match; another LibreOffice version may break lines differently: the check at
# the end then reports the difference, and the truth's "hyphenated" list (and
# perhaps a block's "page") must be updated by hand.
#
# Output is not byte-for-byte reproducible: LibreOffice writes the creation
# date and a fresh /ID, and qpdf encrypts with random salts and IVs.
set -euo pipefail

cd "$(dirname "$0")"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# A private LibreOffice profile, so that a running office or a user's
# settings do not interfere. Stale outputs are removed first, so that a failed
# conversion cannot go unnoticed (soffice's stderr is mostly a javaldx warning).
SOFFICE=(soffice -env:UserInstallation=file://$TMP/lo-profile --headless)
rm -f ./*.pdf

if ! ls /usr/share/hyphen/hyph_nl* >/dev/null 2>&1; then
	echo "warning: no Dutch hyphenation dictionary (apt-get install hyphen-nl)" >&2
fi

# ---------------------------------------------------------------------------
# 1. Good fixtures, made by LibreOffice Writer from Flat ODT.
#    lo-plan-simple   Heading 1/2, justified text with automatic hyphenation
#                     (nl-BE, fo:hyphenate="true", 2/2 remain/push chars),
#                     bullet list, header line and footer "Pagina N"; Nimbus
#                     Roman/Sans (embedded as Type 1).
#    lo-plan-columns  one-column intro, a text:section with 2 balanced
#                     columns that flows over the page break, one-column end;
#                     hyphenated; header line and bare page number; DejaVu Sans.
#    lo-report-table  progress report with a 4-column table with euro amounts,
#                     a numbered list and two footnotes; no hyphenation;
#                     DejaVu Serif/Sans.
#    lo-pdfa-ligatures 1 page, no header, Linux Libertine O, exported as
#                     PDF/A-2b; LibreOffice keeps the fi/ffi/fl/ff/fh
#                     ligature glyphs (ToUnicode maps them back to letters).
# ---------------------------------------------------------------------------
for name in lo-plan-simple lo-plan-columns lo-report-table; do
	"${SOFFICE[@]}" --convert-to pdf --outdir . "$name.fodt" >/dev/null 2>&1
done
"${SOFFICE[@]}" --convert-to 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}' \
	--outdir . lo-pdfa-ligatures.fodt >/dev/null 2>&1

# ---------------------------------------------------------------------------
# 2. Variants of lo-plan-simple.pdf that must still read as lo-plan-simple.
#    Each gets a copy of its truth file.
# ---------------------------------------------------------------------------
# Encrypted with an EMPTY user password (opens without a password) and owner
# password "eigenaar"; copying/extracting and modifying are "not allowed".
qpdf --allow-weak-crypto --encrypt "" eigenaar 40 --print=y --modify=n --extract=n --annotate=n -- \
	lo-plan-simple.pdf enc-rc4-empty.pdf
qpdf --allow-weak-crypto --encrypt "" eigenaar 128 --use-aes=y --extract=n --modify=none -- \
	lo-plan-simple.pdf enc-aes128-empty.pdf
qpdf --encrypt "" eigenaar 256 --extract=n --modify=none -- \
	lo-plan-simple.pdf enc-aes256-empty.pdf

# Header says %PDF-2.0 (qpdf rewrites the file; the content is unchanged).
qpdf --force-version=2.0 lo-plan-simple.pdf pdf20.pdf

# LibreOffice writes a classic (uncompressed) xref table: shift every
# in-use offset in it by +7 bytes. Objects and startxref stay intact, so a
# strict reader fails, a repairing one (qpdf, poppler) rebuilds the table.
python3 - <<'EOF'
import re
b = open("lo-plan-simple.pdf", "rb").read()
i = b.rindex(b"\nxref\n")
j = b.index(b"trailer", i)
tab = re.sub(rb"(\d{10}) (\d{5}) n",
             lambda m: b"%010d %s n" % (int(m.group(1)) + 7, m.group(2)), b[i:j])
open("broken-xref.pdf", "wb").write(b[:i] + tab + b[j:])
EOF

for f in enc-rc4-empty enc-aes128-empty enc-aes256-empty pdf20 broken-xref; do
	cp lo-plan-simple.pdf.truth.json "$f.pdf.truth.json"
done

# ---------------------------------------------------------------------------
# 3. Bad input and PDFs without a text layer (no truth files).
# ---------------------------------------------------------------------------
# Real user password "geheim" (AES-256): cannot be opened without it.
qpdf --encrypt geheim eigenaar 256 -- lo-plan-simple.pdf enc-password.pdf

: >bad-empty.pdf

cat >bad-html.pdf <<'EOF'
<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<title>Beleidsplan 2021-2025 – Vormingplus Demerland</title>
</head>
<body>
<h1>Beleidsplan 2021-2025</h1>
<p>Deze pagina is een webpagina die per ongeluk als PDF werd opgeslagen.
Vormingplus Demerland werkt samen met vrijwilligers aan sociaal-culturele
participatie in het oosten van Vlaams-Brabant.</p>
<ul>
<li><a href="beleidsplan-2021-2025.pdf">Download het beleidsplan (PDF)</a></li>
</ul>
</body>
</html>
EOF

"${SOFFICE[@]}" --convert-to docx --outdir "$TMP" lo-pdfa-ligatures.fodt >/dev/null 2>&1
cp "$TMP/lo-pdfa-ligatures.docx" bad-docx.pdf

python3 - <<'EOF'
import random
b = open("lo-plan-simple.pdf", "rb").read()
open("bad-truncated.pdf", "wb").write(b[:len(b) * 60 // 100])
random.seed(1)
head = b"%PDF-1.4\n"
open("bad-garbage.pdf", "wb").write(head + bytes(random.getrandbits(8) for _ in range(4096 - len(head))))
EOF

# Two pages of lo-plan-simple rendered at 50 dpi, greyscale JPEG, as images only.
pdftoppm -r 50 -gray -f 1 -l 2 -jpeg -jpegopt quality=60 lo-plan-simple.pdf "$TMP/scan"
img2pdf --pagesize A4 -o scan-no-text.pdf "$TMP"/scan-*.jpg

# Text drawn as vector outlines, no fonts and no text (Ghostscript).
"${SOFFICE[@]}" --convert-to pdf --outdir "$TMP" outlines-no-text.fodt >/dev/null 2>&1
gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=pdfwrite -dNoOutputFonts \
	-sOutputFile=outlines-no-text.pdf "$TMP/outlines-no-text.pdf"

# ---------------------------------------------------------------------------
# 4. Check: bag of words of `pdftotext -raw` (running header/footer lines of
#    the truth removed, a line-end hyphen before a lower-case letter joined)
#    against the truth's blocks; each block must start on its page; the
#    words broken at line ends must be the truth's "hyphenated" list.
# ---------------------------------------------------------------------------
python3 - lo-plan-simple.pdf lo-plan-columns.pdf lo-report-table.pdf lo-pdfa-ligatures.pdf \
	enc-rc4-empty.pdf enc-aes128-empty.pdf enc-aes256-empty.pdf pdf20.pdf broken-xref.pdf <<'EOF'
import json, re, subprocess, sys
from collections import Counter

PUNCT = ".,;:!?“”‘’\"()[]…"

def words(s):
    return [w.casefold() for w in re.findall(r"\w+", s)]

def pdftotext(pdf, page=None):
    args = ["pdftotext", "-raw"] + (["-f", str(page), "-l", str(page)] if page else []) + [pdf, "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout

bad = 0
for pdf in sys.argv[1:]:
    t = json.load(open(pdf + ".truth.json", encoding="utf-8"))
    furn = Counter(t["furniture"])
    body = []
    for l in pdftotext(pdf).replace("\f", "\n").split("\n"):
        if not l.strip():
            continue
        if furn[l.strip()] > 0:
            furn[l.strip()] -= 1
            continue
        body.append(l)
    # words broken at line ends, rejoined as the truth spells them
    vocab = {w.strip(PUNCT).lower() for b in t["blocks"] for w in b["text"].split()}
    hyph = []
    for a, b in zip(body, body[1:]):
        if a.endswith("-"):
            x, y = a.split()[-1][:-1], b.split()[0]
            for cand in ((x + y).strip(PUNCT), (x + "-" + y).strip(PUNCT)):
                if cand.lower() in vocab:
                    hyph.append(cand)
                    break
    txt = re.sub(r"(\w)-\n(?=[a-zà-ÿ])", r"\1", "\n".join(body))
    got = Counter(words(txt))
    want = Counter(words("\n\n".join(b["text"] for b in t["blocks"])))
    hit = sum(min(c, got[w]) for w, c in want.items())
    print("%-24s pages %d  recall %6.2f%%  precision %6.2f%%  hyphenated %d"
          % (pdf, t["pages"], 100 * hit / sum(want.values()), 100 * hit / max(1, sum(got.values())), len(hyph)))
    problems = []
    if sum(furn.values()):
        problems.append("furniture not printed: %s" % dict(+furn))
    if hyph != t["hyphenated"]:
        problems.append("hyphenated differs: pdf %s, truth %s" % (hyph, t["hyphenated"]))
    for b in t["blocks"]:
        pg = re.sub(r"\s+", " ", re.sub(r"(\w)-\n(?=\w)", r"\1", pdftotext(pdf, b["page"])))
        key = re.sub(r"\s+", " ", b["text"].replace(" | ", " "))[:20]
        if key not in pg:
            problems.append("block not on page %d: %r" % (b["page"], key))
    if 100 * hit / sum(want.values()) < 98:
        problems.append("recall below 98%%: missing %s" % dict(want - got))
    for p in problems:
        print("   PROBLEM:", p)
    bad += len(problems)
sys.exit(1 if bad else 0)
EOF

# The bad inputs must stay unreadable, the scans textless.
for f in bad-empty.pdf bad-html.pdf bad-docx.pdf bad-truncated.pdf bad-garbage.pdf enc-password.pdf; do
	if pdftotext "$f" /dev/null 2>/dev/null; then echo "   PROBLEM: $f is readable" >&2; exit 1; fi
done
for f in scan-no-text.pdf outlines-no-text.pdf; do
	if [ -n "$(pdftotext "$f" - | tr -d '[:space:]')" ]; then echo "   PROBLEM: $f has text" >&2; exit 1; fi
done
pdftotext -upw geheim enc-password.pdf /dev/null
check=$(qpdf --check broken-xref.pdf 2>&1 || true)
grep -q "reconstruct cross-reference table" <<<"$check" || { echo "   PROBLEM: broken-xref.pdf not repaired by qpdf" >&2; exit 1; }
ls -l ./*.pdf ./*.fodt ./*.json | awk '{s += $5} END {print "total", s, "bytes"}'
