# Sourced by the fetch-lammps-*.sh scripts: a private apt configuration in "$work" (a folder the caller made
# and removes), so apt-get update/source run without touching the system's apt configuration.
#   private_apt_setup "$work" [extra_suite]
# copies the machine's own apt sources into "$work/etc" with deb-src added, and, with extra_suite (e.g.
# trixie), one more deb-src entry for that Debian release on the same Debian archive the machine already uses
# (its address is read from the machine's sources, never written down here). Sets the array apt_opts.
private_apt_setup() {
  local work="$1" extra_suite="${2:-}" f
  mkdir -p "$work/etc/sources.list.d" "$work/lists/partial" "$work/cache/archives/partial"
  shopt -s nullglob
  if [ -z "$extra_suite" ]; then
    # deb822 'Types:' lines and the one-line form both get deb-src.
    for f in /etc/apt/sources.list.d/*.sources; do
      sed -E 's/^(Types:.*\bdeb\b)(.*)$/\1\2 deb-src/; s/(deb-src.*) deb-src$/\1/' "$f" > "$work/etc/sources.list.d/$(basename "$f")"
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
      [ -f "$f" ] || continue
      { cat "$f"; sed -nE 's/^[[:space:]]*deb([[:space:]])/deb-src\1/p' "$f"; } > "$work/etc/sources.list.d/$(basename "$f" | sed 's/^sources\.list$/main.list/')"
    done
  else
    # Only the extra release's sources: the Debian archive (not -security) the machine's sources name.
    local uri="" keyring=""
    for f in /etc/apt/sources.list.d/*.sources; do
      [ -n "$uri" ] && break
      uri="$(awk '/^URIs:/ {for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) {print $i; exit}}' "$f")"
      keyring="$(awk '/^Signed-By:/ {print $2; exit}' "$f")"
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
      [ -n "$uri" ] && break
      [ -f "$f" ] || continue
      uri="$(awk '$1 == "deb" {for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\/.*\/debian\/?$/) {print $i; exit}}' "$f")"
    done
    if [ -z "$uri" ]; then
      echo "private-apt: no Debian archive in the machine's apt sources" >&2
      return 1
    fi
    [ -n "$keyring" ] || keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: %s\n' \
      "$uri" "$extra_suite" "$keyring" > "$work/etc/sources.list.d/extra.sources"
  fi
  shopt -u nullglob
  : > "$work/etc/sources.list"
  apt_opts=(
    -o "Dir::Etc::SourceList=$work/etc/sources.list"
    -o "Dir::Etc::SourceParts=$work/etc/sources.list.d"
    -o "Dir::State::Lists=$work/lists"
    -o "Dir::Cache=$work/cache"
    -o "Dir::Cache::pkgcache="
    -o "Dir::Cache::srcpkgcache="
    -o "APT::Sandbox::User=root"
  )
}
