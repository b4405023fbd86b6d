#!/bin/bash
# usage: replace.sh BIN INPUT -> RSS of re-ingesting INPUT changed (a paragraph in front)
bin=$1; in=$2; d=$(mktemp -d ${TMPDIR:-/tmp}/pc-mem.XXXX); w=$(mktemp -d ${TMPDIR:-/tmp}/pc-memrw.XXXX)
$bin init $d >/dev/null 2>&1
cp $in $w/re.txt; $bin -C $d ingest $w/re.txt >/dev/null 2>&1
(printf 'Nieuwe eerste alinea over het plan.\n\n'; cat $in) > $w/re.txt
/usr/bin/time -f "%M %e" $bin -C $d ingest $w/re.txt > $d.re.out 2>$d.re.err
echo "$(basename $bin) $(basename $in) replace_rss_kb=$(tail -1 $d.re.err | cut -d' ' -f1) t=$(tail -1 $d.re.err | cut -d' ' -f2) $(grep -c replaced $d.re.out)"
/usr/bin/time -f "%M %e" $bin -C $d check > /dev/null 2>$d.c.err; echo "check_rss_kb=$(tail -1 $d.c.err)"
rm -rf $d $w $d.*
