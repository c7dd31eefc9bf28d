/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Link layout of the hypervisor image. Virtual addresses are IMAGE_VIRT_OFFSET above the load
 * addresses. Sections are page aligned where their permissions differ, because the final page
 * tables map text read-only + executable, rodata read-only + NX, data and BSS read-write + NX.
 *
 * Text comes first so that its addresses do not move between the two link passes (the second
 * pass adds the generated symbol table, in rodata).
 */
#include <asm/config.h>

#undef i386
OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(start)

PHDRS
{
    text PT_LOAD FLAGS(5);
    rodata PT_LOAD FLAGS(4);
    data PT_LOAD FLAGS(6);
    note PT_NOTE FLAGS(4);
}

SECTIONS
{
    . = IMAGE_VIRT_OFFSET + IMAGE_PHYS_BASE;
    __image_start = .;

    .text : AT(ADDR(.text) - IMAGE_VIRT_OFFSET) {
        _stext = .;
        *(.text.head)
        *(.text .text.*)
        . = ALIGN(4096);
        _etext = .;
    } :text

    .rodata : AT(ADDR(.rodata) - IMAGE_VIRT_OFFSET) {
        _srodata = .;
        *(.rodata .rodata.*)
        . = ALIGN(8);
        __start_hv_params = .;
        KEEP(*(hv_params))
        __stop_hv_params = .;
    } :rodata

    .note.gnu.build-id : AT(ADDR(.note.gnu.build-id) - IMAGE_VIRT_OFFSET) {
        __build_id_start = .;
        *(.note.gnu.build-id)
        __build_id_end = .;
        . = ALIGN(4096);
        _erodata = .;
    } :rodata :note

    .data : AT(ADDR(.data) - IMAGE_VIRT_OFFSET) {
        _sdata = .;
        . = ALIGN(64);
        __per_cpu_start = .;
        *(.data.percpu)
        . = ALIGN(64);
        __per_cpu_end = .;
        *(.data .data.*)
        . = ALIGN(4096);
        __load_end = .;
    } :data

    .bss (NOLOAD) : AT(ADDR(.bss) - IMAGE_VIRT_OFFSET) {
        __bss_start = .;
        *(.bss.stack)
        *(.bss.pgtables)
        *(.bss .bss.*)
        *(COMMON)
        . = ALIGN(4096);
        __bss_end = .;
    } :data

    __image_end = .;

    /DISCARD/ : {
        *(.eh_frame) *(.eh_frame_hdr) *(.comment) *(.note.GNU-stack) *(.note.gnu.property)
    }
}
