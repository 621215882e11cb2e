#!/bin/sh
# checklist-tags.sh - every row of the reliability checklist stays pinned
# by a test. tests/checklist.txt has one line a row, "ID  description  ->
# files"; the tests carry comment tags, the word checklist and a colon
# followed by IDs (several allowed), beside the test that covers them.
# Fails when:
#   - checklist.txt lacks one of A1-A13 B1-B13 C1-C9 D1-D7 E1-E7 F1-F4
#     G1-G6 H1-H13 I1-I4 J1-J3 and the K rows listed below, lists one
#     twice or lists another ID;
#   - an ID of checklist.txt is tagged nowhere in tests/ (checklist.txt
#     itself and this file do not count);
#   - a file checklist.txt names for a row does not exist or has no tag
#     for that row;
#   - a tag names an ID that is not a row (a typo).
# Needs nothing but the tree (no build, no RELIABILITY.md): runs from a
# clean clone. Run by tests/run-all.sh like the other shell tests.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
list=tests/checklist.txt
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fails=0

fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}

[ -f "$list" ] || { echo "FAIL: $list is missing"; exit 1; }

# the rows: each section's letter and its number of rows, then rows
# given one by one
for sect in A:13 B:13 C:9 D:7 E:7 F:4 G:6 H:13 I:4 J:3; do
    letter=${sect%:*}
    i=1
    while [ "$i" -le "${sect#*:}" ]; do
        echo "$letter$i"
        i=$((i + 1))
    done
done >"$tmp/rows"
for id in K1 K2 K3 K4 K5 K6 K7 K8 K9 K10 K11 K12; do
    echo "$id"
done >>"$tmp/rows"

# the IDs checklist.txt lists: the first word of each line that starts
# with a letter A-K and a number
awk '/^[A-K][0-9]+[ \t]/ { print $1 }' "$list" >"$tmp/listed"
sort "$tmp/listed" | uniq -d >"$tmp/twice"
[ -s "$tmp/twice" ] && fail "$list lists more than once: $(tr '\n' ' ' <"$tmp/twice")"
while read -r id; do
    grep -q -x "$id" "$tmp/listed" || fail "$list lacks row $id"
done <"$tmp/rows"
while read -r id; do
    grep -q -x "$id" "$tmp/rows" || fail "$list lists $id, which is not a row"
done <"$tmp/listed"

# every tag in tests/: "FILE ID" per ID
grep -r -I -o -E 'checklist:( +[A-K][0-9]+)+' tests \
    --exclude=checklist.txt --exclude=checklist-tags.sh \
    --exclude-dir=fuzz-corpus 2>/dev/null |
    awk '{ i = index($0, ":checklist:"); file = substr($0, 1, i - 1)
           n = split(substr($0, i + 11), ids, " ")
           for (k = 1; k <= n; k++) print file, ids[k] }' |
    sort -u >"$tmp/tags"
[ -s "$tmp/tags" ] || fail "no checklist tags found under tests/"
awk '{ print $2 }' "$tmp/tags" | sort -u >"$tmp/tagged"
while read -r id; do
    grep -q -x "$id" "$tmp/rows" ||
        fail "a tag names $id, not a row: $(awk -v id="$id" '$2 == id { print $1 }' "$tmp/tags" | tr '\n' ' ')"
done <"$tmp/tagged"
while read -r id; do
    grep -q -x "$id" "$tmp/tagged" || fail "row $id is listed but no test is tagged with it"
done <"$tmp/listed"

# each file named for a row exists and is tagged with that row
awk '/^[A-K][0-9]+[ \t]/ {
         i = index($0, "->")
         if (i == 0) { print $1, "-"; next }
         n = split(substr($0, i + 2), w, /[ ,]+/)
         found = 0
         for (k = 1; k <= n; k++)
             if (w[k] ~ /^tests\//) { print $1, w[k]; found = 1 }
         if (!found) print $1, "-"
     }' "$list" >"$tmp/where"
while read -r id file; do
    if [ "$file" = - ]; then
        fail "$list: row $id names no test file after '->'"
    elif [ ! -f "$file" ]; then
        fail "$list: row $id names $file, which does not exist"
    elif ! grep -q -x "$file $id" "$tmp/tags"; then
        fail "$list: row $id names $file, which has no tag for $id"
    fi
done <"$tmp/where"

rows=$(wc -l <"$tmp/rows")
tags=$(wc -l <"$tmp/tags")
if [ "$fails" -eq 0 ]; then
    echo "checklist-tags.sh: all passed ($rows rows, $tags file and row tags)"
fi
[ "$fails" -eq 0 ]
