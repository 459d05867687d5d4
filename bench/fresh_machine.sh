#!/usr/bin/env bash
# The README's set-up, as a newcomer meets it: a bare Debian 13 (trixie) with only make and git,
# a fresh clone of this repository, then `make test` — nothing installed by hand.
#
#   sudo bench/fresh_machine.sh                  # the whole suite on SQLite
#   sudo bench/fresh_machine.sh PYTEST_ARGS=tests/browser   # arguments go to make
#
# Builds the system with debootstrap (minbase) in $FRESH_ROOT, from the Debian mirror this
# machine's apt already uses, and runs everything inside it with chroot (no container engine
# needed). Needs root, debootstrap (installed when missing) and about 3 GB of disk.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
root="${FRESH_ROOT:-/var/tmp/lotse-fresh-trixie}"
suite="${FRESH_SUITE:-trixie}"

if [ "$(id -u)" -ne 0 ]; then echo "run as root (chroot and debootstrap need it)" >&2; exit 1; fi
command -v debootstrap >/dev/null || { apt-get update -qq && apt-get install -y -qq debootstrap; }

# The mirror this machine's apt uses (one-line or deb822 sources), so no host is hard-coded.
mirror="$({ grep -rhoE '^(deb|URIs:)\s+\S+' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null || true; } |
  awk '{print $2}' | { grep -E '/debian/?$' || true; } | head -n 1)"
[ -n "$mirror" ] || { echo "no Debian mirror found in /etc/apt/sources" >&2; exit 1; }

if [ ! -x "$root/usr/bin/make" ]; then
  echo "== debootstrap $suite (minbase + make, git) into $root from $mirror"
  debootstrap --variant=minbase --include=make,git "$suite" "$root" "$mirror" >/dev/null
fi

mounted=()
cleanup() { for m in "${mounted[@]}"; do umount -l "$m" 2>/dev/null || true; done; }
trap cleanup EXIT
for fs in proc sys dev dev/pts; do
  mountpoint -q "$root/$fs" || { mount --bind "/$fs" "$root/$fs"; mounted=("$root/$fs" "${mounted[@]}"); }
done
cp /etc/resolv.conf "$root/etc/resolv.conf"

# Where this machine reaches the package registries through a TLS-inspecting proxy (as some
# offices and this sandbox do), the bare system must trust the same extra CAs: installing the
# ca-certificates package (which make test does) then includes them.
tls_env=()
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  mkdir -p "$root/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
  [ -x "$root/usr/sbin/update-ca-certificates" ] && chroot "$root" update-ca-certificates >/dev/null
  bundle=/etc/ssl/certs/ca-certificates.crt
  tls_env=(SSL_CERT_FILE=$bundle PIP_CERT=$bundle REQUESTS_CA_BUNDLE=$bundle)
fi

echo "== fresh clone of $(git rev-parse --short HEAD)"
rm -rf "$root/home/newcomer/lotse"
mkdir -p "$root/home/newcomer"
git clone -q --no-hardlinks "$repo" "$root/home/newcomer/lotse"

echo "== what the bare system lacks before make test"
chroot "$root" /bin/bash -c 'for p in python3 chromium pdftoppm fc-list; do command -v $p >/dev/null && echo "  has $p" || echo "  lacks $p"; done'

echo "== make test $*"
start=$(date +%s)
chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  LANG=C.UTF-8 "${tls_env[@]}" /bin/bash -c "cd /home/newcomer/lotse && make test $*"
echo "== make test passed on a bare $suite in $(($(date +%s) - start)) s"
