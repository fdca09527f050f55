#ifndef SCROLLVAULT_CPCRE2_SHIM_H
#define SCROLLVAULT_CPCRE2_SHIM_H
/* The 8-bit (UTF-8) library. pcre2.h names its functions through macros (pcre2_compile ->
   pcre2_compile_8) that Swift cannot import, so Swift calls the _8 names directly. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
/* PCRE2_UNSET and PCRE2_ZERO_TERMINATED are cast macros Swift cannot import. */
static inline PCRE2_SIZE cpcre2_unset(void) { return PCRE2_UNSET; }
#endif
