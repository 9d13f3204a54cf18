#ifndef WORKBENCH_CDEFLATE_SHIM_H
#define WORKBENCH_CDEFLATE_SHIM_H

#include <zlib.h>

/* deflateInit2 is a macro Swift cannot import: raw deflate (no zlib header), as ZIP stores it. */
static inline int workbench_deflate_init(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
}

#endif
