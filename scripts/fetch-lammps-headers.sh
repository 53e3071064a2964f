#!/usr/bin/env bash
# Fetches the LAMMPS headers that Debian's liblammps-dev leaves out (neigh_request.h, command.h, version.h,
# exceptions.h, lammpsplugin.h and the bundled fmt 7 it was compiled with) from Debian's own source package
# of the installed LAMMPS, into third_party/lammps-headers/ (git-ignored). Does nothing when they are there.
#
# The system's apt configuration is never touched (scripts/private-apt.sh): the machine's own apt sources are
# copied to a private folder with deb-src added, and apt-get update/source run with -o options pointing at
# that copy and a private lists folder. No LAMMPS code enters the repository.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$here/third_party/lammps-headers"
wanted=(neigh_request.h command.h version.h exceptions.h lammpsplugin.h fmt/format.h fmt/core.h)

have_all() {
  local f
  for f in "${wanted[@]}"; do [ -f "$dest/$f" ] || return 1; done
}
if have_all; then
  exit 0
fi
if ! dpkg-query -W -f='${Status}' liblammps-dev 2>/dev/null | grep -q "install ok installed"; then
  echo "fetch-lammps-headers: liblammps-dev is not installed; skipping (the LAMMPS styles will not be built)" >&2
  exit 0
fi
version="$(dpkg-query -W -f='${source:Version}' liblammps-dev)"
srcpkg="$(dpkg-query -W -f='${source:Package}' liblammps-dev)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# shellcheck source=private-apt.sh
. "$here/scripts/private-apt.sh"
private_apt_setup "$work"
mkdir -p "$work/src"
echo "fetch-lammps-headers: downloading the $srcpkg $version source package (headers only are kept)"
# Without the headers the rest of OpenMTP still builds (CMake then leaves the LAMMPS styles out), so a failed
# download is reported, not fatal.
if ! apt-get -qq "${apt_opts[@]}" update ||
   ! (cd "$work/src" && apt-get -qq "${apt_opts[@]}" source --download-only "$srcpkg=$version"); then
  echo "fetch-lammps-headers: could not download the $srcpkg $version source package; the LAMMPS styles" \
       "will not be built (run this script again when the Debian mirror is reachable)" >&2
  exit 0
fi

orig="$(ls "$work"/src/"${srcpkg}"_*.orig.tar.* | head -n1)"
patterns=("*/src/fmt/*.h")
for f in "${wanted[@]}"; do
  case "$f" in fmt/*) ;; *) patterns+=("*/src/$f") ;; esac
done
mkdir -p "$work/x"
tar -xf "$orig" -C "$work/x" --wildcards "${patterns[@]}"
srcdir="$(dirname "$(find "$work/x" -path '*/src/neigh_request.h' | head -n1)")"
# Debian's patches may touch these headers: apply the ones that do, on the extracted subset.
deb="$(ls "$work"/src/"${srcpkg}"_*.debian.tar.* 2>/dev/null | head -n1 || true)"
if [ -n "$deb" ]; then
  mkdir -p "$work/deb" && tar -xf "$deb" -C "$work/deb"
  if [ -f "$work/deb/debian/patches/series" ]; then
    while read -r p _; do
      case "$p" in ''|'#'*) continue ;; esac
      if grep -qE '^\+\+\+ [^ ]*/src/(fmt/[^ ]*|neigh_request\.h|command\.h|version\.h|exceptions\.h|lammpsplugin\.h)' "$work/deb/debian/patches/$p"; then
        (cd "$srcdir/.." && patch -s -p1 --no-backup-if-mismatch -f < "$work/deb/debian/patches/$p" >/dev/null 2>&1) || true
      fi
    done < "$work/deb/debian/patches/series"
  fi
fi

rm -rf "$dest.tmp" && mkdir -p "$dest.tmp/fmt"
for f in "${wanted[@]}"; do
  case "$f" in fmt/*) ;; *) cp "$srcdir/$f" "$dest.tmp/$f" ;; esac
done
cp "$srcdir"/fmt/*.h "$dest.tmp/fmt/"
printf 'Headers from Debian source package %s %s (LAMMPS, GPL-2.0). Fetched by scripts/fetch-lammps-headers.sh; not part of OpenMTP.\n' \
  "$srcpkg" "$version" > "$dest.tmp/SOURCE"
rm -rf "$dest" && mkdir -p "$(dirname "$dest")" && mv "$dest.tmp" "$dest"
have_all
echo "fetch-lammps-headers: headers in ${dest#$here/}"
