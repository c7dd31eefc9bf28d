#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Installs the Debian packages Xenolith's build, tests and run targets need, if any is missing.
# Called first by `make run`, `make test`, `make bench`, `make iso`, `make debug`,
# `make format` and `make linux-image`. When everything is installed it only asks dpkg and
# prints nothing; otherwise it runs `apt-get update` and `apt-get install -y` (through sudo
# when not root).
# README.md ("Dependencies") says why each package is used; keep the two in step.
set -euo pipefail

# The one list of packages: name, then what uses it.
PACKAGES=(
    gcc               # the hypervisor (freestanding), the tools and the unit tests
    binutils          # ld, objcopy and nm for the hypervisor image
    python3           # /usr/bin/python3 runs the test runners, bench and helper scripts
    python3-pexpect   # the system tests and benchmarks drive the serial console
    libcmocka-dev     # host unit tests
    qemu-system-x86   # the test machine: TCG with an emulated AMD CPU with SVM and NPT
    grub-pc-bin       # GRUB for BIOS PCs, put on the ISO by grub-mkrescue
    grub-common       # grub-mkrescue
    xorriso           # grub-mkrescue writes the ISO with it
    mtools            # grub-mkrescue builds the EFI boot image with it
    xenstore-utils    # Xen's xenstore-* clients, to test xenstored against
    clang-format      # `make format` and the format check in `make test`
    gdb               # `make debug`
    cpio              # `make linux-image`: packs the Linux guest's initramfs
    xz-utils          # `make linux-image`: unpacks Debian's xz-compressed kernel to vmlinux
)

missing=()
for pkg in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    if [ "$status" != installed ]; then
        missing+=("$pkg")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "install-deps: installing missing Debian packages: ${missing[*]}" >&2
sudo=()
if [ "$(id -u)" -ne 0 ]; then
    sudo=(sudo)
fi
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
