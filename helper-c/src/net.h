/*
 * Container networking: bridges tagged as tscontain's, veth pairs into a
 * container's network namespace, and the store's own nftables table.
 */
#ifndef TSCONTAIN_NET_H
#define TSCONTAIN_NET_H

#include <netinet/in.h>
#include <stdbool.h>

#include "util.h"

#define NET_MAX_VETHS 8

/* One --veth INDEX,BRIDGE,ADDR/PREFIX[,GATEWAY]: eth<INDEX> in the container. */
struct net_veth
{
  int index; /* 0-9 */
  char bridge[16];
  struct in_addr addr;
  int prefix;
  bool has_gateway;
  struct in_addr gateway;
};

int net_parse_veth(const char *v, struct net_veth *out, herr_t *err);
/* The bridge alias that marks it as STORE's: "tscontain STORE". */
int net_bridge_alias(const char *store, char *buf, size_t size, herr_t *err);
/* Creates the veths of V in the network namespace of the process behind PIDFD. */
int net_attach(const char *store, const char *id, int pidfd, const struct net_veth *v, size_t n, herr_t *err);

/* A growing text buffer (nft.c); aborts the helper when memory runs out. */
struct text
{
  char *buf;
  size_t len, cap;
};
void text_put(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* nft.c: replaces STORE's table with the rules in ARGV ("--masquerade ..."/"--publish ..."). */
int nft_apply(const char *store, int argc, char **argv, herr_t *err);
/* "tscontain" for the default store, else "tscontain_" + 8 hex digits of a hash of the path. */
void nft_table_name(const char *store, char out[32]);

/*
 * fwd.c: the store's chain in the host's iptables filter FORWARD (legacy and
 * nft variants), recomputed: bridges named there that are no longer STORE's
 * are dropped, REMOVE too; ADD (a bridge of STORE) is added where FORWARD
 * would drop its traffic or the chain already exists. *INSTALLED: the chain
 * holds rules afterwards in some variant. ADD/REMOVE may be NULL.
 */
int fwd_sync(const char *store, int nl, const char *add, const char *remove, bool *installed, herr_t *err);

#endif
