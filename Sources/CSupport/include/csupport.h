#ifndef SCROLLVAULT_CSUPPORT_H
#define SCROLLVAULT_CSUPPORT_H

/*
 * CSupport: the thread, scheduling and error-text calls Swift cannot make itself: glibc
 * declares them only under _GNU_SOURCE, which the Swift Glibc module is built without, or
 * has no wrapper for them at all (sched_setattr).
 */

#include <stddef.h>

/* strerror, thread-safe: writes the text for `code` into buf and returns buf. */
const char *csupport_describe_errno(int code, char *buf, size_t length);

/* Sets the calling thread's EEVDF slice (Linux 6.12+; ignored by older kernels), keeping its
 * policy and nice value. -1 with errno when the thread is not in the fair class or the call
 * fails. */
int csupport_set_fair_slice(unsigned long long nanoseconds);

/* The calling thread's CPU affinity as a byte mask: bit (cpu % 8) of mask[cpu / 8] stands for
 * CPU `cpu`, for CPUs below 8 * bytes (cpu_set_t's macros do the translation, so the layout
 * does not depend on the C library's word order). 0, or -1 with errno from sched_getaffinity
 * (EINVAL: the machine has more CPUs than a cpu_set_t holds). */
int csupport_get_affinity(unsigned char *mask, size_t bytes);

/* Restricts the calling thread to the CPUs set in `mask` (same layout). 0, or -1 with errno. */
int csupport_set_affinity(const unsigned char *mask, size_t bytes);

/* Names the calling thread (15 bytes at most), as ps, top and perf show it. */
int csupport_name_thread(const char *name);

#endif
