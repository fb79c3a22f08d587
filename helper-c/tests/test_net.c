/*
 * net: bridges tagged as the store's, veths into a running container
 * (run --veth and net connect/disconnect), the store's nft table, and the
 * refusals. Uses only bridge "tsctap<pid%1000>" and 10.215.X.0/24, made and
 * removed here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "box.h"

static struct box b;
static char bridge[16], bip[32], addr2[32], veth[64], subnet[32];

static void net(struct out *o, const char *const args[])
{
  const char *argv[32] = { helper_bin, "net", "--store", b.store };
  size_t n = 4;
  for (size_t i = 0; args[i] && n < 31; i++)
    argv[n++] = args[i];
  argv[n] = NULL;
  run_out(argv, false, o);
}

static bool link_exists(const char *name)
{
  return run_cmd("ip link show %s >/dev/null 2>&1", name) == 0;
}

static char *table(void)
{
  static char cmd[600];
  unsigned h = 2166136261u;
  for (const unsigned char *p = (const unsigned char *) b.store; *p; p++)
    h = (h ^ *p) * 16777619u;
  snprintf(cmd, sizeof cmd, "tscontain_%08x", h);
  return cmd;
}

static void test_bridge_and_rules(void)
{
  struct out o;
  net(&o, (const char *const[]) { "bridge-up", "--bridge", bridge, "--address", bip, NULL });
  tap_ok(o.status == 0 && link_exists(bridge), "bridge-up creates %s", bridge);
  net(&o, (const char *const[]) { "bridge-up", "--bridge", bridge, "--address", bip, NULL });
  tap_ok(o.status == 0, "bridge-up is idempotent");
  net(&o, (const char *const[]) { "bridge-up", "--bridge", "lo", "--address", bip, NULL });
  tap_ok(o.status == 3 && one_line_code(o.err, "DENIED"), "bridge-up refuses to adopt lo: DENIED");
  net(&o, (const char *const[]) { "bridge-down", "--bridge", "lo", NULL });
  tap_ok(o.status == 3 && link_exists("lo"), "bridge-down refuses an interface that is not the store's");
  net(&o, (const char *const[]) { "bridge-up", "--bridge", "bad/name", "--address", bip, NULL });
  tap_ok(o.status == 2 && one_line_code(o.err, "USAGE"), "a bad interface name: USAGE");
  net(&o, (const char *const[]) { "bridge-up", "--bridge", bridge, "--address", "10.1.1.1/33", NULL });
  tap_ok(o.status == 2, "a bad address: USAGE");

  char pub[96];
  snprintf(pub, sizeof pub, "tcp,127.0.0.1,18999,%s,80", addr2);
  char masq[64];
  snprintf(masq, sizeof masq, "%s,%s", bridge, subnet);
  net(&o, (const char *const[]) { "rules", "--masquerade", masq, "--publish", pub, NULL });
  tap_ok(o.status == 0 && run_cmd("nft list table ip %s | grep -q 'dport 18999 dnat to %s:80'", table(), addr2) == 0,
         "rules writes the store's own table %s", table());
  tap_ok(run_cmd("nft list table ip %s | grep -q 'chain isolate'", table()) != 0, "one bridge: no isolation chain");
  char masq2[64];
  snprintf(masq2, sizeof masq2, "%sx,10.215.77.0/24", bridge);
  net(&o, (const char *const[]) { "rules", "--masquerade", masq, "--masquerade", masq2, "--publish", pub, NULL });
  tap_ok(o.status == 0
             && run_cmd("nft list table ip %s | grep -q 'iifname \"%s\" oifname \"%sx\" ct status ! dnat drop'", table(), bridge, bridge) == 0
             && run_cmd("nft list table ip %s | grep -q 'iifname \"%sx\" oifname \"%s\" ct status ! dnat drop'", table(), bridge, bridge) == 0,
         "two bridges: nothing forwarded between them but published (DNATed) connections");
  net(&o, (const char *const[]) { "rules", "--publish", "tcp,127.0.0.1,18999,1.2.3.4,80; flush ruleset", NULL });
  tap_ok(o.status == 2 && one_line_code(o.err, "USAGE"), "rules refuses injected text: USAGE");
  net(&o, (const char *const[]) { "rules", "--publish", "sctp,0.0.0.0,1,1.2.3.4,80", NULL });
  tap_ok(o.status == 2, "rules refuses an unknown protocol");
  tap_ok(run_cmd("nft list table ip %s | grep -q 18999", table()) == 0, "a refused update leaves the table as it was");
}

static void test_veth(void)
{
  struct out o, e;
  const char *id = box_id(&b, 300);
  const char *const extra[] = { "--network", "new", "--veth", veth, NULL };
  const char *const prog[] = { "sleep", "30", NULL };
  box_run(&b, id, extra, prog, &o);
  pid_t pid = out_pid(&o);
  tap_ok(o.status == 0 && pid > 1, "run --veth starts the container (%d)", (int) pid);
  char host[16];
  snprintf(host, sizeof host, "tsv%.10s0", id);
  tap_ok(link_exists(host) && run_cmd("ip link show %s | grep -q 'master %s'", host, bridge) == 0,
         "the host end %s is enslaved to the bridge", host);
  tap_ok(run_cmd("nsenter -t %d -n ip -4 -o addr show eth0 | grep -q 'inet %s'", (int) pid, addr2) == 0,
         "eth0 in the container has the address before the program ran");
  tap_ok(run_cmd("nsenter -t %d -n ip route | grep -q 'default via'", (int) pid) == 0, "and a default route");
  char bridge_ip[32];
  snprintf(bridge_ip, sizeof bridge_ip, "%s", bip);
  *strchr(bridge_ip, '/') = '\0';
  tap_ok(run_cmd("nsenter -t %d -n ping -c1 -W2 %s >/dev/null 2>&1", (int) pid, bridge_ip) == 0
             || run_cmd("nsenter -t %d -n busybox ping -c1 -W2 %s >/dev/null 2>&1", (int) pid, bridge_ip) == 0,
         "the container reaches the gateway over the bridge");

  char pidbuf[16];
  snprintf(pidbuf, sizeof pidbuf, "%d", (int) pid);
  net(&e, (const char *const[]) { "disconnect", "--id", id, "--pid", "1", "--index", "0", NULL });
  tap_ok(e.status == 3 && link_exists(host), "disconnect naming another pid: DENIED");
  net(&e, (const char *const[]) { "connect", "--id", id, "--pid", pidbuf, "--veth", "1,lo,10.215.9.9/24", NULL });
  tap_ok(e.status == 3, "connect to an interface that is not the store's bridge: DENIED");
  net(&e, (const char *const[]) { "disconnect", "--id", id, "--pid", pidbuf, "--index", "0", NULL });
  tap_ok(e.status == 0 && !link_exists(host), "disconnect removes the veth");
  char v2[64];
  snprintf(v2, sizeof v2, "%.60s", veth);
  v2[0] = '2';
  net(&e, (const char *const[]) { "connect", "--id", id, "--pid", pidbuf, "--veth", v2, NULL });
  snprintf(host, sizeof host, "tsv%.10s2", id);
  tap_ok(e.status == 0 && link_exists(host)
             && run_cmd("nsenter -t %d -n ip link show eth2 >/dev/null 2>&1", (int) pid) == 0,
         "connect adds eth2 to the running container");
  box_stop(&b, id);
  box_exit_code(&b, id, 5);
  /* The kernel dismantles a dead namespace from a workqueue: poll, at most 5 s. */
  for (int i = 0; i < 100 && link_exists(host); i++)
    usleep(50000);
  tap_ok(!link_exists(host), "the veth goes with the container's namespace");
}

/* forward-sync's refusals; nothing reaches iptables before them. */
static void test_forward_refusals(void)
{
  struct out o;
  net(&o, (const char *const[]) { "forward-sync", "--bridge", "lo", NULL });
  tap_ok(o.status == 3 && one_line_code(o.err, "DENIED"), "forward-sync refuses a bridge that is not the store's: DENIED");
  net(&o, (const char *const[]) { "forward-sync", "--bridge", "bad/name", NULL });
  tap_ok(o.status == 2 && one_line_code(o.err, "USAGE"), "forward-sync refuses a bad interface name: USAGE");
  net(&o, (const char *const[]) { "forward-sync", "--bridge", "tsc-absent0", NULL });
  tap_ok(o.status == 8 && one_line_code(o.err, "NOTRUNNING"), "forward-sync refuses a missing bridge");
  net(&o, (const char *const[]) { "forward-sync", "--table", "filter", NULL });
  tap_ok(o.status == 2 && one_line_code(o.err, "USAGE"), "forward-sync refuses an unknown flag: USAGE");
  net(&o, (const char *const[]) { "forward-sync", "--bridge", NULL });
  tap_ok(o.status == 2 && one_line_code(o.err, "USAGE"), "forward-sync --bridge needs a value: USAGE");
}

/*
 * In a private network namespace (the host's firewall is never touched):
 * FORWARD policy DROP gets the store's chain at bridge-up, jumped to first;
 * bridge-down leaves FORWARD exactly as it was. Then a FORWARD that accepts
 * gets nothing.
 */
static void test_forward_netns(void)
{
  static const char *const variants[] = { "legacy", "nft" };
  for (size_t i = 0; i < 2; i++)
    {
      const char *v = variants[i];
      if (run_cmd("test -x /usr/sbin/iptables-%s -a -x /usr/bin/unshare", v) != 0)
        {
          tap_skip("iptables or unshare is missing", "iptables-%s FORWARD DROP", v);
          continue;
        }
      int r = run_cmd("unshare --net /bin/sh -ec '"
                      "trap \"rm -f /tmp/tsc-fwd-before.$$\" EXIT; ip link set lo up; iptables-%s -w 5 -P FORWARD DROP; iptables-%s -w 5 -A FORWARD -p tcp --dport 9 -j DROP; "
                      "iptables-%s -w 5 -S >/tmp/tsc-fwd-before.$$; "
                      "%s net --store %s bridge-up --bridge tscfw0 --address 10.215.250.1/24 | grep -q forwardRules; "
                      "iptables-%s -w 5 -S FORWARD | sed -n 2p | grep -q \"^-A FORWARD -j TSCONTAIN-FWD-\"; "
                      "iptables-%s -w 5 -S | grep -q \"^-A TSCONTAIN-FWD-.* -i tscfw0 -j ACCEPT\"; "
                      "%s net --store %s bridge-down --bridge tscfw0 >/dev/null; "
                      "iptables-%s -w 5 -S | cmp -s - /tmp/tsc-fwd-before.$$'",
                      v, v, v, helper_bin, b.store, v, v, helper_bin, b.store, v);
      tap_ok(r == 0, "iptables-%s FORWARD DROP: the store's chain comes with bridge-up and goes with bridge-down", v);
    }
  int r = run_cmd("unshare --net /bin/sh -ec '"
                  "ip link set lo up; iptables-nft -w 5 -P FORWARD ACCEPT; "
                  "! %s net --store %s bridge-up --bridge tscfw0 --address 10.215.250.1/24 | grep -q forwardRules; "
                  "! iptables-nft -w 5 -S | grep -q TSCONTAIN'",
                  helper_bin, b.store);
  tap_ok(r == 0, "FORWARD accepting: bridge-up adds nothing");
}

static void test_teardown(void)
{
  struct out o;
  net(&o, (const char *const[]) { "rules", NULL });
  tap_ok(o.status == 0 && run_cmd("nft list table ip %s >/dev/null 2>&1", table()) != 0, "rules with nothing deletes the table");
  net(&o, (const char *const[]) { "bridge-down", "--bridge", bridge, NULL });
  tap_ok(o.status == 0 && !link_exists(bridge), "bridge-down removes the bridge");
  net(&o, (const char *const[]) { "bridge-down", "--bridge", bridge, NULL });
  tap_ok(o.status == 0, "bridge-down of a missing bridge is fine");
}

int main(int argc, char **argv)
{
  harness_init(argc, argv);
  if (access("/usr/sbin/nft", X_OK) != 0)
    {
      printf("1..0 # SKIP /usr/sbin/nft is missing (apt-get install nftables)\n");
      return 0;
    }
  box_init(&b, "/var/tmp");
  int slot = (int) (getpid() % 200);
  snprintf(bridge, sizeof bridge, "tsctap%d", slot);
  snprintf(bip, sizeof bip, "10.215.%d.1/24", slot);
  snprintf(subnet, sizeof subnet, "10.215.%d.0/24", slot);
  snprintf(addr2, sizeof addr2, "10.215.%d.2", slot);
  snprintf(veth, sizeof veth, "0,%s,10.215.%d.2/24,10.215.%d.1", bridge, slot, slot);
  test_bridge_and_rules();
  test_veth();
  test_forward_refusals();
  test_forward_netns();
  test_teardown();
  box_cleanup(&b);
  return tap_done();
}
