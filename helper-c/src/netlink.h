/*
 * rtnetlink, spoken directly: the few link, address and route requests the
 * net verb and run's --veth need. IPv4 only. Every request asks for an ACK,
 * so a failure comes back as the kernel's errno.
 */
#ifndef TSCONTAIN_NETLINK_H
#define TSCONTAIN_NETLINK_H

#include <netinet/in.h>
#include <stdbool.h>

#include "util.h"

#define NL_ALIAS_MAX 256

struct nl_link
{
  int index;
  char kind[32]; /* "bridge", "veth", "" */
  char alias[NL_ALIAS_MAX];
};

/* A NETLINK_ROUTE socket in the caller's current network namespace. */
int nl_open(int *out_fd, herr_t *err);
/* 0 and *L filled; 1 if there is no such link; -1 on error. */
int nl_link_get(int fd, const char *name, struct nl_link *l, herr_t *err);
int nl_bridge_add(int fd, const char *name, herr_t *err);
int nl_link_set_alias(int fd, int index, const char *alias, herr_t *err);
/* Sets the link up and, with MASTER > 0, enslaves it. */
int nl_link_up(int fd, int index, int master, herr_t *err);
int nl_link_del(int fd, int index, herr_t *err);
/* A veth pair: HOST in this namespace, PEER created directly in the namespace NETNS_FD. */
int nl_veth_add(int fd, const char *host, const char *peer, int netns_fd, herr_t *err);
/* Adds ADDR/PREFIX with its broadcast; an address already there is fine. */
int nl_addr_add(int fd, int index, struct in_addr addr, int prefix, herr_t *err);
int nl_route_default(int fd, int index, struct in_addr gateway, herr_t *err);

/* "A.B.C.D/N" (the address may have host bits set). */
bool parse_cidr(const char *s, struct in_addr *addr, int *prefix);
bool parse_ipv4(const char *s, struct in_addr *addr);
/* Linux interface names: 1-15 bytes of [A-Za-z0-9_.-], not "." or "..". */
bool valid_ifname(const char *s);

#endif
