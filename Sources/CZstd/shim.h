#ifndef SCROLLVAULT_CZSTD_SHIM_H
#define SCROLLVAULT_CZSTD_SHIM_H
#include <zstd.h>
#endif
