#ifndef SCROLLVAULT_CPTY_H
#define SCROLLVAULT_CPTY_H
/* Placeholder until the PTY shim lands. */
int cpty_placeholder(void);
#endif
