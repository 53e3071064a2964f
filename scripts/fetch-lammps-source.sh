#!/usr/bin/env bash
# Fetches the source of a current LAMMPS (4 Feb 2025) from Debian 13's (trixie) own `lammps` source package,
# into third_party/lammps-2025/ (git-ignored; nothing of LAMMPS enters the repository). Does nothing when it is
# there. The system's apt configuration is never touched (scripts/private-apt.sh): a private sources list with
# one deb-src entry for trixie on the Debian archive the machine already uses, and a private lists folder.
# Debian's patches are not applied: the upstream tree is what LAMMPS users build.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$here/third_party/lammps-2025"
suite=trixie
version_prefix=20250204

if [ -f "$dest/SOURCE" ] && [ -f "$dest/cmake/CMakeLists.txt" ]; then
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# shellcheck source=private-apt.sh
. "$here/scripts/private-apt.sh"
private_apt_setup "$work" "$suite"
mkdir -p "$work/src"

echo "fetch-lammps-source: downloading Debian $suite's lammps source package (about 130 MB)"
apt-get -qq "${apt_opts[@]}" update
version="$(apt-cache "${apt_opts[@]}" showsrc lammps | awk '/^Version:/ {print $2; exit}')"
case "$version" in
  "$version_prefix"*) ;;
  *) echo "fetch-lammps-source: Debian $suite has lammps $version, expected $version_prefix*" >&2; exit 1 ;;
esac
# Only the upstream tarball is needed. apt-get gives its address and SHA256 from the signed Sources index; it
# is fetched alone (some mirrors lack the .dsc, which `apt-get source` insists on) and checked against that sum.
line="$(apt-get -qq "${apt_opts[@]}" source --print-uris "lammps=$version" | grep "\.orig\.tar\." | head -n1)"
url="$(echo "$line" | awk '{print $1}' | tr -d "'")"
name="$(echo "$line" | awk '{print $2}')"
sum="$(echo "$line" | awk '{print $4}' | sed 's/^SHA256://')"
[ -n "$url" ] && [ ${#sum} -eq 64 ] || { echo "fetch-lammps-source: no upstream tarball with a SHA256 in the index" >&2; exit 1; }
curl -fsSL -o "$work/src/$name" "$url"
echo "$sum  $work/src/$name" | sha256sum -c --quiet - ||
  { echo "fetch-lammps-source: $name does not match the SHA256 of Debian's index" >&2; exit 1; }
orig="$work/src/$name"
mkdir -p "$work/x"
tar -xf "$orig" -C "$work/x"
top="$(dirname "$(dirname "$(find "$work/x" -maxdepth 3 -path '*/cmake/CMakeLists.txt' | head -n1)")")"
printf 'LAMMPS from Debian source package lammps %s (%s), GPL-2.0. Fetched by scripts/fetch-lammps-source.sh; not part of OpenMTP.\n' \
  "$version" "$suite" > "$top/SOURCE"
rm -rf "$dest" && mkdir -p "$(dirname "$dest")" && mv "$top" "$dest"
echo "fetch-lammps-source: LAMMPS $version in ${dest#$here/}"
