/*
 * sha256.h - SHA-256 (FIPS 180-4), for the digest of a registered report's
 * data. One call: ap_sha256_hex.
 */
#ifndef AP_SHA256_H
#define AP_SHA256_H

#include <stddef.h>

/* The digest of len bytes at data as 64 lowercase hex digits and a NUL. */
void ap_sha256_hex(const void *data, size_t len, char out[65]);

#endif
