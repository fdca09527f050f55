#ifndef SCROLLVAULT_CSCHED_SHIM_H
#define SCROLLVAULT_CSCHED_SHIM_H
#include <sched.h>
#include <stddef.h>
#include <sys/types.h>
/* glibc declares sched_getaffinity only under _GNU_SOURCE, which the Swift Glibc module is
   built without; this is the same declaration. */
extern int sched_getaffinity(pid_t pid, size_t cpusetsize, cpu_set_t *mask);
/* How many CPUs this process may run on (its affinity mask, as taskset or a cgroup cpuset
   set it), or 0 when the kernel will not say. */
static inline int csched_allowed_cpus(void) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) != 0) return 0;
    int count = 0;
    const unsigned char *bytes = (const unsigned char *)&set;
    for (size_t i = 0; i < sizeof set; i++) count += __builtin_popcount(bytes[i]);
    return count;
}
#endif
