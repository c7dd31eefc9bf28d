/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * svm-insns: the virtualization instructions are not for guests. Nested virtualization is not
 * offered (CPUID hides SVM), so VMRUN, VMLOAD, VMSAVE, STGI, CLGI, SKINIT, INVLPGA, MONITOR,
 * MWAIT and XSETBV must each raise #UD in the guest, as they do on a CPU without the feature,
 * and the domain must carry on. A hypervisor that mishandled one of these exits would hang,
 * crash the domain, or let the guest touch another VMCB.
 */
#include <guest/test.h>

const char test_title[] = "svm-insns: SVM and MONITOR instructions raise #UD";

#define INSN(name, bytes)                                                                          \
    static void name(void *arg)                                                                    \
    {                                                                                              \
        (void)arg;                                                                                 \
        __asm__ __volatile__(bytes ::"a"(0), "c"(0), "d"(0) : "memory");                           \
    }

INSN(do_vmrun, ".byte 0x0f, 0x01, 0xd8")
INSN(do_vmload, ".byte 0x0f, 0x01, 0xda")
INSN(do_vmsave, ".byte 0x0f, 0x01, 0xdb")
INSN(do_stgi, ".byte 0x0f, 0x01, 0xdc")
INSN(do_clgi, ".byte 0x0f, 0x01, 0xdd")
INSN(do_skinit, ".byte 0x0f, 0x01, 0xde")
INSN(do_invlpga, ".byte 0x0f, 0x01, 0xdf")
INSN(do_monitor, ".byte 0x0f, 0x01, 0xc8")
INSN(do_mwait, ".byte 0x0f, 0x01, 0xc9")
INSN(do_xsetbv, ".byte 0x0f, 0x01, 0xd1")

static const struct {
    const char *name;
    void (*fn)(void *);
} insns[] = {
    {"VMRUN", do_vmrun}, {"VMLOAD", do_vmload}, {"VMSAVE", do_vmsave},   {"STGI", do_stgi},
    {"CLGI", do_clgi},   {"SKINIT", do_skinit}, {"INVLPGA", do_invlpga}, {"MONITOR", do_monitor},
    {"MWAIT", do_mwait}, {"XSETBV", do_xsetbv},
};

void test_main(void)
{
    struct cpuid_regs r;
    unsigned int ud = 0;

    cpuid(0x80000001, &r);
    if (r.ecx & (1U << 2)) {
        test_failure("CPUID 0x80000001 offers SVM to the guest");
    }
    for (unsigned int i = 0; i < sizeof(insns) / sizeof(insns[0]); i++) {
        int vector = exc_call_catch(insns[i].fn, NULL);

        if (vector != X86_EXC_UD) {
            test_failure("%s raised %s, expected #UD", insns[i].name,
                         vector == NO_EXCEPTION ? "nothing" : exception_name((unsigned int)vector));
        } else {
            ud++;
        }
    }
    printf("svm-insns: %u of %zu instructions raised #UD\n", ud, sizeof(insns) / sizeof(insns[0]));
    test_success();
}
