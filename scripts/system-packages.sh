#!/usr/bin/env bash
# Install the Debian packages Lotse needs that this machine lacks, and say which.
#
#   scripts/system-packages.sh run    what `make run` needs: WeasyPrint's Pango/HarfBuzz (with
#                                     the subsetter, without which WeasyPrint warns), fonts for
#                                     Arabic, Farsi and Cyrillic PDFs, poppler for upload checks
#   scripts/system-packages.sh test   the above, plus Chromium for the browser tests and the
#                                     PostgreSQL client tools for backup/restore on PostgreSQL
#   scripts/system-packages.sh python  Debian's python3 and venv, when no Python 3.12+ is found
#   scripts/system-packages.sh --list test    print the packages, install nothing
#
# Uses sudo only when not root. On a system without dpkg/apt it lists what to install and stops.
set -euo pipefail

run_packages=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig
  fonts-noto-core poppler-utils gettext ca-certificates
)
test_packages=("${run_packages[@]}" chromium postgresql-client)

list_only=0
if [ "${1:-}" = "--list" ]; then list_only=1; shift; fi
case "${1:-test}" in
  python) wanted=(python3 python3-venv) ;;
  run) wanted=("${run_packages[@]}") ;;
  test) wanted=("${test_packages[@]}") ;;
  *) echo "usage: $0 [--list] python|run|test" >&2; exit 2 ;;
esac

if [ "$list_only" -eq 1 ]; then printf '%s\n' "${wanted[@]}"; exit 0; fi

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "Lotse: this is not a Debian-like system; please install the equivalents of:" >&2
  printf '  %s\n' "${wanted[@]}" >&2
  exit 1
fi

# A Python without ensurepip (Debian's python3 without python3-venv) cannot bootstrap uv.
if [ -n "${PYTHON:-}" ] && ! command -v uv >/dev/null 2>&1 && ! "$PYTHON" -c 'import ensurepip' 2>/dev/null; then
  wanted+=(python3-venv)
fi

missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
echo "Lotse: installing Debian packages this machine lacks: ${missing[*]}"
log="$(mktemp "${TMPDIR:-/tmp}/lotse-apt.XXXXXX.log")"
if ! { "${sudo[@]}" apt-get update -qq &&
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"; } >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  echo "Lotse: installing ${missing[*]} failed (full log: $log)." >&2
  exit 1
fi
echo "Lotse: installed ${#missing[@]} package(s); apt's log is in $log."
