#ifndef SCROLLVAULT_CPTY_H
#define SCROLLVAULT_CPTY_H

/*
 * CPTY: the few pseudo-terminal operations Swift cannot do itself.
 *
 * Why C: after fork() in a multi-threaded process only async-signal-safe calls are allowed
 * until exec, and no Swift code (which may allocate, take locks, retain) may run there. So
 * the whole child side — session, controlling terminal, signal reset, descriptor hygiene,
 * exec — happens here. ioctl() is variadic, which Swift cannot call, hence the wrappers.
 */

#include <stddef.h>
#include <sys/types.h>
#include <signal.h>
#include <termios.h>
#include <sys/ioctl.h>

/* The result of cpty_spawn. */
typedef struct cpty_child {
    pid_t pid;          /* the child, a session leader whose controlling terminal is the pty */
    int master;         /* the pty master, O_CLOEXEC, blocking */
    int exec_errno;     /* 0 when exec succeeded; else errno of the failed exec (child reaped) */
} cpty_child;

/*
 * Opens a pty (every descriptor close-on-exec), sets `modes` (may be NULL: kernel defaults)
 * and `size` on it, forks, and in the child: new session, pty as controlling terminal and
 * stdin/stdout/stderr, every other descriptor closed on exec, signal dispositions reset to
 * default and the signal mask emptied, then execvpe(file, argv, envp) (PATH searched in the
 * caller's environment).
 *
 * Returns 0 and fills `out` when the fork happened. If exec failed, out->exec_errno says why
 * (the failure travels through a close-on-exec pipe), the child has already been reaped and
 * out->master is closed (-1). Returns -1 with errno set if the pty or fork failed.
 */
int cpty_spawn(const char *file, char *const argv[], char *const envp[],
               const struct termios *modes, const struct winsize *size, cpty_child *out);

/*
 * Forks and, in the child: signal dispositions reset and the mask emptied, stdin inherited,
 * `out` and `err` as stdout and stderr, every other descriptor closed on exec, then
 * execvpe(file, argv, envp). The child stays in our session and process group, so a ^C in the
 * terminal reaches it as it would without us. Fills `child` (master is -1) as cpty_spawn does;
 * returns -1 with errno set if the fork failed.
 */
int cpty_spawn_piped(const char *file, char *const argv[], char *const envp[],
                     int out, int err, cpty_child *child);

/* TIOCGWINSZ / TIOCSWINSZ. Return 0, or -1 with errno. */
int cpty_get_winsize(int fd, struct winsize *size);
int cpty_set_winsize(int fd, const struct winsize *size);

/* pidfd_open(2): a descriptor that becomes readable when `pid` exits (O_CLOEXEC). -1/errno. */
int cpty_pidfd_open(pid_t pid);

/* pipe2(fds, O_CLOEXEC | (nonblocking ? O_NONBLOCK : 0)). 0, or -1 with errno. */
int cpty_pipe(int fds[2], int nonblocking);

/* signalfd(-1, signals, SFD_CLOEXEC | SFD_NONBLOCK). The signals must be blocked. */
int cpty_signalfd(const sigset_t *signals);

/* Reads one queued signal from a signalfd: its number, 0 when none is queued, -1 on error. */
int cpty_signalfd_next(int fd);

/* As cpty_signalfd_next, and whether a process sent it (kill, sigqueue) rather than the kernel
 * (a ^C typed at the terminal reaches the whole foreground process group). */
int cpty_signalfd_next_sender(int fd, int *sent_by_process);

/* WIFEXITED & co. are macros, which Swift does not import. */
int cpty_wifexited(int status);
int cpty_wexitstatus(int status);
int cpty_wifsignaled(int status);
int cpty_wtermsig(int status);

#endif
