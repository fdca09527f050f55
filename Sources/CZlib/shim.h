#ifndef SCROLLVAULT_CZLIB_SHIM_H
#define SCROLLVAULT_CZLIB_SHIM_H
#include <zlib.h>
#endif
