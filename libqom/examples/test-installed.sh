#!/bin/sh
# Install emu into a scratch destdir, then build and run shapes.c against
# the installed libemu-qom found through pkg-config, as an outside project
# would.  usage: test-installed.sh BUILD_DIR SOURCE_DIR [EXTRA_CFLAGS]
set -eu
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

meson install -C "$build" --no-rebuild --quiet --destdir "$tmp/root" >/dev/null
# The .pc files name the configured prefix; rewrite it into the destdir
# (a global --define-variable would move glib's prefix too).
mkdir "$tmp/pc"
for pc in $(find "$tmp/root" -name 'emu-*.pc'); do
    sed "s|^prefix=|prefix=$tmp/root|" "$pc" > "$tmp/pc/$(basename "$pc")"
done
export PKG_CONFIG_PATH="$tmp/pc"
cc=${CC:-cc}
# Flags of an instrumented build (sanitizers, coverage).
extra=${3:-}
# shellcheck disable=SC2046
$cc $extra -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter \
    -o "$tmp/shapes" "$src/shapes.c" $(pkg-config --cflags --libs emu-qom)
"$tmp/shapes"
