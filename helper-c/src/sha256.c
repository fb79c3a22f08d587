/*
 * SHA-256 per FIPS 180-4. Hashing every layer byte is the hot path of a
 * pull, so CPUs with the SHA extensions (checked with cpuid at run time)
 * use them: about ten times the speed of the portable rounds below.
 */
#include "sha256.h"

#include <stdio.h>
#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

static const uint32_t K[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t ror(uint32_t x, unsigned n)
{
  return (x >> n) | (x << (32 - n));
}

static void blocks_portable(uint32_t s[8], const uint8_t *p, size_t n)
{
  for (; n > 0; n--, p += SHA256_BLOCK)
    {
      uint32_t w[64];
      for (int i = 0; i < 16; i++)
        w[i] = (uint32_t) p[4 * i] << 24 | (uint32_t) p[4 * i + 1] << 16
               | (uint32_t) p[4 * i + 2] << 8 | (uint32_t) p[4 * i + 3];
      for (int i = 16; i < 64; i++)
        {
          uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
          uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
          w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
      uint32_t a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
      for (int i = 0; i < 64; i++)
        {
          uint32_t t1 = h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
          uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
          h = g;
          g = f;
          f = e;
          e = d + t1;
          d = c;
          c = b;
          b = a;
          a = t1 + t2;
        }
      s[0] += a;
      s[1] += b;
      s[2] += c;
      s[3] += d;
      s[4] += e;
      s[5] += f;
      s[6] += g;
      s[7] += h;
    }
}

#if defined(__x86_64__)
/* The state lives as ABEF and CDGH vectors, as sha256rnds2 wants it. */
__attribute__((target("sha,sse4.1,ssse3"))) static void blocks_shani(uint32_t s[8], const uint8_t *p,
                                                                      size_t n)
{
  const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
  __m128i tmp = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *) &s[0]), 0xB1);
  __m128i st1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *) &s[4]), 0x1B);
  __m128i st0 = _mm_alignr_epi8(tmp, st1, 8);
  st1 = _mm_blend_epi16(st1, tmp, 0xF0);

  for (; n > 0; n--, p += SHA256_BLOCK)
    {
      const __m128i save0 = st0, save1 = st1;
      __m128i m[4];
#pragma GCC unroll 16
      for (int g = 0; g < 16; g++)
        {
          if (g < 4)
            m[g] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *) (p + 16 * g)), swap);
          else
            m[g % 4] = _mm_sha256msg2_epu32(
                _mm_add_epi32(_mm_sha256msg1_epu32(m[g % 4], m[(g + 1) % 4]),
                              _mm_alignr_epi8(m[(g + 3) % 4], m[(g + 2) % 4], 4)),
                m[(g + 3) % 4]);
          __m128i msg = _mm_add_epi32(m[g % 4], _mm_loadu_si128((const __m128i *) &K[4 * g]));
          st1 = _mm_sha256rnds2_epu32(st1, st0, msg);
          st0 = _mm_sha256rnds2_epu32(st0, st1, _mm_shuffle_epi32(msg, 0x0E));
        }
      st0 = _mm_add_epi32(st0, save0);
      st1 = _mm_add_epi32(st1, save1);
    }

  tmp = _mm_shuffle_epi32(st0, 0x1B);
  st1 = _mm_shuffle_epi32(st1, 0xB1);
  _mm_storeu_si128((__m128i *) &s[0], _mm_blend_epi16(tmp, st1, 0xF0));
  _mm_storeu_si128((__m128i *) &s[4], _mm_alignr_epi8(st1, tmp, 8));
}
#endif

bool sha256_has_fast_path(void)
{
#if defined(__x86_64__)
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSE4_1) || !(c & bit_SSSE3))
    return false;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
    return false;
  return (b & (1u << 29)) != 0;
#else
  return false;
#endif
}

static void blocks(struct sha256 *h, const uint8_t *p, size_t n)
{
#if defined(__x86_64__)
  if (!h->portable)
    {
      blocks_shani(h->state, p, n);
      return;
    }
#endif
  blocks_portable(h->state, p, n);
}

void sha256_init(struct sha256 *h)
{
  static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                  0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
  memcpy(h->state, iv, sizeof iv);
  h->length = 0;
  h->fill = 0;
  h->portable = !sha256_has_fast_path();
}

void sha256_update(struct sha256 *h, const void *data, size_t n)
{
  const uint8_t *p = data;
  h->length += n;
  if (h->fill > 0)
    {
      size_t take = SHA256_BLOCK - h->fill < n ? SHA256_BLOCK - h->fill : n;
      memcpy(h->block + h->fill, p, take);
      h->fill += take;
      p += take;
      n -= take;
      if (h->fill < SHA256_BLOCK)
        return;
      blocks(h, h->block, 1);
      h->fill = 0;
    }
  if (n >= SHA256_BLOCK)
    {
      blocks(h, p, n / SHA256_BLOCK);
      p += n - n % SHA256_BLOCK;
      n %= SHA256_BLOCK;
    }
  memcpy(h->block, p, n);
  h->fill = n;
}

void sha256_final_hex(struct sha256 *h, char hex[SHA256_HEX_LEN + 1])
{
  uint64_t bits = h->length * 8;
  uint8_t pad[SHA256_BLOCK * 2] = { 0x80 };
  size_t padlen = (h->fill < 56 ? 56 : 120) - h->fill;
  for (int i = 0; i < 8; i++)
    pad[padlen + (size_t) i] = (uint8_t) (bits >> (56 - 8 * i));
  sha256_update(h, pad, padlen + 8);
  for (int i = 0; i < 8; i++)
    snprintf(hex + 8 * i, 9, "%08x", h->state[i]);
}
