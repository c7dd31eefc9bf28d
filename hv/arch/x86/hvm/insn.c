/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Instruction lengths for intercepted instructions. QEMU's TCG offers no next-RIP save
 * (qemu-tcg-notes.md, defect 1), so the hypervisor reads the bytes at the guest's RIP and
 * matches them against the few opcodes the exit can be for, after any prefixes.
 */
#include <hv/guest-access.h>
#include <hv/string.h>
#include <asm/hvm/hvm.h>

#define MAX_INSN_LEN 15

static bool is_legacy_prefix(uint8_t b)
{
    switch (b) {
    case 0x26:
    case 0x2e:
    case 0x36:
    case 0x3e: /* Segment overrides. */
    case 0x64:
    case 0x65:
    case 0x66:
    case 0x67: /* Operand and address size. */
    case 0xf0:
    case 0xf2:
    case 0xf3: /* LOCK, REPNE, REP. */
        return true;
    default:
        return false;
    }
}

unsigned int hvm_insn_length(struct vcpu *v, const struct hvm_opcode *opcodes)
{
    uint8_t buf[MAX_INSN_LEN];
    struct hvm_guest_mode m;
    size_t got = fetch_guest_insn(v, buf, sizeof(buf));
    unsigned int i = 0;

    hvm_funcs->get_mode(v, &m);
    while (i < got && is_legacy_prefix(buf[i])) {
        i++;
    }
    if (m.cs_long && i < got && (buf[i] & 0xf0) == 0x40) {
        i++; /* REX comes last, right before the opcode. */
    }
    for (const struct hvm_opcode *op = opcodes; op->len; op++) {
        if (i + op->len <= got && !memcmp(&buf[i], op->bytes, op->len)) {
            return i + op->len;
        }
    }
    return 0;
}
