/* SPDX-License-Identifier: GPL-2.0-only */
/* Release builds: no deliberate crashes (crashtest= is then an unknown option). */
#include <hv/crashtest.h>

void crashtest_run(void)
{}
