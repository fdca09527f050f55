#define _GNU_SOURCE
#include "csupport.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

const char *csupport_describe_errno(int code, char *buf, size_t length) {
    /* GNU strerror_r may return a static string instead of filling buf. */
    const char *text = strerror_r(code, buf, length);
    if (text != buf) {
        strncpy(buf, text, length - 1);
        buf[length - 1] = '\0';
    }
    return buf;
}

/* sched_attr as the kernel defines it (glibc has no wrapper for sched_getattr/setattr). */
struct csupport_sched_attr {
    uint32_t size;
    uint32_t sched_policy;
    uint64_t sched_flags;
    int32_t sched_nice;
    uint32_t sched_priority;
    uint64_t sched_runtime;
    uint64_t sched_deadline;
    uint64_t sched_period;
    uint32_t sched_util_min;
    uint32_t sched_util_max;
};

int csupport_set_fair_slice(unsigned long long nanoseconds) {
    struct csupport_sched_attr attr;
    memset(&attr, 0, sizeof attr);
    if (syscall(SYS_sched_getattr, 0, &attr, sizeof attr, 0) != 0) return -1;
    /* Only fair-class threads have a slice; leave real-time, idle and deadline ones alone. */
    if (attr.sched_policy != SCHED_OTHER && attr.sched_policy != SCHED_BATCH) {
        errno = EPERM;
        return -1;
    }
    attr.size = sizeof attr;
    attr.sched_flags = 0;
    attr.sched_runtime = nanoseconds;  /* kept: policy, nice */
    return (int)syscall(SYS_sched_setattr, 0, &attr, 0);
}

int csupport_get_affinity(unsigned char *mask, size_t bytes) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) return -1;
    memset(mask, 0, bytes);
    for (size_t cpu = 0; cpu < bytes * 8 && cpu < CPU_SETSIZE; cpu++) {
        if (CPU_ISSET(cpu, &set)) mask[cpu / 8] |= (unsigned char)(1u << (cpu % 8));
    }
    return 0;
}

int csupport_set_affinity(const unsigned char *mask, size_t bytes) {
    cpu_set_t set;
    CPU_ZERO(&set);
    for (size_t cpu = 0; cpu < bytes * 8 && cpu < CPU_SETSIZE; cpu++) {
        if (mask[cpu / 8] & (1u << (cpu % 8))) CPU_SET(cpu, &set);
    }
    return sched_setaffinity(0, sizeof set, &set);
}

int csupport_name_thread(const char *name) { return pthread_setname_np(pthread_self(), name); }
