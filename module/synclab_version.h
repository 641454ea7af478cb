/* SPDX-License-Identifier: GPL-2.0 */
/*
 * synclab's version, the one source of it: the module's MODULE_VERSION,
 * the tool's --version and the reports it writes, and dkms.conf's
 * PACKAGE_VERSION (which reads the line below) all take it from here.
 */
#ifndef SYNCLAB_VERSION_H
#define SYNCLAB_VERSION_H

#define SYNCLAB_VERSION	"0.1.0"

#endif /* SYNCLAB_VERSION_H */
