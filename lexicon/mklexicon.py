#!/usr/bin/env python3
"""Build compound/nl-words.fc.gz: the Dutch word forms of OpenTaal's hunspell-nl
(Debian package hunspell-nl, BSD or CC-BY 3.0, see COPYING), expanded by the
dictionary's suffix rules (one level of continuation), without names (entries not in lower case), with
diacritics removed as the index folds them, letters only, at least 3 letters.
Each form has one lemma, the dictionary entry it comes from (the shortest when
there are several: rollen -> rol, dagen -> dag).
Format: sorted by form, front-coded: each line starts with one byte 0x30+n, n
the length of the prefix shared with the line before, then the rest of the form;
then, when the form may be part of a compound or its lemma differs from it, a
TAB and the compound flags ('b': may begin a compound, hunspell's Ca/Cb,
directly or through a linking-s form; 'e': may end one, Cc), and when the lemma
differs, a TAB, one byte 0x30+k (k: bytes to cut from the end of the form) and
the bytes to add ('~' and the whole lemma instead when k > 74). gzip -9.

usage: python3 mklexicon.py > nl-words.fc && gzip -9n nl-words.fc
"""
import re, sys, unicodedata

AFF, DIC = '/usr/share/hunspell/nl.aff', '/usr/share/hunspell/nl.dic'
aff = open(AFF, encoding='utf-8').read().split('\n')

# Which suffix rules make an inflection of the same word (mapped to the
# entry) and which a word of its own (a lemma itself): by the commented
# section of nl.aff (2.20.19) the flag is defined in. Inflections:
# diminutives and plurals, verb forms, the adjective's -e form.
# Own words: comparatives and superlatives (ouder, vrijwilliger are also
# nouns), nouns made from adjectives, female forms, inhabitants.
INFLECTING = set('Ya Yb Yc Yd Ye Yf Yg Za Zu Zx Zb Zc Zd Ze Zf Zg Zh Zi Zj '
                 'V3 Vp Vq Va Vb Vi Ve Aa Al Am An Ar '
                 'CA CB Cd Ch Ce Cl'.split())  # the last: a compound's first part with its linking s
def inflecting(flag):
    return flag in INFLECTING

sfx = {}
i = 0
while i < len(aff):
    f = aff[i].split()
    if len(f) >= 4 and f[0] == 'SFX' and f[2] in 'YN' and f[3].isdigit():
        flag, n = f[1], int(f[3])
        rules = []
        for j in range(1, n + 1):
            g = aff[i + j].split()
            if len(g) < 4:
                continue
            strip = '' if g[2] == '0' else g[2]
            add, _, cont = g[3].partition('/')
            add = '' if add == '0' else add
            cond = g[4] if len(g) > 4 else '.'
            try:
                rx = re.compile('(' + cond + ')$') if cond != '.' else None
            except re.error:
                rx = None
            rules.append((strip, add, cont, rx, inflecting(flag)))
        sfx[flag] = rules
        i += n + 1
    else:
        i += 1

def flags(s):  # FLAG long: two characters a flag
    return [s[k:k + 2] for k in range(0, len(s), 2)]

forms = {}  # form -> set of the dictionary entries (lemmas) it comes from
cflags = {}  # form -> hunspell compound flags: Ca/Cb (may begin), Cc (may end)
def add(form, lemma, fl=()):
    forms.setdefault(form, set()).add(lemma)
    cflags.setdefault(form, set()).update(f for f in fl if f in ('Ca', 'Cb', 'Cc'))

def expand(lemma, word, fl, depth):
    for fg in flags(fl):
        for strip, suffix, cont, rx, infl in sfx.get(fg, []):
            if rx is not None and not rx.search(word):
                continue
            if strip and not word.endswith(strip):
                continue
            w = word[:len(word) - len(strip)] + suffix
            # A derived word (lelijker, deskundigheid) is its own lemma, and
            # the lemma of what is made from it.
            own = lemma if infl else w
            add(w, own, flags(cont))
            if cont and depth < 1:
                expand(own, w, cont, depth + 1)

# Irregular plurals the suffix rules do not make.
IRREGULAR = {'leden': 'lid', 'steden': 'stad', 'kinderen': 'kind', 'schepen': 'schip',
             'bladeren': 'blad', 'eieren': 'ei', 'volkeren': 'volk', 'gelederen': 'gelid',
             'smeden': 'smid', 'goederen': 'goed', 'liederen': 'lied', 'kalveren': 'kalf',
             'lammeren': 'lam', 'runderen': 'rund', 'hoenderen': 'hoen', 'raderen': 'rad'}

for line in open(DIC, encoding='utf-8').read().split('\n')[1:]:
    if not line:
        continue
    word, _, fl = line.partition('/')
    fl = fl.split()[0] if fl else ''
    if 'Fw' in flags(fl):  # forbidden word
        continue
    if not word[:1].islower():  # names and abbreviations (Ming, King, Willigers) are no parts
        continue
    add(word, word, flags(fl))
    expand(word, word, fl, 0)

def fold(w):
    w = w.replace('ĳ', 'ij').replace('Ĳ', 'IJ').lower()
    return ''.join(c for c in unicodedata.normalize('NFD', w) if not unicodedata.combining(c))

# Verbs are two entries: the stem with the finite forms (ontwikkel/V3Vp:
# ontwikkelt, ontwikkelde) and the infinitive (ontwikkelen/Vi: ontwikkelend).
# The infinitive's forms go to the stem, so that all forms of a verb share it.
entry_flags = {}
for line in open(DIC, encoding='utf-8').read().split('\n')[1:]:
    word, _, fl = line.partition('/')
    entry_flags.setdefault(word, set()).update(flags(fl.split()[0] if fl else ''))
VOWELS = 'aeiou'
def stem_candidates(inf):
    """Stems Dutch spelling allows for an infinitive, most likely first:
    organiseren: organiseer, geven: geef, zetten: zet, gaan: ga, doen: doe."""
    if inf.endswith('aan') or inf.endswith('oen') or inf.endswith('ien') or inf.endswith('ijn'):
        base = inf[:-1] if not inf.endswith('aan') else inf[:-2]
        return [base]
    if not inf.endswith('en') or len(inf) < 4:
        return []
    base = inf[:-2]
    out = []
    tail = {'v': 'f', 'z': 's'}.get(base[-1], base[-1])
    plain = base[:-1] + tail
    # one vowel before one consonant: the stem doubles it (nemen: neem)
    if len(base) >= 2 and base[-2] in VOWELS and base[-1] not in VOWELS and (len(base) < 3 or base[-3] not in VOWELS):
        out.append(plain[:-1] + base[-2] + plain[-1])
    out.append(plain)
    if len(base) >= 2 and base[-1] == base[-2]:
        out.append(base[:-1])  # zetten: zet
    return out

infinitive_stem = {}
for word, fls in entry_flags.items():
    if 'Vi' not in fls:
        continue
    for stem in stem_candidates(word):
        if 'V3' in entry_flags.get(stem, ()):
            infinitive_stem[word] = stem
            break
for form, lemmas in forms.items():
    forms[form] = {infinitive_stem.get(l, l) for l in lemmas}

for form, lemma in IRREGULAR.items():
    forms[form] = {lemma}
    forms.setdefault(lemma, set()).add(lemma)

ok = re.compile(r'^[a-z]+$')
lex = {}
comp = {}
for form, lemmas in forms.items():
    f = fold(form)
    if len(f) < 3 or not ok.match(f):
        continue
    ls = {fold(l) for l in lemmas}
    ls = {l for l in ls if ok.match(l)} or {f}
    lex.setdefault(f, set()).update(ls)
    comp.setdefault(f, set()).update(cflags.get(form, ()))
# One lemma a form: the shortest (rollen: rol, not the verb rollen; dagen:
# dag), then the first in order.
prev = ''
out = sys.stdout.buffer
for w in sorted(lex):
    lemma = min(lex[w], key=lambda l: (len(l), l))
    n = 0
    while n < min(len(w), len(prev), 75) and w[n] == prev[n]:
        n += 1
    line = bytes([0x30 + n]) + w[n:].encode()
    fl = ('b' if comp[w] & {'Ca', 'Cb'} else '') + ('e' if 'Cc' in comp[w] else '')
    edit = b''
    if lemma != w:
        # the lemma as an edit of the form: how many bytes to cut, then what to add
        k = 0
        while k < min(len(w), len(lemma)) and w[k] == lemma[k]:
            k += 1
        cut = len(w) - k
        edit = b'~' + lemma.encode() if cut > 74 else bytes([0x30 + cut]) + lemma[k:].encode()
    if fl or edit:
        line += b'\t' + fl.encode()
        if edit:
            line += b'\t' + edit
    out.write(line + b'\n')
    prev = w
