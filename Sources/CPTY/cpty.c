#define _GNU_SOURCE
#include "cpty.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

/* Opens master and slave, both close-on-exec, and applies modes and size to the slave. */
static int open_pair(int *master_out, int *slave_out,
                     const struct termios *modes, const struct winsize *size) {
    int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0) return -1;
    if (grantpt(master) != 0 || unlockpt(master) != 0) goto fail_master;

    int slave = -1;
#ifdef TIOCGPTPEER
    /* Opening the peer through the master avoids a path lookup race in /dev/pts. */
    slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
#endif
    if (slave < 0) {
        char name[128];
        if (ptsname_r(master, name, sizeof name) != 0) goto fail_master;
        slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (slave < 0) goto fail_master;
    }
    if (modes != NULL && tcsetattr(slave, TCSANOW, modes) != 0) goto fail_both;
    if (size != NULL && ioctl(slave, TIOCSWINSZ, size) != 0) goto fail_both;
    *master_out = master;
    *slave_out = slave;
    return 0;

fail_both: {
        int saved = errno;
        close(slave);
        errno = saved;
    }
fail_master: {
        int saved = errno;
        close(master);
        errno = saved;
        return -1;
    }
}

/* Marks every descriptor >= 3 close-on-exec. Async-signal-safe. */
static void cloexec_from_three(void) {
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return;
#endif
    struct rlimit limit;
    long highest = 65536;
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY
        && (long)limit.rlim_cur < highest) {
        highest = (long)limit.rlim_cur;
    }
    for (long fd = 3; fd < highest; fd++) (void)fcntl((int)fd, F_SETFD, FD_CLOEXEC);
}

/* Between fork and exec: default dispositions first (while still blocked), then an empty mask. */
static void reset_signals(void) {
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP) continue;
        (void)sigaction(sig, &dfl, NULL);   /* glibc-reserved numbers fail harmlessly */
    }
    sigset_t none;
    sigemptyset(&none);
    (void)sigprocmask(SIG_SETMASK, &none, NULL);
}

/* Moves `fd` to 3 or above (close-on-exec) so that dup2s onto 0-2 cannot clobber it; -1 on failure. */
static int above_standard(int fd) {
    return fd < 3 ? fcntl(fd, F_DUPFD_CLOEXEC, 3) : fd;
}

/* Reports exec's failure through the close-on-exec pipe and exits 127. */
static void report_failure(int report) {
    int code = errno;
    ssize_t ignored = write(report, &code, sizeof code);
    (void)ignored;
    _exit(127);
}

/* The child side, between fork and exec: async-signal-safe calls only, never returns. */
static void run_child(int slave, int report, const char *file,
                      char *const argv[], char *const envp[]) {
    reset_signals();
    int moved = above_standard(report);
    if (moved < 0) report_failure(report);
    report = moved;

    if (setsid() < 0) goto failed;
    if (ioctl(slave, TIOCSCTTY, 0) < 0) goto failed;
    for (int fd = 0; fd <= 2; fd++) {
        if (slave == fd) {
            if (fcntl(fd, F_SETFD, 0) < 0) goto failed;  /* dup2(fd, fd) keeps CLOEXEC */
        } else if (dup2(slave, fd) < 0) {
            goto failed;
        }
    }
    if (slave > 2) close(slave);

    /* Nothing of the parent's survives exec; the report pipe closes exactly when exec works. */
    cloexec_from_three();
    execvpe(file, argv, envp);

failed:
    report_failure(report);
}

/* Waits until exec has happened (the report pipe closes) or failed (its errno arrives, the
 * child exits 127 and is reaped here so no zombie is left). Returns 0 or exec's errno. */
static int exec_outcome(int report, pid_t pid) {
    int child_errno = 0;
    ssize_t got;
    do {
        got = read(report, &child_errno, sizeof child_errno);
    } while (got < 0 && errno == EINTR);
    close(report);
    if (got != (ssize_t)sizeof child_errno) return 0;
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    return child_errno != 0 ? child_errno : ENOEXEC;
}

int cpty_spawn(const char *file, char *const argv[], char *const envp[],
               const struct termios *modes, const struct winsize *size, cpty_child *out) {
    int master, slave;
    if (open_pair(&master, &slave, modes, size) != 0) return -1;

    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) {
        int saved = errno;
        close(master);
        close(slave);
        errno = saved;
        return -1;
    }

    pid_t pid = fork();
    if (pid < 0) {
        int saved = errno;
        close(master);
        close(slave);
        close(report[0]);
        close(report[1]);
        errno = saved;
        return -1;
    }
    if (pid == 0) {
        close(master);
        close(report[0]);
        run_child(slave, report[1], file, argv, envp);
    }

    close(slave);
    close(report[1]);

    out->pid = pid;
    out->master = master;
    out->exec_errno = exec_outcome(report[0], pid);
    if (out->exec_errno != 0) {
        close(master);
        out->master = -1;
    }
    return 0;
}

/* The piped child, between fork and exec: stdin inherited, `out` and `err` as 1 and 2. */
static void run_piped_child(int out, int err, int report, const char *file,
                            char *const argv[], char *const envp[]) {
    reset_signals();
    int moved = above_standard(report);
    if (moved < 0) report_failure(report);
    report = moved;
    /* Both ends above 2 first, so neither dup2 below overwrites the other before it is copied. */
    out = above_standard(out);
    err = above_standard(err);
    if (out < 0 || err < 0) report_failure(report);
    if (dup2(out, 1) < 0 || dup2(err, 2) < 0) report_failure(report);
    cloexec_from_three();
    execvpe(file, argv, envp);
    report_failure(report);
}

int cpty_spawn_piped(const char *file, char *const argv[], char *const envp[],
                     int out, int err, cpty_child *child) {
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) return -1;
    pid_t pid = fork();
    if (pid < 0) {
        int saved = errno;
        close(report[0]);
        close(report[1]);
        errno = saved;
        return -1;
    }
    if (pid == 0) {
        close(report[0]);
        run_piped_child(out, err, report[1], file, argv, envp);
    }
    close(report[1]);
    child->pid = pid;
    child->master = -1;
    child->exec_errno = exec_outcome(report[0], pid);
    return 0;
}

int cpty_get_winsize(int fd, struct winsize *size) { return ioctl(fd, TIOCGWINSZ, size); }
int cpty_set_winsize(int fd, const struct winsize *size) { return ioctl(fd, TIOCSWINSZ, size); }

int cpty_pidfd_open(pid_t pid) {
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int cpty_pipe(int fds[2], int nonblocking) {
    return pipe2(fds, O_CLOEXEC | (nonblocking ? O_NONBLOCK : 0));
}

int cpty_signalfd(const sigset_t *signals) {
    return signalfd(-1, signals, SFD_CLOEXEC | SFD_NONBLOCK);
}

int cpty_signalfd_next_sender(int fd, int *sent_by_process) {
    struct signalfd_siginfo info;
    ssize_t got;
    do {
        got = read(fd, &info, sizeof info);
    } while (got < 0 && errno == EINTR);
    if (got == (ssize_t)sizeof info) {
        if (sent_by_process) *sent_by_process = info.ssi_code == SI_USER || info.ssi_code == SI_QUEUE;
        return (int)info.ssi_signo;
    }
    if (got < 0 && errno == EAGAIN) return 0;
    if (got >= 0) errno = EIO;
    return -1;
}

int cpty_signalfd_next(int fd) { return cpty_signalfd_next_sender(fd, NULL); }

int cpty_wifexited(int status) { return WIFEXITED(status); }
int cpty_wexitstatus(int status) { return WEXITSTATUS(status); }
int cpty_wifsignaled(int status) { return WIFSIGNALED(status); }
int cpty_wtermsig(int status) { return WTERMSIG(status); }
