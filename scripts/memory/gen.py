import sys, random
kind, mb, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
n = mb*1000*1000
random.seed(1)
words = "de het een gemeente vrijwilligers jongeren beleid ontwikkelen samenwerking digitaal welzijn ruimte zorg onderwijs wij willen versterken met partners in de regio".split()
with open(out, "w") as f:
    if kind == "word":
        f.write("a"*n)
    elif kind == "line":
        w = 0
        buf = []
        while w < n:
            x = random.choice(words); buf.append(x); w += len(x)+1
        f.write(" ".join(buf))
    else:
        w = 0; i = 0
        parts = []
        while w < n:
            i += 1
            sents = []
            for s in range(random.randint(2,6)):
                ws = [random.choice(words) for _ in range(random.randint(6,18))]
                ws[0] = ws[0].capitalize()
                sents.append(" ".join(ws)+".")
            p = " ".join(sents) + " (%d)" % i
            if i % 10 == 1:
                p = "%d. Hoofdstuk %d\n\n" % (i, i) + p
            parts.append(p); w += len(p)+2
        f.write("\n\n".join(parts)+"\n")
