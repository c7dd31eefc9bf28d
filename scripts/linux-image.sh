#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# (The licence tag is on line 2 because line 1 must be the shebang; tests/style's spdx check
# looks at the first two lines of every script.)
#
# Builds the Linux guest of issue #5 from Debian's own packages (docs/linux-guest.md):
#
#     scripts/linux-image.sh [OUTPUT_DIR]          (default build/linux; `make linux-image`)
#
# Outputs in OUTPUT_DIR:
#   vmlinux             the kernel as an uncompressed ELF64 with the Xen PVH note, which is
#                       what QEMU's -kernel and Xenolith's PVH loader take (Debian ships a
#                       bzImage, whose payload is this ELF compressed)
#   initramfs.cpio.gz   busybox-static plus an /init that prints XENOLITH-LINUX-READY and
#                       starts a shell on hvc0 (or the kernel's console)
#   version             the kernel release, e.g. 6.1.0-56-amd64
#   kernel/             the kernel package's boot/ and lib/modules/<release> (for later use)
#   busybox             the static busybox binary packed into the initramfs
#   debs/               the downloaded packages (a cache: never fetched twice)
#
# LINUX_PACKAGE picks the kernel: the Debian metapackage linux-image-amd64 by default, resolved
# to the versioned package it depends on, so a newer kernel needs no edit here. Any apt
# spelling works: linux-image-6.1.0-56-amd64, linux-image-amd64/bookworm-backports,
# linux-image-amd64=6.1.176-1. Packages come only through `apt-get download` (signed by
# Debian's archive keys, no root needed) and are unpacked with `dpkg-deb -x`; nothing is
# installed on the host. Re-running with the same resolved packages and an unchanged script
# only asks apt-cache and prints "up to date".
set -euo pipefail
# Functions here run inside $(...), where bash would otherwise drop set -e.
shopt -s inherit_errexit

OUT=${1:-build/linux}
LINUX_PACKAGE=${LINUX_PACKAGE:-linux-image-amd64}
BUSYBOX_PACKAGE=${BUSYBOX_PACKAGE:-busybox-static}
READY_MARKER=XENOLITH-LINUX-READY

# Xen ELF note type XEN_ELFNOTE_PHYS32_ENTRY (guest-abi.md 2.1): the 32-bit PVH entry point.
XEN_ELFNOTE_PHYS32_ENTRY=18

die() {
    echo "linux-image: error: $*" >&2
    exit 1
}
say() { echo "linux-image: $*"; }

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

for tool in apt-cache apt-get dpkg-deb readelf cpio gzip xz od dd; do
    command -v "$tool" >/dev/null ||
        die "$tool is missing (run scripts/install-deps.sh, or make deps)"
done

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
DEBS=$OUT/debs

# --- Resolving package names to exact versions --------------------------------------------

# One field of an apt-cache/dpkg control record on stdin.
field() { awk -v f="$1:" '$1 == f { sub(/^[^:]*: */, ""); print; exit }'; }

# The control record of the apt candidate for SPEC (name, name/release or name=version).
# Callers assign it (record=$(apt_record ...)): an assignment passes a failure on, where the
# operand of a here-string (<<<"$(...)") would hide it.
apt_record() {
    local record
    record=$(apt-cache show --no-all-versions "$1" 2>/dev/null) || true
    [ -n "$record" ] || die "apt knows no package '$1' (wrong name, or run apt-get update)"
    echo "$record"
}

# Prints "NAME VERSION" of the package that holds /boot/vmlinuz-* for SPEC, following
# metapackages (linux-image-amd64 -> linux-image-6.1.0-56-amd64 (= 6.1.192-2)) down to the one
# without a linux-image-<digit> dependency.
resolve_kernel() {
    local spec=$1 record dep depth
    for depth in 1 2 3 4; do
        record=$(apt_record "$spec")
        dep=$(field Depends <<<"$record" | tr ',|' '\n' | sed 's/^ *//' |
            grep -E '^linux-image-[0-9]' | head -n 1 || true)
        if [ -z "$dep" ]; then
            echo "$(field Package <<<"$record") $(field Version <<<"$record")"
            return
        fi
        # "linux-image-6.1.0-56-amd64 (= 6.1.192-2)": take exactly that version when pinned.
        if [[ $dep =~ ^([^ ]+)\ \(=\ ([^\)]+)\)$ ]]; then
            spec="${BASH_REMATCH[1]}=${BASH_REMATCH[2]}"
        else
            spec=${dep%% *}
        fi
    done
    die "$LINUX_PACKAGE: more than $depth levels of metapackages"
}

# --- Fetching ------------------------------------------------------------------------------

# Prints the cached .deb of NAME at VERSION, if there is one.
cached_deb() {
    local f
    for f in "$DEBS/$1"_*.deb; do
        [ -f "$f" ] || continue
        if [ "$(dpkg-deb -f "$f" Package 2>/dev/null)" = "$1" ] &&
            [ "$(dpkg-deb -f "$f" Version 2>/dev/null)" = "$2" ]; then
            echo "$f"
            return
        fi
    done
}

# Prints the path of NAME_VERSION's .deb, downloading it into the cache first if needed.
# apt-get download checks the file against the archive's signed index. It downloads into a
# scratch directory so that an interrupted download never leaves a truncated .deb in the cache.
fetch_deb() {
    local name=$1 version=$2 deb tmp start
    deb=$(cached_deb "$name" "$version")
    if [ -z "$deb" ]; then
        start=$(now)
        tmp=$(mktemp -d "$DEBS/.download.XXXXXX")
        # As root apt drops privileges to _apt, which cannot write to our directory: it would
        # download anyway with a warning. Saying "stay root" up front keeps the output clean.
        local sandbox=()
        [ "$(id -u)" -ne 0 ] || sandbox=(-o APT::Sandbox::User=root)
        (cd "$tmp" && apt-get download -q "${sandbox[@]}" "$name=$version" >&2) ||
            { rm -rf "$tmp"; die "apt-get download $name=$version failed"; }
        mv "$tmp"/*.deb "$DEBS/"
        rmdir "$tmp"
        deb=$(cached_deb "$name" "$version")
        [ -n "$deb" ] || die "downloaded $name=$version but cannot find it in $DEBS"
        say "fetched $(basename "$deb") ($(du -h "$deb" | cut -f1), $(since "$start"))" >&2
    fi
    echo "$deb"
}

# --- bzImage to vmlinux --------------------------------------------------------------------

# Little-endian unsigned integer of SIZE bytes at OFFSET of FILE.
uint_at() { od -An -t "u$3" -j "$2" -N "$3" "$1" | tr -d ' '; }
# COUNT bytes at OFFSET of FILE, on stdout.
bytes() { dd if="$1" iflag=skip_bytes,count_bytes bs=1M skip="$2" count="$3" status=none; }

# Writes the ELF vmlinux inside bzImage $1 to $2. The x86 boot protocol (2.08+) says where the
# compressed kernel lies: setup_sects (u8 at 0x1F1; 0 means 4) gives the start of the
# protected-mode code at (setup_sects + 1) * 512, and payload_offset (u32 at 0x248, relative to
# that) and payload_length (u32 at 0x24C) the payload. This is more exact than scanning for a
# compressor's magic bytes, which can also occur in the decompressor's own code. The kernel
# build appends the uncompressed size as a u32 to the compressed data (gzip has it in its own
# trailer), so the last 4 bytes check the result.
bzimage_to_vmlinux() {
    local bz=$1 out=$2 setup pm off len magic want got
    [ "$(od -An -c -j 0x202 -N 4 "$bz" | tr -d ' ')" = HdrS ] ||
        die "$bz is not a bzImage (no HdrS boot header)"
    setup=$(uint_at "$bz" $((0x1F1)) 1)
    [ "$setup" -ne 0 ] || setup=4
    pm=$(((setup + 1) * 512))
    off=$((pm + $(uint_at "$bz" $((0x248)) 4)))
    len=$(uint_at "$bz" $((0x24C)) 4)
    want=$(uint_at "$bz" $((off + len - 4)) 4)
    magic=$(od -An -t x1 -j "$off" -N 6 "$bz" | tr -d ' \n')
    # The compressed data without the appended size; gzip keeps it, as its own trailer.
    local data=$((len - 4))
    case $magic in
        fd377a585a00*) bytes "$bz" "$off" "$data" | xz -dc >"$out" ;;
        1f8b*) bytes "$bz" "$off" "$len" | gzip -dc >"$out" ;;
        28b52ffd*)
            command -v zstd >/dev/null || die "the kernel is zstd-compressed: apt-get install zstd"
            bytes "$bz" "$off" "$data" | zstd -dcq >"$out" ;;
        425a68*) bytes "$bz" "$off" "$data" | bzip2 -dc >"$out" ;;
        5d0000*) bytes "$bz" "$off" "$data" | xz -dc --format=lzma >"$out" ;;
        *) die "$bz: unknown compression of the payload (magic $magic at $off)" ;;
    esac
    got=$(stat -c %s "$out")
    [ "$got" -eq "$want" ] ||
        die "$bz: decompressed $got bytes, the image says $want (corrupt or misread payload)"
}

# Prints the PVH entry address of ELF $1 as 0x..., or fails: the image must be an ELF64 and
# carry a "Xen" note of type XEN_ELFNOTE_PHYS32_ENTRY, or neither QEMU nor Xenolith can boot it.
pvh_entry() {
    local elf=$1 class entry
    class=$(readelf -h "$elf" 2>/dev/null | awk '$1 == "Class:" { print $2 }' || true)
    [ "$class" = ELF64 ] || die "$elf is not an ELF64 (readelf says class '${class:-none}')"
    # readelf -W -n prints the note, which binutils 2.40 does not know by name, as
    #   Xen   0x00000008   Unknown note type: (0x00000012)   description data: 50 08 00 01 ...
    # The descriptor is the little-endian address (Linux stores 8 bytes, Xen accepts 4); the
    # low 4 bytes are the 32-bit entry.
    entry=$(readelf -W -n "$elf" | awk -v type="$(printf '(0x%08x)' $XEN_ELFNOTE_PHYS32_ENTRY)" '
        $1 == "Xen" && (index($0, type) || /PHYS32_ENTRY/) && /description data:/ {
            sub(/.*description data: */, "")
            split($0, b, " ")
            printf "0x%s%s%s%s\n", b[4], b[3], b[2], b[1]
            exit
        }' || true)
    [ -n "$entry" ] || die "$elf has no Xen PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY, type" \
        "$XEN_ELFNOTE_PHYS32_ENTRY): the kernel is not built with CONFIG_XEN_PVH=y"
    echo "$entry"
}

# --- The initramfs -------------------------------------------------------------------------

# /init, run by the kernel as PID 1 (busybox's sh via the #! line). No device nodes are packed:
# devtmpfs provides them. The applet symlinks are made at boot (--install -s) rather than
# packed, which keeps the archive to two files and independent of the build host.
write_init() {
    cat >"$1" <<EOF
#!/bin/busybox sh
# The Xenolith test initramfs's init (written by scripts/linux-image.sh).
/bin/busybox --install -s
export PATH=/sbin:/bin:/usr/sbin:/usr/bin HOME=/root TERM=vt100
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
hostname xenolith-guest

# The shell goes to hvc0 when the kernel runs on Xen (Xenolith) and has a PV console, else to
# the kernel's console (ttyS0 on QEMU alone). /dev/console itself cannot be a controlling
# terminal, so without one the shell has no job control and ^C kills nothing: setsid gives the
# shell a new session, and -c (or cttyhack, which first finds the real tty behind
# /dev/console) makes its terminal the controlling one.
while :; do
    if [ -c /dev/hvc0 ]; then
        echo "$READY_MARKER" >/dev/hvc0
        setsid -c sh -l </dev/hvc0 >/dev/hvc0 2>&1
    else
        echo "$READY_MARKER"
        setsid cttyhack sh -l
    fi
    # PID 1 must not exit (the kernel would panic), so a shell that ends is replaced.
    echo "init: the shell exited; starting a new one (poweroff -f ends the guest)"
done
EOF
    chmod 0755 "$1"
}

build_initramfs() {
    local busybox=$1 out=$2 root=$OUT/initramfs-root
    rm -rf "$root"
    mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,dev,proc,sys,tmp,root}
    install -m 0755 "$busybox" "$root/bin/busybox"
    write_init "$root/init"
    # A root user for the prompt, id and ls -l. No login ever runs; the password field must
    # still not be empty, or busybox's static glibc does not return the entry at all.
    echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
    echo 'root:x:0:' >"$root/etc/group"
    # The prompt ends in "#" for root (busybox ash expands \$ so).
    cat >"$root/etc/profile" <<'EOF'
PS1='\h:\w\$ '
EOF
    chmod 1777 "$root/tmp"
    # newc is the format the kernel unpacks. The archive says root owns everything, whoever
    # builds it; sorted names and fixed times make it reproducible.
    find "$root" -exec touch -h -d @0 {} +
    (cd "$root" && find . -mindepth 1 -print0 | LC_ALL=C sort -z |
        cpio --null -o -H newc --owner=0:0 --reproducible --quiet) | gzip -9n >"$out"
}

# --- Main ----------------------------------------------------------------------------------

kernel=$(resolve_kernel "$LINUX_PACKAGE")
read -r kname kversion <<<"$kernel"
record=$(apt_record "$BUSYBOX_PACKAGE")
bname=$(field Package <<<"$record")
bversion=$(field Version <<<"$record")
# Everything the outputs depend on: a change here rebuilds them.
inputs="$kname=$kversion $bname=$bversion script=$(sha256sum "$0" | cut -c1-16)"
stamp=$OUT/.inputs
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$inputs" ] &&
    [ -f "$OUT/vmlinux" ] && [ -f "$OUT/initramfs.cpio.gz" ] && [ -f "$OUT/version" ]; then
    say "up to date: $(cat "$OUT/version") ($kname $kversion)"
    exit 0
fi
rm -f "$stamp"

say "kernel $kname $kversion (from $LINUX_PACKAGE), $bname $bversion"
mkdir -p "$DEBS"
kdeb=$(fetch_deb "$kname" "$kversion")
bdeb=$(fetch_deb "$bname" "$bversion")

start=$(now)
# A fresh tree each time, so that modules of an older kernel never linger beside the new one.
rm -rf "$OUT/kernel" "$OUT/busybox" "$OUT/busybox.tmp"
dpkg-deb -x "$kdeb" "$OUT/kernel"
dpkg-deb -x "$bdeb" "$OUT/busybox.tmp"
# Only the kernel files, the modules and the busybox binary are kept. Besides saving space,
# this matters to make: the top-level Makefile includes every "*.d" under build/ as a
# dependency file, and packages carry directories such as initramfs-tools/conf-hooks.d.
rm -rf "$OUT/kernel/usr/share" "$OUT/kernel/etc"
mv "$OUT/busybox.tmp/bin/busybox" "$OUT/busybox" || die "$bname has no /bin/busybox"
rm -rf "$OUT/busybox.tmp"
stray=$(find "$OUT" -name '*.d' -print -quit)
[ -z "$stray" ] || die "$stray: a *.d name under build/ breaks make (Makefile DEPS); delete it"
vmlinuz=("$OUT"/kernel/boot/vmlinuz-*)
if [ ${#vmlinuz[@]} -ne 1 ] || [ ! -f "${vmlinuz[0]}" ]; then
    die "$kname: expected one /boot/vmlinuz-*, found: ${vmlinuz[*]}"
fi
release=${vmlinuz[0]##*/vmlinuz-}
# Debian 12 puts modules in /lib/modules, later releases (merged /usr) in /usr/lib/modules.
modules=
for dir in "$OUT/kernel/lib/modules/$release" "$OUT/kernel/usr/lib/modules/$release"; do
    [ -d "$dir" ] && modules=$dir
done
[ -n "$modules" ] || die "$kname has no lib/modules/$release"
say "unpacked $(basename "$kdeb") and $(basename "$bdeb") ($(since "$start"))"

start=$(now)
bzimage_to_vmlinux "${vmlinuz[0]}" "$OUT/vmlinux.tmp"
entry=$(pvh_entry "$OUT/vmlinux.tmp")
mv "$OUT/vmlinux.tmp" "$OUT/vmlinux"
say "vmlinux: ELF64, PVH entry $entry ($(since "$start"))"

start=$(now)
build_initramfs "$OUT/busybox" "$OUT/initramfs.cpio.gz.tmp"
mv "$OUT/initramfs.cpio.gz.tmp" "$OUT/initramfs.cpio.gz"
say "initramfs.cpio.gz: busybox, /init ($(since "$start"))"
echo "$release" >"$OUT/version"
echo "$inputs" >"$stamp"

say "$OUT/vmlinux ($(du -h --apparent-size "$OUT/vmlinux" | cut -f1)), initramfs.cpio.gz" \
    "($(du -h --apparent-size "$OUT/initramfs.cpio.gz" | cut -f1)), modules in ${modules#"$OUT"/}"
