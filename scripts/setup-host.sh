#!/usr/bin/env bash
# Install everything the rig needs on a Debian 12 host (root, or sudo).
# Quick when all is there already.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PACKAGES=(
	"$DEBIAN_PACKAGE"                         # the base kernel source
	gcc make flex bison bc libelf-dev libssl-dev cpio kmod xz-utils dwarves
	sparse ccache git python3 file            # checks, cache, scripts
	python3-ply python3-git                   # checkpatch's SPDX check (Debian's python3)
	python3-sphinx                            # make htmldocs for the core's page
	qemu-system-x86 busybox-static            # the guest
	gdb linux-perf trinity                    # run inside the guest from the host root
	gcc-aarch64-linux-gnu                     # other architectures must still build
	# ia32 and x32 test programs (compat ptrace).  Cross compilers, not
	# gcc-multilib: Debian's gcc-multilib conflicts with every cross gcc.
	gcc-i686-linux-gnu libc6-dev-i386-cross
	gcc-x86-64-linux-gnux32 libc6-dev-x32-cross
)

missing=()
for p in "${PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" = 0 ]; then
	echo "==> Host packages: all installed"
	exit 0
fi

SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
echo "==> Installing host packages: ${missing[*]}"
$SUDO apt-get update -q
# Prefer the recorded kernel source; the registry may have moved on.
pinned=("${missing[@]/#$DEBIAN_PACKAGE/$DEBIAN_PACKAGE=$DEBIAN_VERSION}")
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y -q --no-install-recommends "${pinned[@]}"; then
	[ "${pinned[*]}" = "${missing[*]}" ] && exit 1
	warn "$DEBIAN_PACKAGE $DEBIAN_VERSION is no longer served; installing the current one"
	$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
