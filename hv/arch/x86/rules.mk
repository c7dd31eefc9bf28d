# SPDX-License-Identifier: GPL-2.0-only
# head.o must stay first: the Multiboot headers have to be in the image's first 8 KiB.
HV_OBJS += hv/arch/x86/boot/head.o hv/arch/x86/boot/trampoline.o hv/arch/x86/entry.o
HV_OBJS += hv/arch/x86/setup.o hv/arch/x86/multiboot.o hv/arch/x86/cpu.o
HV_OBJS += hv/arch/x86/ns16550.o hv/arch/x86/desc.o hv/arch/x86/traps.o
HV_OBJS += hv/arch/x86/mm.o hv/arch/x86/acpi.o hv/arch/x86/apic.o hv/arch/x86/ioapic.o
HV_OBJS += hv/arch/x86/time.o hv/arch/x86/rtc.o hv/arch/x86/smp.o hv/arch/x86/smpboot.o
HV_OBJS += hv/arch/x86/p2m/p2m.o
HV_OBJS += hv/arch/x86/hvm/hvm.o hv/arch/x86/hvm/cpuid.o hv/arch/x86/hvm/msr.o hv/arch/x86/hvm/io.o
HV_OBJS += hv/arch/x86/hvm/insn.o hv/arch/x86/hvm/guest-access.o hv/arch/x86/hvm/hypercall.o
HV_OBJS += hv/arch/x86/hvm/vlapic.o hv/arch/x86/hvm/vlapic-ipi.o hv/arch/x86/hvm/pit.o
HV_OBJS += hv/arch/x86/hvm/domain.o hv/arch/x86/hvm/vcpu-context.o hv/arch/x86/hvm/physmap.o
HV_OBJS += hv/arch/x86/svm/svm.o hv/arch/x86/svm/exit.o hv/arch/x86/svm/asid.o hv/arch/x86/svm/entry.o
