#ifndef SCROLLVAULT_CLZ4_SHIM_H
#define SCROLLVAULT_CLZ4_SHIM_H
#include <lz4.h>
#endif
