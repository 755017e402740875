#!/bin/sh
# Installed as /usr/bin/osprey and /usr/bin/ospreyi; finds the program relative to itself so the package also runs
# from an unpacked root (dpkg -x).
here=$(dirname "$(readlink -f "$0")")
exec node "$here/../lib/osprey/dist/cli/@CLI@.js" "$@"
