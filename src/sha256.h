/*
 * sha256.h - SHA-256 (FIPS 180-4), for the digest of a registered report's
 * data: in one call (ap_sha256_hex), or fed piece by piece (init, update,
 * final) so that the data need never be in memory at once.
 */
#ifndef AP_SHA256_H
#define AP_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct ap_sha256 {
    uint32_t h[8];
    uint64_t len;          /* bytes fed so far */
    unsigned char buf[64]; /* a block not yet full */
    size_t n;
} ap_sha256;

void ap_sha256_init(ap_sha256 *c);
void ap_sha256_update(ap_sha256 *c, const void *data, size_t len);
void ap_sha256_final(ap_sha256 *c, char out[65]); /* 64 lowercase hex digits and a NUL */

/* The digest of len bytes at data as 64 lowercase hex digits and a NUL. */
void ap_sha256_hex(const void *data, size_t len, char out[65]);

#endif
