# SPDX-License-Identifier: GPL-2.0-only
# The Linux guest (issue #5, docs/linux-guest.md): Debian's kernel and busybox-static, fetched
# with apt-get download and turned into an ELF vmlinux with the Xen PVH note plus an initramfs
# that starts a shell.
#
#   make linux-image                  $(LINUX_DIR)/{vmlinux,initramfs.cpio.gz,version}
#   make linux-image LINUX_PACKAGE=linux-image-6.1.0-56-amd64   another kernel (any apt spec)
#   make linux-native                 boot it directly in QEMU (no hypervisor), run uname -a
#
# The targets are phony and scripts/linux-image.sh decides what is out of date: which files
# are current depends on the apt archive (what linux-image-amd64 points to today), which make
# cannot see. When nothing changed the script only asks apt-cache and says "up to date".

LINUX_DIR     ?= $(BUILD)/linux
LINUX_PACKAGE ?= linux-image-amd64

.PHONY: linux-image linux-native

linux-image:
	@$(INSTALL_DEPS)
	@LINUX_PACKAGE='$(LINUX_PACKAGE)' scripts/linux-image.sh $(LINUX_DIR)

linux-native: linux-image
	@$(PYTHON) scripts/qemu-linux-native.py --dir $(LINUX_DIR)
