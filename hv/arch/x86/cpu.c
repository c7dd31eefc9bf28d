/* SPDX-License-Identifier: GPL-2.0-only */
/* CPU feature detection (AMD APM vol. 3, appendix E: CPUID). */
#include <hv/printk.h>
#include <hv/string.h>
#include <asm/processor.h>

struct cpu_features boot_cpu;

void cpu_features_init(void)
{
    struct cpuid_regs r = cpuid(0);
    struct cpu_features *f = &boot_cpu;

    f->max_leaf = r.eax;
    memcpy(&f->vendor[0], &r.ebx, 4);
    memcpy(&f->vendor[4], &r.edx, 4);
    memcpy(&f->vendor[8], &r.ecx, 4);
    f->vendor[12] = '\0';
    if (f->max_leaf >= 1) {
        r = cpuid(1);
        f->x2apic = r.ecx & (1U << 21);
        f->tsc_deadline = r.ecx & (1U << 24);
    }
    f->max_ext_leaf = cpuid(0x80000000).eax;
    if (f->max_ext_leaf >= 0x80000001) {
        r = cpuid(0x80000001);
        f->nx = r.edx & (1U << 20);
        f->page1gb = r.edx & (1U << 26);
        f->svm = r.ecx & (1U << 2);
    }
    if (f->max_ext_leaf >= 0x80000004) {
        for (uint32_t leaf = 0; leaf < 3; leaf++) {
            r = cpuid(0x80000002 + leaf);
            memcpy(&f->brand[leaf * 16], &r, 16);
        }
        f->brand[48] = '\0';
    }
    if (f->max_ext_leaf >= 0x80000007) {
        f->invariant_tsc = cpuid(0x80000007).edx & (1U << 8);
    }
}

void cpu_print_features(void)
{
    const struct cpu_features *f = &boot_cpu;

    printk("cpu: %s \"%s\"\n", f->vendor, f->brand);
    printk("cpu: features:%s%s%s%s%s\n", f->nx ? " nx" : "", f->page1gb ? " page1gb" : "",
           f->x2apic ? " x2apic" : "", f->tsc_deadline ? " tsc-deadline" : "",
           f->svm ? " svm" : "");
}
