/* SHA-256 (FIPS 180-4) for the diff_id of a layer: the x86 SHA extensions
 * when the CPU has them, portable C otherwise. */
#ifndef TSCONTAIN_SHA256_H
#define TSCONTAIN_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SHA256_BLOCK 64
#define SHA256_HEX_LEN 64

struct sha256
{
  uint32_t state[8];
  uint64_t length; /* bytes hashed */
  uint8_t block[SHA256_BLOCK];
  size_t fill;
  bool portable; /* set by sha256_init; tests may clear the fast path */
};

void sha256_init(struct sha256 *h);
void sha256_update(struct sha256 *h, const void *data, size_t n);
/* Writes 64 lowercase hex digits and a NUL into hex. */
void sha256_final_hex(struct sha256 *h, char hex[SHA256_HEX_LEN + 1]);
/* Whether sha256_init picks the SHA extensions on this CPU. */
bool sha256_has_fast_path(void);

#endif
