#!/bin/sh
# notebooks.sh NEURON - every lesson converted with --notebook and run
# headless with `jupyter nbconvert --to notebook --execute` on the neuron
# kernel: no cell may fail. The kernelspec is in a temporary JUPYTER_PATH
# (set up by run-all.sh, not the user's home). Prints the cells and
# outputs of each executed notebook.
NEURON=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for lesson in "$top"/lessons/*.neuron; do
    name=$(basename "$lesson" .neuron)
    if ! "$NEURON" --notebook "$lesson" >"$tmp/$name.ipynb"; then
        echo "FAIL $name: --notebook failed"; status=1; continue
    fi
    if ! (cd "$tmp" && timeout 600 jupyter nbconvert --to notebook \
            --execute --ExecutePreprocessor.timeout=300 \
            --output "$name.out.ipynb" "$name.ipynb" >"$name.log" 2>&1); then
        echo "FAIL $name: the notebook did not run"
        tail -20 "$tmp/$name.log"; status=1; continue
    fi
    /usr/bin/python3 - "$tmp/$name.out.ipynb" <<'PY' || status=1
import sys, nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
nbformat.validate(nb)
code = [c for c in nb.cells if c.cell_type == "code"]
outs = [o for c in code for o in c.outputs]
errors = [o for o in outs if o.output_type == "error"]
svgs = [o for o in outs if "image/svg+xml" in o.get("data", {})]
name = sys.argv[1].rsplit("/", 1)[-1]
print("%s: %d cells (%d code), %d outputs, %d SVG, %d errors"
      % (name, len(nb.cells), len(code), len(outs), len(svgs), len(errors)))
sys.exit(1 if errors or not outs else 0)
PY
done
exit $status
