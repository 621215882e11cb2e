#!/bin/sh
# install-kernel.sh DIR PROGRAM [PYTHON] - writes the neuron kernelspec
# folder DIR (for instance ~/.local/share/jupyter/kernels/neuron):
# kernel.json from kernel.json.in, with the Python that runs the kernel
# and the neuron program it starts filled in, and neuron_kernel.py.
# Used by `make install-kernel` and by the tests (into a temporary
# JUPYTER_PATH).
set -eu
dir=$1
program=$2
python=${3:-/usr/bin/python3}
here=$(dirname "$0")
for p in "$program" "$python"; do
    case $p in
    *[\"\\\|]*) echo "install-kernel: a path with \", \\ or | is not" \
                     "supported: $p" >&2; exit 1 ;;
    esac
done
mkdir -p "$dir"
sed -e "s|@PYTHON@|$python|" -e "s|@NEURON@|$program|" \
    "$here/kernel.json.in" >"$dir/kernel.json.tmp"
mv -f "$dir/kernel.json.tmp" "$dir/kernel.json"
cp "$here/neuron_kernel.py" "$dir/neuron_kernel.py.tmp"
mv -f "$dir/neuron_kernel.py.tmp" "$dir/neuron_kernel.py"
echo "installed the neuron kernel in $dir"
