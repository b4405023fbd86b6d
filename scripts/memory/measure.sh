#!/bin/bash
# usage: measure.sh BIN INPUT  -> prints ingest/check max RSS (KB) and wall time
bin=$1; in=$2; d=$(mktemp -d ${TMPDIR:-/tmp}/pc-mem.XXXX)
$bin init $d >/dev/null 2>&1
/usr/bin/time -v $bin -C $d ingest $in >$d.ingest.out 2>$d.ingest.err
ri=$(grep 'Maximum resident' $d.ingest.err | awk '{print $6}'); ti=$(grep 'Elapsed' $d.ingest.err | awk '{print $8}'); si=$(grep 'Exit status' $d.ingest.err | awk '{print $3}')
/usr/bin/time -v $bin -C $d check >$d.check.out 2>$d.check.err
rc=$(grep 'Maximum resident' $d.check.err | awk '{print $6}'); tc=$(grep 'Elapsed' $d.check.err | awk '{print $8}'); sc=$(grep 'Exit status' $d.check.err | awk '{print $3}')
echo "$(basename $bin) $(basename $in) ingest_rss_kb=$ri t=$ti exit=$si check_rss_kb=$rc t=$tc exit=$sc"
rm -rf $d $d.*
