// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nvmf_connect, nvmf_connect_all, nvmf_lock and nvmf_delete_all through
 * their public API, against the fake kernel of the CLI tests
 * (tests/fake-kernel.c) below a temporary root: it makes and deletes the
 * controllers' sysfs directories and serves the logs written here for each
 * portal; what it was asked is recorded on the way.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "connect.h"
#include "delete.h"
#include "disclog-encode.h"
#include "disclog.h"
#include "fabrics.h"
#include "fake-kernel.h"
#include "helpers.h"
#include "kernel.h"
#include "lock.h"
#include "params.h"
#include "topology.h"
#include "util.h"

#define HOSTNQN		"nqn.2014-08.org.nvmexpress:uuid:0f8fad5b-d9cb-469f-a165-70867728950e"
#define HOSTID		"0f8fad5b-d9cb-469f-a165-70867728950e"
#define LINE_HOSTNQN	"nqn.2014-08.org.nvmexpress:uuid:11111111-2222-3333-4444-555555555555"
#define NQN(x)		"nqn.2014-08.org.example:" x
#define PORTAL_A	"192.0.2.1"
#define PORTAL_B	"192.0.2.2"
#define REFUSING	"192.0.2.99"

/* ---- the kernel: tests/fake-kernel.c, with what it was asked recorded ---- */

#define MAX_RECORDS	256

static struct {
	char *created[MAX_RECORDS];	/* option strings, in order */
	size_t nr_created;
	char *deleted[MAX_RECORDS];
	size_t nr_deleted;
	unsigned int nr_load_module;
	unsigned int nr_get_log;

	/* the parallel delete test's: wait until rendezvous_n deletes are in flight */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned int in_flight, max_in_flight, rendezvous_n;
	bool released, timed_out;
} fk = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.cond = PTHREAD_COND_INITIALIZER,
};

/* The value of option @key in a kernel option string, or NULL. */
static const char *opt_value(const char *options, const char *key, char *buf, size_t len)
{
	size_t klen = strlen(key);
	const char *s = options;

	while (*s) {
		size_t n = strcspn(s, ",\n");

		if (n > klen && !strncmp(s, key, klen) && s[klen] == '=') {
			size_t v = n - klen - 1;

			if (v >= len)
				v = len - 1;
			memcpy(buf, s + klen + 1, v);
			buf[v] = '\0';
			return buf;
		}
		s += n;
		s += strspn(s, ",\n");
	}
	return NULL;
}

/* Does the option string hold @token, alone or as "token=..."? */
static bool has_token(const char *options, const char *token)
{
	size_t tlen = strlen(token);
	const char *s = options;

	while (*s) {
		size_t n = strcspn(s, ",\n");

		if (n >= tlen && !strncmp(s, token, tlen) && (n == tlen || s[tlen] == '='))
			return true;
		s += n;
		s += strspn(s, ",\n");
	}
	return false;
}

static bool is_discovery_options(const char *options)
{
	char nqn[300];

	return has_token(options, "discovery") ||
	       (opt_value(options, "nqn", nqn, sizeof(nqn)) && !strcmp(nqn, NVMF_DISC_NQN));
}

static bool ctrl_dir_exists(int instance)
{
	char path[PATH_MAX];

	return root_path(path, sizeof(path), "/sys/class/nvme/nvme%d", instance) == 0 &&
	       access(path, F_OK) == 0;
}

static const char *const ctrl_attrs[] = {
	"transport", "address", "subsysnqn", "state", "cntrltype", "hostnqn", "hostid",
};

struct sysfs_ctrl {
	const char *transport, *traddr, *trsvcid, *nqn, *hostnqn, *hostid, *state;
	bool discovery;
};

/* A controller directory with what nvmf_topology_scan() reads. */
static void put_ctrl(int instance, const struct sysfs_ctrl *c)
{
	const char *values[ARRAY_SIZE(ctrl_attrs)];
	char path[128], address[400];

	snprintf(address, sizeof(address), "traddr=%s,trsvcid=%s\n", c->traddr, c->trsvcid);
	values[0] = c->transport;
	values[1] = address;
	values[2] = c->nqn;
	values[3] = c->state ? c->state : "live";
	values[4] = c->discovery ? "discovery" : "io";
	values[5] = c->hostnqn;
	values[6] = c->hostid;
	for (size_t i = 0; i < ARRAY_SIZE(ctrl_attrs); i++) {
		char value[400];

		snprintf(path, sizeof(path), "/sys/class/nvme/nvme%d/%s", instance, ctrl_attrs[i]);
		snprintf(value, sizeof(value), "%s%s", values[i], i == 1 ? "" : "\n");
		put_file(path, value);
	}
}

/* The fake kernel's "SUBJECT ERRNO" rule for @file: what holds @subject fails with @err. */
static void inject_error(const char *file, const char *subject, int err)
{
	char path[64], rule[300];

	snprintf(path, sizeof(path), "/fake/%s", file);
	assert_non_null(strerrorname_np(-err));
	snprintf(rule, sizeof(rule), "%s %s\n", subject, strerrorname_np(-err));
	append_file(path, rule);
}

static void inject_create_error(const char *traddr, int err)
{
	char subject[80];

	snprintf(subject, sizeof(subject), "traddr=%s,", traddr);
	inject_error("connect-errors", subject, err);
}

static void inject_delete_error(const char *name, int err)
{
	inject_error("delete-errors", name, err);
}

static int record_create(const char *options, char *reply, size_t len)
{
	assert_true(fk.nr_created < MAX_RECORDS);
	fk.created[fk.nr_created] = strdup(options);
	assert_non_null(fk.created[fk.nr_created]);
	fk.nr_created++;
	return fake_kernel_ops.create_ctrl(options, reply, len);
}

static ssize_t record_get_log(const char *ctrl, uint8_t lid, int rae, uint64_t offset, void *buf,
			      size_t len)
{
	fk.nr_get_log++;
	return fake_kernel_ops.get_log(ctrl, lid, rae, offset, buf, len);
}

/* Called from nvmf_delete_all()'s threads: no cmocka assertions here. */
static int record_delete(const char *ctrl)
{
	pthread_mutex_lock(&fk.lock);
	if (fk.nr_deleted < MAX_RECORDS)
		fk.deleted[fk.nr_deleted++] = strdup(ctrl);
	pthread_mutex_unlock(&fk.lock);
	return fake_kernel_ops.delete_ctrl(ctrl);
}

static int record_load_module(const char *name)
{
	fk.nr_load_module++;
	return fake_kernel_ops.load_module(name);
}

static struct nvmf_kernel_ops recording_ops;

static void fake_forget_records(void)
{
	for (size_t i = 0; i < fk.nr_created; i++)
		free(fk.created[i]);
	for (size_t i = 0; i < fk.nr_deleted; i++)
		free(fk.deleted[i]);
	fk.nr_created = 0;
	fk.nr_deleted = 0;
}

static void fake_reset(void)
{
	fake_forget_records();
	fk.nr_load_module = 0;
	fk.nr_get_log = 0;
	fk.in_flight = 0;
	fk.max_in_flight = 0;
	fk.rendezvous_n = 0;
	fk.released = false;
	fk.timed_out = false;
	recording_ops = fake_kernel_ops;
	recording_ops.create_ctrl = record_create;
	recording_ops.get_log = record_get_log;
	recording_ops.delete_ctrl = record_delete;
	recording_ops.load_module = record_load_module;
}

/* How many recorded option strings hold every one of @needles (NULL-terminated). */
static size_t created_with(const char *needle, ...)
{
	size_t count = 0;

	for (size_t i = 0; i < fk.nr_created; i++) {
		const char *n = needle;
		bool all = true;
		va_list ap;

		va_start(ap, needle);
		for (; n && all; n = va_arg(ap, const char *))
			all = strstr(fk.created[i], n) != NULL;
		va_end(ap);
		count += all;
	}
	return count;
}

static size_t created_io(void)
{
	size_t n = 0;

	for (size_t i = 0; i < fk.nr_created; i++)
		n += !is_discovery_options(fk.created[i]);
	return n;
}

static size_t created_discovery(const char *traddr)
{
	char want[80];
	size_t n = 0;

	snprintf(want, sizeof(want), "traddr=%s,", traddr);
	for (size_t i = 0; i < fk.nr_created; i++)
		n += is_discovery_options(fk.created[i]) && strstr(fk.created[i], want);
	return n;
}

/* ---- discovery logs ---- */

#define TCP_ENT(sub, tr, svc, nqn, addr) { .trtype = NVMF_TRTYPE_TCP, \
	.adrfam = NVMF_ADRFAM_IP4, .subtype = (sub), .treq = (tr), .trsvcid = (svc), \
	.subnqn = (nqn), .traddr = (addr) }
#define SUBSYS(nqn, addr)	TCP_ENT(NVMF_SUBTYPE_NVME, 0, "4420", nqn, addr)
#define REFERRAL(addr)		TCP_ENT(NVMF_SUBTYPE_REFERRAL, 0, "8009", NVMF_DISC_NQN, addr)
#define CURRENT(addr)		TCP_ENT(NVMF_SUBTYPE_CURRENT_DISC, 0, "8009", NVMF_DISC_NQN, addr)

/* Serve a log of @ents, each at port 1 with a dynamic controller, at the discovery portal @traddr:8009. */
static void serve_log(const char *traddr, const struct disc_entry *ents, size_t nr)
{
	size_t len = DISC_HDR_SIZE + nr * DISC_ENTRY_SIZE;
	unsigned char *buf = disc_log_new(1, nr, NULL, 0, nr);
	char path[128];

	assert_non_null(buf);
	for (size_t i = 0; i < nr; i++) {
		struct disc_entry e = ents[i];

		e.portid = 1;
		e.cntlid = 0xffff;
		assert_true(disc_put_entry(buf + DISC_HDR_SIZE + i * DISC_ENTRY_SIZE, &e));
	}
	snprintf(path, sizeof(path), "/fake/logs/%s_8009.bin", traddr);
	put_bytes(path, buf, len);
	free(buf);
}

/* ---- reports ---- */

struct seen {
	char source[128];
	unsigned int depth;
	size_t index;
	uint8_t subtype;
	char subnqn[257];
	char traddr[257];
	enum nvmf_result result;
	char device[32];
	int err;
	char error[1024];
};

static struct {
	struct seen r[64];
	size_t n;
	bool overflow;
} seen;

static void record_report(const struct nvmf_entry_report *r, void *arg)
{
	struct seen *s;

	assert_ptr_equal(arg, &seen);
	if (seen.n == ARRAY_SIZE(seen.r)) {
		seen.overflow = true;
		return;
	}
	s = &seen.r[seen.n++];
	strlcopy(s->source, r->source, sizeof(s->source));
	s->depth = r->depth;
	s->index = r->index;
	s->subtype = r->entry->subtype;
	strlcopy(s->subnqn, r->entry->subnqn, sizeof(s->subnqn));
	strlcopy(s->traddr, r->entry->traddr, sizeof(s->traddr));
	s->result = r->result;
	strlcopy(s->device, r->device ? r->device : "", sizeof(s->device));
	s->err = r->err;
	strlcopy(s->error, r->error ? r->error : "", sizeof(s->error));
}

/* The one report of the entry offering @subnqn at @traddr. */
static const struct seen *report_of(const char *subnqn, const char *traddr)
{
	const struct seen *found = NULL;

	for (size_t i = 0; i < seen.n; i++) {
		if (strcmp(seen.r[i].subnqn, subnqn) || strcmp(seen.r[i].traddr, traddr))
			continue;
		assert_null(found);	/* reported once */
		found = &seen.r[i];
	}
	assert_non_null(found);
	return found;
}

/* The report of the referral to @traddr found in the log of @source. */
static const struct seen *referral_report(const char *source_traddr, const char *traddr)
{
	char source[128];

	snprintf(source, sizeof(source), "tcp %s:8009", source_traddr);
	for (size_t i = 0; i < seen.n; i++)
		if (seen.r[i].subtype == NVMF_SUBTYPE_REFERRAL && !strcmp(seen.r[i].traddr, traddr) &&
		    !strcmp(seen.r[i].source, source))
			return &seen.r[i];
	fail_msg("no report of the referral to %s in the log of %s", traddr, source);
	return NULL;
}

/* A controller nvmf reported: live in sysfs, connecting @subnqn at @traddr. */
static void assert_device(const char *device, const char *subnqn, const char *traddr)
{
	struct nvmf_ctrl c;

	assert_int_equal(nvmf_ctrl_read(device, &c), 0);
	assert_string_equal(c.subsysnqn, subnqn);
	assert_string_equal(c.addr.traddr, traddr);
	assert_string_equal(c.state, "live");
	assert_false(c.discovery);
}

/* ---- fixtures ---- */

static const struct nvmf_kernel_ops *saved_kernel;
/* A test's topology and connect-all run, freed by teardown even when it fails. */
static struct nvmf_topology t;
static struct nvmf_connect_all ca;
/* What nvmf connect and connect-all hold during a test; reset by setup. */
static struct {
	struct nvmf_session s;
	struct nvmf_params p;		/* nvmf connect's */
	struct nvmf_host own;
	char name[32];			/* the device nvmf connect names */
	struct nvmf_params line;	/* connect-all's discovery.conf line */
	const char *err;		/* what stderr got in the last call */
} run;
static char stderr_buf[8192];

static int setup(void **state)
{
	temp_root_setup(state);
	put_file("/etc/nvme/hostnqn", HOSTNQN "\n");
	put_file("/etc/nvme/hostid", HOSTID "\n");
	put_file("/dev/nvme-fabrics", "");
	put_dir("/sys/module");
	put_dir("/sys/module/nvme_tcp");
	put_dir("/sys/module/nvme_rdma");
	put_dir("/sys/class");
	put_dir("/sys/class/nvme");
	fake_reset();
	memset(&seen, 0, sizeof(seen));
	memset(&run, 0, sizeof(run));
	saved_kernel = nvmf_kernel;
	nvmf_set_kernel(&recording_ops);
	return 0;
}

static int teardown(void **state)
{
	nvmf_set_kernel(saved_kernel);
	nvmf_connect_all_free(&ca);
	nvmf_topology_free(&t);
	assert_int_equal(fk.nr_load_module, 0);
	fake_reset();
	return temp_root_teardown(state);
}

static const char *stderr_end(void)
{
	return capture_end(stderr_buf, sizeof(stderr_buf));
}

static size_t count_lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* A live controller of @nqn at @traddr:4420 that this host made before the test. */
static void put_io_ctrl(int instance, const char *nqn, const char *traddr, const char *state)
{
	put_ctrl(instance, &(struct sysfs_ctrl){
		.transport = "tcp", .traddr = traddr, .trsvcid = "4420", .nqn = nqn,
		.hostnqn = HOSTNQN, .hostid = HOSTID, .state = state,
	});
}

/*
 * "nvmf connect" of @nqn at @traddr:4420 as it starts: the params, the host
 * identity resolved, the topology scanned.
 */
static void start_connect(const char *nqn, const char *traddr)
{
	struct nvmf_params *p = &run.p;

	nvmf_params_init(p);
	p->transport = "tcp";
	p->traddr = traddr;
	p->trsvcid = "4420";
	p->subsysnqn = nqn;
	assert_int_equal(nvmf_session_host(&run.s, p, &run.own), 0);
	assert_string_equal(p->hostnqn, HOSTNQN);
	assert_int_equal(nvmf_topology_scan(&t), 0);
}

/* nvmf_connect() of run.p, naming the device in run.name; stderr in run.err. */
static int connect_as(const char *where)
{
	int ret;

	capture_start(STDERR_FILENO);
	ret = nvmf_connect(&run.s, &t, &run.p, where, run.name, sizeof(run.name));
	run.err = stderr_end();
	return ret;
}

/*
 * A fresh connect-all run from the discovery.conf line "-t tcp -a @traddr"
 * with options for every connection, reporting to seen.
 */
static void start_run(bool dry_run, const char *traddr)
{
	nvmf_connect_all_free(&ca);
	memset(&seen, 0, sizeof(seen));
	ca = (struct nvmf_connect_all){ .dry_run = dry_run, .report = record_report, .arg = &seen };
	run.s = (struct nvmf_session){ 0 };
	nvmf_params_init(&run.line);
	run.line.transport = "tcp";
	run.line.traddr = traddr;
	run.line.ctrl_loss_tmo = 60;
	run.line.nr_io_queues = 4;
}

/* The run as the CLI makes it: a fresh scan, then nvmf_connect_all(); stderr in run.err. */
static int connect_all(void)
{
	int ret;

	nvmf_topology_free(&t);
	assert_int_equal(nvmf_topology_scan(&t), 0);
	capture_start(STDERR_FILENO);
	ret = nvmf_connect_all(&run.s, &t, &run.line, "test", &ca);
	run.err = stderr_end();
	return ret;
}

/* ---- nvmf_connect ---- */

/*
 * nvmf connect of disk1 at A, where a controller of it (@instance, in
 * @state) was there before the scan, or (@raced) is made by another run
 * after it, or there is none (@instance -1); @ealready: the kernel answers
 * EALREADY. What it returns, names (over @name_before) and asks the kernel.
 */
struct connect_case {
	int instance;
	const char *state;
	bool raced, ealready;
	const char *name_before;
	int result;
	const char *name;
	size_t created;
};

static const struct connect_case finds_live_controller = {
	3, "live", false, false, "x", NVMF_ALREADY, "nvme3", 0,
};
static const struct connect_case ignores_controller_being_deleted = {
	0, "deleting", false, false, "", NVMF_CONNECTED, "nvme1", 1,
};
static const struct connect_case ealready_finds_controller_after_rescan = {
	5, "live", true, true, "", NVMF_ALREADY, "nvme5", 1,
};
static const struct connect_case ealready_without_controller = {
	-1, NULL, false, true, "stale", NVMF_ALREADY, "", 1,
};

static void connect_case(void **state)
{
	const struct connect_case *c = *state;

	if (c->instance >= 0 && !c->raced)
		put_io_ctrl(c->instance, NQN("disk1"), PORTAL_A, c->state);
	start_connect(NQN("disk1"), PORTAL_A);
	if (c->raced) {
		assert_int_equal(t.nr_ctrls, 0);
		put_io_ctrl(c->instance, NQN("disk1"), PORTAL_A, c->state);
	}
	if (c->ealready)
		inject_create_error(PORTAL_A, -EALREADY);
	strlcopy(run.name, c->name_before, sizeof(run.name));
	assert_int_equal(connect_as("test"), c->result);
	assert_string_equal(run.err, "");
	assert_string_equal(run.name, c->name);
	assert_int_equal(fk.nr_created, c->created);
}

static void connect_duplicate_always_creates(void **state)
{
	(void)state;
	put_io_ctrl(0, NQN("disk1"), PORTAL_A, "live");
	start_connect(NQN("disk1"), PORTAL_A);
	run.p.duplicate_connect = true;
	assert_int_equal(connect_as("test"), NVMF_CONNECTED);
	assert_string_equal(run.name, "nvme1");
	assert_int_equal(connect_as("test"), NVMF_CONNECTED);
	assert_string_equal(run.name, "nvme2");
	assert_int_equal(fk.nr_created, 2);
	assert_int_equal(created_with("nqn=" NQN("disk1") ",", ",duplicate_connect", NULL), 2);
}

static void connect_new_controller(void **state)
{
	(void)state;
	start_connect(NQN("disk1"), PORTAL_A);
	assert_int_equal(connect_as("test"), NVMF_CONNECTED);
	assert_string_equal(run.name, "nvme0");
	assert_int_equal(fk.nr_created, 1);
	assert_string_equal(fk.created[0],
			    "nqn=" NQN("disk1") ",transport=tcp,traddr=" PORTAL_A ",trsvcid=4420,"
			    "hostnqn=" HOSTNQN ",hostid=" HOSTID);
	assert_device(run.name, NQN("disk1"), PORTAL_A);
}

/* connect.h: "A new controller is added to @t, so later calls in the same run see it." */
static void connect_adds_new_controller_to_topology(void **state)
{
	const struct nvmf_ctrl *c;

	(void)state;
	start_connect(NQN("disk1"), PORTAL_A);
	assert_int_equal(connect_as("test"), NVMF_CONNECTED);
	assert_string_equal(run.name, "nvme0");
	c = nvmf_topology_find(&t, &run.p);
	assert_non_null(c);
	assert_string_equal(c->name, "nvme0");
	assert_int_equal(connect_as("test"), NVMF_ALREADY);
	assert_string_equal(run.name, "nvme0");
	assert_int_equal(fk.nr_created, 1);
}

static void connect_refused(void **state)
{
	char portal[64], where[256];

	(void)state;
	start_connect(NQN("disk1"), REFUSING);
	nvmf_describe_portal(&run.p, portal, sizeof(portal));
	assert_string_equal(portal, "tcp " REFUSING ":4420");
	/* what "nvmf connect" passes */
	snprintf(where, sizeof(where), "connect: %s at %s", run.p.subsysnqn, portal);
	inject_create_error(REFUSING, -ECONNREFUSED);
	assert_int_equal(connect_as(where), -ECONNREFUSED);
	assert_int_equal(count_lines(run.err), 1);
	assert_string_equal(run.err, "nvmf: connect: " NQN("disk1") " at tcp " REFUSING ":4420: "
			    "connection refused: nothing listens at that address and port, "
			    "or the target refused authentication\n");
	assert_int_equal(fk.nr_created, 1);
	assert_false(ctrl_dir_exists(0));
}

/* ---- nvmf_connect_all ---- */

/* A: the current entry, disk1 and disk2, a referral to B; B: disk3, a referral back to A. */
static void serve_cycle(void)
{
	const struct disc_entry a[] = {
		CURRENT(PORTAL_A),
		SUBSYS(NQN("disk1"), PORTAL_A),
		SUBSYS(NQN("disk2"), PORTAL_A),
		REFERRAL(PORTAL_B),
	};
	const struct disc_entry b[] = {
		SUBSYS(NQN("disk3"), PORTAL_B),
		REFERRAL(PORTAL_A),
	};

	serve_log(PORTAL_A, a, ARRAY_SIZE(a));
	serve_log(PORTAL_B, b, ARRAY_SIZE(b));
}

static void connect_all_follows_referral_cycle(void **state)
{
	const struct seen *r;

	(void)state;
	start_run(false, PORTAL_A);
	serve_cycle();
	assert_int_equal(connect_all(), 0);

	assert_false(seen.overflow);
	assert_int_equal(ca.connected, 3);
	assert_int_equal(ca.already, 0);
	assert_int_equal(ca.failed, 0);
	assert_int_equal(ca.nr_visited, 2);
	/* each portal's discovery controller once, each subsystem once */
	assert_int_equal(created_discovery(PORTAL_A), 1);
	assert_int_equal(created_discovery(PORTAL_B), 1);
	assert_int_equal(created_io(), 3);
	assert_int_equal(fk.nr_created, 5);
	assert_int_equal(created_with("nqn=" NQN("disk1") ",", "traddr=" PORTAL_A ",trsvcid=4420,", NULL), 1);
	assert_int_equal(created_with("nqn=" NQN("disk2") ",", "traddr=" PORTAL_A ",trsvcid=4420,", NULL), 1);
	assert_int_equal(created_with("nqn=" NQN("disk3") ",", "traddr=" PORTAL_B ",trsvcid=4420,", NULL), 1);
	/* the discovery controllers, made by this run, are gone again */
	assert_int_equal(fk.nr_deleted, 2);

	/* 4 entries in A, 2 in B */
	assert_int_equal(seen.n, 6);
	assert_string_equal(seen.r[0].source, "tcp " PORTAL_A ":8009");
	assert_int_equal(seen.r[0].index, 0);
	assert_int_equal(seen.r[0].subtype, NVMF_SUBTYPE_CURRENT_DISC);
	assert_int_equal(seen.r[0].result, NVMF_SKIPPED);
	r = report_of(NQN("disk1"), PORTAL_A);
	assert_int_equal(r->result, NVMF_CONNECTED);
	assert_string_equal(r->source, "tcp " PORTAL_A ":8009");
	assert_int_equal(r->depth, 0);
	assert_int_equal(r->index, 1);
	assert_device(r->device, NQN("disk1"), PORTAL_A);
	r = report_of(NQN("disk2"), PORTAL_A);
	assert_int_equal(r->result, NVMF_CONNECTED);
	assert_int_equal(r->index, 2);
	assert_device(r->device, NQN("disk2"), PORTAL_A);
	r = report_of(NQN("disk3"), PORTAL_B);
	assert_int_equal(r->result, NVMF_CONNECTED);
	assert_string_equal(r->source, "tcp " PORTAL_B ":8009");
	assert_int_equal(r->depth, 1);
	assert_int_equal(r->index, 0);
	assert_device(r->device, NQN("disk3"), PORTAL_B);
	r = referral_report(PORTAL_A, PORTAL_B);
	assert_int_equal(r->result, NVMF_REFERRAL);
	assert_int_equal(r->depth, 0);
	assert_int_equal(r->index, 3);
	r = referral_report(PORTAL_B, PORTAL_A);
	assert_int_equal(r->depth, 1);
	assert_int_not_equal(r->result, NVMF_FAILED);

	nvmf_connect_all_free(&ca);
	assert_int_equal(ca.nr_visited, 0);
	assert_null(ca.visited);
}

/* connect.h: NVMF_SKIPPED is "the discovery controller itself, a duplicate referral". */
static void connect_all_duplicate_referral_is_skipped(void **state)
{
	(void)state;
	start_run(false, PORTAL_A);
	serve_cycle();
	assert_int_equal(connect_all(), 0);
	assert_int_equal(referral_report(PORTAL_B, PORTAL_A)->result, NVMF_SKIPPED);
}

/*
 * The reports of disk1 and disk2 at A and of disk3 at B say @result; their
 * devices go to @dev when connected, and must be those of @dev otherwise.
 */
static void assert_cycle_reports(enum nvmf_result result, char dev[3][32])
{
	const struct seen *r[] = {
		report_of(NQN("disk1"), PORTAL_A),
		report_of(NQN("disk2"), PORTAL_A),
		report_of(NQN("disk3"), PORTAL_B),
	};

	for (size_t i = 0; i < ARRAY_SIZE(r); i++) {
		assert_int_equal(r[i]->result, result);
		if (result == NVMF_CONNECTED)
			strlcopy(dev[i], r[i]->device, sizeof(dev[i]));
		else
			assert_string_equal(r[i]->device, dev[i]);
	}
}

static void connect_all_second_run_connects_nothing(void **state)
{
	char dev[3][32];

	(void)state;
	start_run(false, PORTAL_A);
	serve_cycle();
	assert_int_equal(connect_all(), 0);
	assert_int_equal(ca.connected, 3);
	assert_cycle_reports(NVMF_CONNECTED, dev);

	/* the next run, as the CLI makes it: a fresh scan, a fresh session */
	fake_forget_records();
	start_run(false, PORTAL_A);
	assert_int_equal(connect_all(), 0);
	assert_int_equal(ca.connected, 0);
	assert_int_equal(ca.already, 3);
	assert_int_equal(ca.failed, 0);
	assert_int_equal(created_io(), 0);
	assert_int_equal(created_discovery(PORTAL_A), 1);
	assert_int_equal(created_discovery(PORTAL_B), 1);
	assert_int_equal(fk.nr_created, 2);
	assert_cycle_reports(NVMF_ALREADY, dev);
}

static void connect_all_persistent_keeps_discovery_controllers(void **state)
{
	(void)state;
	start_run(false, PORTAL_A);
	serve_cycle();
	ca.persistent = true;
	assert_int_equal(connect_all(), 0);
	assert_int_equal(ca.connected, 3);
	assert_int_equal(fk.nr_deleted, 0);

	/* the next run uses them: nothing is created at all */
	fake_forget_records();
	start_run(false, PORTAL_A);
	ca.persistent = true;
	assert_int_equal(connect_all(), 0);
	assert_int_equal(ca.already, 3);
	assert_int_equal(ca.connected, 0);
	assert_int_equal(ca.failed, 0);
	assert_int_equal(fk.nr_created, 0);
	assert_int_equal(fk.nr_deleted, 0);
}

/* Both portals offer disk1 at A: it is connected once, and seen there the second time. */
static void connect_all_same_subsystem_from_two_portals(void **state)
{
	const struct disc_entry a[] = { SUBSYS(NQN("disk1"), PORTAL_A), REFERRAL(PORTAL_B) };
	const struct disc_entry b[] = { SUBSYS(NQN("disk1"), PORTAL_A) };
	const struct seen *first = NULL, *second = NULL;

	(void)state;
	start_run(false, PORTAL_A);
	serve_log(PORTAL_A, a, ARRAY_SIZE(a));
	serve_log(PORTAL_B, b, ARRAY_SIZE(b));
	assert_int_equal(connect_all(), 0);
	assert_int_equal(ca.connected, 1);
	assert_int_equal(ca.already, 1);
	assert_int_equal(ca.failed, 0);
	for (size_t i = 0; i < seen.n; i++) {
		if (strcmp(seen.r[i].subnqn, NQN("disk1")))
			continue;
		if (seen.r[i].depth == 0)
			first = &seen.r[i];
		else
			second = &seen.r[i];
	}
	assert_non_null(first);
	assert_non_null(second);
	assert_int_equal(first->result, NVMF_CONNECTED);
	assert_int_equal(second->result, NVMF_ALREADY);
	assert_string_equal(second->device, first->device);
	/* the topology knew of it: the kernel was not asked again */
	assert_int_equal(created_io(), 1);
}

/* What report_source() got: each discovery controller of a run. */
static struct {
	struct {
		char source[128], referrer[128], device[32], error[1024];
		unsigned int depth;
		size_t nr_records;
		enum nvmf_result result;
		int err;
	} r[16];
	size_t n;
} sources;

static void record_source(const struct nvmf_source_report *r, void *arg)
{
	assert_ptr_equal(arg, &seen);
	assert_true(sources.n < ARRAY_SIZE(sources.r));
	strlcopy(sources.r[sources.n].source, r->source, sizeof(sources.r[0].source));
	strlcopy(sources.r[sources.n].referrer, r->referrer ? r->referrer : "", sizeof(sources.r[0].referrer));
	strlcopy(sources.r[sources.n].device, r->device, sizeof(sources.r[0].device));
	strlcopy(sources.r[sources.n].error, r->error ? r->error : "", sizeof(sources.r[0].error));
	sources.r[sources.n].depth = r->depth;
	sources.r[sources.n].nr_records = r->nr_records;
	sources.r[sources.n].result = r->result;
	sources.r[sources.n].err = r->err;
	sources.n++;
}

/*
 * Every discovery controller is reported: the one read, the referral that
 * refuses (with the message stderr got, naming it), and a portal visited
 * again (skipped).
 */
static void connect_all_reports_sources(void **state)
{
	const struct disc_entry a[] = { SUBSYS(NQN("disk1"), PORTAL_A), REFERRAL(REFUSING), REFERRAL(PORTAL_A) };

	(void)state;
	start_run(false, PORTAL_A);
	memset(&sources, 0, sizeof(sources));
	ca.report_source = record_source;
	serve_log(PORTAL_A, a, ARRAY_SIZE(a));
	inject_create_error(REFUSING, -ECONNREFUSED);
	assert_int_equal(connect_all(), 0);
	assert_int_equal(sources.n, 3);
	assert_string_equal(sources.r[0].source, "tcp " PORTAL_A ":8009");
	assert_int_equal(sources.r[0].result, NVMF_DISCOVERED);
	assert_int_equal(sources.r[0].nr_records, 3);
	assert_int_equal(sources.r[0].depth, 0);
	assert_string_equal(sources.r[0].referrer, "");
	assert_true(sources.r[0].device[0]);

	assert_string_equal(sources.r[1].source, "tcp " REFUSING ":8009");
	assert_int_equal(sources.r[1].result, NVMF_FAILED);
	assert_int_equal(sources.r[1].err, -ECONNREFUSED);
	assert_int_equal(sources.r[1].depth, 1);
	assert_string_equal(sources.r[1].referrer, "tcp " PORTAL_A ":8009");
	assert_string_equal(sources.r[1].device, "");
	assert_string_equal(sources.r[1].error,
			    "test: tcp " REFUSING ":8009, referred to by tcp " PORTAL_A ":8009: "
			    "connection refused: nothing listens at that address and port, "
			    "or the target refused authentication");
	assert_non_null(strstr(run.err, sources.r[1].error));

	assert_string_equal(sources.r[2].source, "tcp " PORTAL_A ":8009");
	assert_int_equal(sources.r[2].result, NVMF_SKIPPED);
	assert_int_equal(sources.r[2].depth, 1);
}

/* The one line stderr got is "nvmf: " and the error @r reports. */
static void assert_reported_line(const struct seen *r)
{
	const char *err = run.err;

	assert_true(!strncmp(err, "nvmf: ", 6) && !strncmp(err + 6, r->error, strlen(r->error)));
	assert_string_equal(err + 6 + strlen(r->error), "\n");
	assert_int_equal(count_lines(err), 1);
}

static void connect_all_stops_at_referral_depth(void **state)
{
	enum { PORTALS = NVMF_MAX_REFERRAL_DEPTH + 4 };
	char addr[PORTALS][32], nqn[PORTALS][64], opt[PORTALS][80];
	const struct seen *r;

	(void)state;
	for (int k = 0; k < PORTALS; k++) {
		snprintf(addr[k], sizeof(addr[k]), "198.51.100.%d", k + 1);
		snprintf(nqn[k], sizeof(nqn[k]), NQN("chain%d"), k);
		snprintf(opt[k], sizeof(opt[k]), "nqn=%s,", nqn[k]);
	}
	start_run(false, addr[0]);
	for (int k = 0; k < PORTALS; k++) {
		const struct disc_entry e[] = {
			SUBSYS(nqn[k], addr[k]),
			REFERRAL(addr[(k + 1) % PORTALS]),
		};

		serve_log(addr[k], e, ARRAY_SIZE(e));
	}
	assert_int_equal(connect_all(), 0);

	/* portals 0..8 are read, their subsystems connected; the referral to 9 is not followed */
	assert_int_equal(ca.connected, NVMF_MAX_REFERRAL_DEPTH + 1);
	assert_int_equal(ca.failed, 1);
	assert_int_equal(ca.already, 0);
	for (int k = 0; k < PORTALS; k++) {
		assert_int_equal(created_discovery(addr[k]), k <= NVMF_MAX_REFERRAL_DEPTH);
		assert_int_equal(created_with(opt[k], NULL), k <= NVMF_MAX_REFERRAL_DEPTH);
	}
	for (int k = 0; k < NVMF_MAX_REFERRAL_DEPTH; k++) {
		r = referral_report(addr[k], addr[k + 1]);
		assert_int_equal(r->result, NVMF_REFERRAL);
		assert_int_equal(r->depth, k);
		r = report_of(nqn[k], addr[k]);
		assert_int_equal(r->result, NVMF_CONNECTED);
		assert_int_equal(r->depth, k);
	}
	r = referral_report(addr[NVMF_MAX_REFERRAL_DEPTH], addr[NVMF_MAX_REFERRAL_DEPTH + 1]);
	assert_int_equal(r->result, NVMF_FAILED);
	assert_int_equal(r->depth, NVMF_MAX_REFERRAL_DEPTH);
	assert_int_equal(r->err, -EPROTO);
	/* the report carries the line stderr got */
	assert_reported_line(r);
	assert_non_null(strstr(run.err, addr[NVMF_MAX_REFERRAL_DEPTH + 1]));
	assert_non_null(strstr(run.err, "more referrals deep"));
}

static void connect_all_partial_failure(void **state)
{
	const struct disc_entry a[] = {
		SUBSYS(NQN("disk1"), PORTAL_A),
		SUBSYS(NQN("disk2"), REFUSING),
		SUBSYS(NQN("disk3"), PORTAL_A),
	};
	const struct seen *r;

	(void)state;
	start_run(false, PORTAL_A);
	serve_log(PORTAL_A, a, ARRAY_SIZE(a));
	inject_create_error(REFUSING, -ECONNREFUSED);
	assert_int_equal(connect_all(), 0);
	assert_int_equal(ca.connected, 2);
	assert_int_equal(ca.already, 0);
	assert_int_equal(ca.failed, 1);
	assert_int_equal(report_of(NQN("disk1"), PORTAL_A)->result, NVMF_CONNECTED);
	assert_int_equal(report_of(NQN("disk3"), PORTAL_A)->result, NVMF_CONNECTED);
	r = report_of(NQN("disk2"), REFUSING);
	assert_int_equal(r->result, NVMF_FAILED);
	assert_int_equal(r->err, -ECONNREFUSED);
	assert_non_null(strstr(r->error, nvmf_connect_error(-ECONNREFUSED)));
	/* the report carries the line stderr got: one line, for the one failure */
	assert_reported_line(r);
	assert_string_equal(r->device, "");
	assert_non_null(strstr(run.err, "connection refused"));
	assert_int_equal(created_io(), 3);
}

/* What went wrong is said once on stderr: it should say which subsystem, at which portal. */
static void connect_all_failure_message_names_entry(void **state)
{
	const struct disc_entry a[] = { SUBSYS(NQN("disk2"), REFUSING) };

	(void)state;
	start_run(false, PORTAL_A);
	serve_log(PORTAL_A, a, ARRAY_SIZE(a));
	inject_create_error(REFUSING, -ECONNREFUSED);
	assert_int_equal(connect_all(), 0);
	assert_int_equal(ca.failed, 1);
	assert_int_equal(count_lines(run.err), 1);
	assert_non_null(strstr(run.err, NQN("disk2")));
	assert_non_null(strstr(run.err, REFUSING));
}

static void connect_all_refuses_unsafe_entries(void **state)
{
	const struct disc_entry a[] = {
		SUBSYS(NQN("comma,nr_io_queues=1"), PORTAL_A),
		SUBSYS(NQN("newline\nnr_io_queues=1"), PORTAL_A),
		SUBSYS(NQN("iface"), PORTAL_A ",host_iface=lo"),
		SUBSYS(NQN("good"), PORTAL_A),
	};

	(void)state;
	start_run(false, PORTAL_A);
	serve_log(PORTAL_A, a, ARRAY_SIZE(a));
	assert_int_equal(connect_all(), 0);
	assert_int_equal(ca.connected, 1);
	assert_int_equal(ca.failed, 3);
	assert_int_equal(count_lines(run.err), 3);
	for (size_t i = 0; i < 3; i++) {
		const struct seen *r = report_of(a[i].subnqn, a[i].traddr);

		assert_int_equal(r->result, NVMF_FAILED);
		assert_int_equal(r->err, -EINVAL);
		assert_true(r->error[0]);
	}
	assert_int_equal(report_of(NQN("good"), PORTAL_A)->result, NVMF_CONNECTED);
	/* only the discovery controller and the good one reached the kernel */
	assert_int_equal(fk.nr_created, 2);
	assert_int_equal(created_io(), 1);
	assert_int_equal(created_with("nqn=" NQN("good") ",", NULL), 1);
	for (size_t i = 0; i < fk.nr_created; i++) {
		assert_null(strchr(fk.created[i], '\n'));
		assert_false(has_token(fk.created[i], "host_iface"));
		assert_null(strstr(fk.created[i], "nr_io_queues=1"));
		assert_null(strstr(fk.created[i], "comma"));
		assert_null(strstr(fk.created[i], "newline"));
	}
}

static void connect_all_honours_treq_and_line_options(void **state)
{
	const struct disc_entry a[] = {
		TCP_ENT(NVMF_SUBTYPE_NVME, NVMF_TREQ_DISABLE_SQFLOW, "4420", NQN("sqflow"), PORTAL_A),
		TCP_ENT(NVMF_SUBTYPE_NVME, NVMF_TREQ_REQUIRED, "4420", NQN("tls"), PORTAL_A),
		TCP_ENT(NVMF_SUBTYPE_NVME, NVMF_TREQ_NOT_REQUIRED, "4420", NQN("notreq"), PORTAL_A),
		TCP_ENT(NVMF_SUBTYPE_NVME, NVMF_TREQ_NOT_SPECIFIED, "4420", NQN("plain"), PORTAL_A),
		{ .trtype = NVMF_TRTYPE_RDMA, .adrfam = NVMF_ADRFAM_IP4, .subtype = NVMF_SUBTYPE_NVME,
		  .treq = NVMF_TREQ_REQUIRED, .trsvcid = "4420", .subnqn = NQN("rdma"), .traddr = PORTAL_B },
	};
	static const char *const flags[][2] = {
		{ NQN("sqflow"), "disable_sqflow" },
		{ NQN("tls"), "tls" },
		{ NQN("notreq"), NULL },
		{ NQN("plain"), NULL },
		{ NQN("rdma"), NULL },
	};
	char v[300];

	(void)state;
	start_run(false, PORTAL_A);
	serve_log(PORTAL_A, a, ARRAY_SIZE(a));
	run.line.hostnqn = LINE_HOSTNQN;
	assert_int_equal(connect_all(), 0);
	assert_int_equal(ca.connected, 5);
	assert_int_equal(ca.failed, 0);
	assert_int_equal(created_io(), 5);
	for (size_t i = 0; i < fk.nr_created; i++) {
		const char *o = fk.created[i];

		assert_non_null(opt_value(o, "hostnqn", v, sizeof(v)));
		assert_string_equal(v, LINE_HOSTNQN);
		assert_non_null(opt_value(o, "ctrl_loss_tmo", v, sizeof(v)));
		assert_string_equal(v, "60");
		if (is_discovery_options(o)) {
			/* I/O queue options mean nothing to a discovery controller */
			assert_false(has_token(o, "nr_io_queues"));
			assert_false(has_token(o, "tls"));
			assert_false(has_token(o, "disable_sqflow"));
			continue;
		}
		assert_non_null(opt_value(o, "nr_io_queues", v, sizeof(v)));
		assert_string_equal(v, "4");
		assert_non_null(opt_value(o, "nqn", v, sizeof(v)));
		for (size_t k = 0; k < ARRAY_SIZE(flags); k++) {
			if (strcmp(v, flags[k][0]))
				continue;
			assert_int_equal(has_token(o, "tls"), flags[k][1] && !strcmp(flags[k][1], "tls"));
			assert_int_equal(has_token(o, "disable_sqflow"),
					 flags[k][1] && !strcmp(flags[k][1], "disable_sqflow"));
		}
	}
	assert_int_equal(created_with("transport=rdma", NULL), 1);
}

static void connect_all_dry_run(void **state)
{
	const struct disc_entry a[] = {
		CURRENT(PORTAL_A),
		SUBSYS(NQN("disk1"), PORTAL_A),
		SUBSYS(NQN("disk2"), PORTAL_A),
	};
	const struct seen *r;

	(void)state;
	start_run(true, PORTAL_A);
	serve_log(PORTAL_A, a, ARRAY_SIZE(a));
	put_io_ctrl(7, NQN("disk2"), PORTAL_A, "live");
	assert_int_equal(connect_all(), 0);
	assert_int_equal(created_io(), 0);
	assert_int_equal(created_discovery(PORTAL_A), 1);
	r = report_of(NQN("disk1"), PORTAL_A);
	assert_int_equal(r->result, NVMF_WOULD_CONNECT);
	assert_string_equal(r->device, "");
	r = report_of(NQN("disk2"), PORTAL_A);
	assert_int_equal(r->result, NVMF_ALREADY);
	assert_string_equal(r->device, "nvme7");
	assert_int_equal(ca.connected, 1);
	assert_int_equal(ca.already, 1);
	assert_int_equal(ca.failed, 0);
}

static void connect_all_unreachable_discovery_controller(void **state)
{
	(void)state;
	start_run(false, PORTAL_A);
	serve_cycle();
	inject_create_error(PORTAL_A, -ECONNREFUSED);
	assert_int_equal(connect_all(), -ECONNREFUSED);
	assert_int_equal(count_lines(run.err), 1);
	assert_non_null(strstr(run.err, "connection refused"));
	assert_int_equal(seen.n, 0);
	assert_int_equal(ca.connected + ca.already + ca.failed, 0);
	assert_int_equal(fk.nr_created, 1);
	assert_int_equal(fk.nr_get_log, 0);
}

/* A referral that cannot be read fails; what the first portal offers is still connected. */
static void connect_all_unreachable_referral(void **state)
{
	const struct seen *r;

	(void)state;
	start_run(false, PORTAL_A);
	serve_cycle();
	inject_create_error(PORTAL_B, -ECONNREFUSED);
	assert_int_equal(connect_all(), 0);
	assert_int_equal(ca.connected, 2);
	assert_int_equal(ca.failed, 1);
	r = referral_report(PORTAL_A, PORTAL_B);
	assert_int_equal(r->result, NVMF_FAILED);
	assert_int_equal(r->err, -ECONNREFUSED);
	assert_int_equal(created_io(), 2);
}

/* ---- nvmf_lock ---- */

/* Wait at most @ms for a byte on @fd; true if one came. */
static bool read_byte(int fd, int ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char c;

	return poll(&pfd, 1, ms) == 1 && read(fd, &c, 1) == 1;
}

/* Reap @pid within @ms, or kill it; its exit status, or -1. */
static int reap(pid_t pid, int ms)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	int status;

	for (int waited = 0; waited < ms; waited += 10) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		nanosleep(&pause, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

/* A child process that holds the lock, and the pipes to it. */
struct holder {
	pid_t pid;
	int up, down;	/* it says it has the lock on up; it is told to let go on down */
};

/*
 * Start a child that takes the lock and lets it go when told (or after
 * @hold_ms without being told, when @hold_ms is not 0); return once it
 * holds the lock.
 */
static void start_holder(struct holder *h, int hold_ms)
{
	int up[2], down[2];

	assert_int_equal(pipe(up), 0);
	assert_int_equal(pipe(down), 0);
	h->pid = fork();
	assert_true(h->pid >= 0);
	if (h->pid == 0) {
		int fd;

		close(up[0]);
		close(down[1]);
		fd = nvmf_lock(0);
		if (fd < 0)
			_exit(2);
		if (write(up[1], "L", 1) != 1)
			_exit(3);
		if (!read_byte(down[0], hold_ms ? hold_ms : 10000) && !hold_ms)
			_exit(4);
		nvmf_unlock(fd);
		_exit(0);
	}
	close(up[1]);
	close(down[0]);
	h->up = up[0];
	h->down = down[1];
	if (!read_byte(h->up, 5000)) {
		reap(h->pid, 0);
		fail_msg("the child did not take the lock");
	}
}

/* The child gone (exit status 0), the pipes closed. */
static void end_holder(struct holder *h)
{
	assert_int_equal(reap(h->pid, 5000), 0);
	close(h->up);
	close(h->down);
}

static void lock_busy_while_held(void **state)
{
	struct holder h;
	const char *err;
	int fd;

	(void)state;
	start_holder(&h, 0);
	capture_start(STDERR_FILENO);
	fd = nvmf_lock(0);
	err = stderr_end();
	if (fd >= 0)
		nvmf_unlock(fd);
	assert_int_equal(fd, -EBUSY);
	assert_non_null(strstr(err, "connect.lock"));
	assert_int_equal(count_lines(err), 1);

	assert_int_equal(write(h.down, "U", 1), 1);
	end_holder(&h);
	fd = nvmf_lock(0);
	assert_true(fd >= 0);
	nvmf_unlock(fd);
}

/* A run that finds the lock held waits for it, within its timeout. */
static void lock_waits_for_holder(void **state)
{
	struct holder h;
	int fd;

	(void)state;
	start_holder(&h, 300);
	fd = nvmf_lock(10);
	assert_true(fd >= 0);
	end_holder(&h);
	nvmf_unlock(fd);
}

/* ---- nvmf_delete_all ---- */

/* A delete that waits until rendezvous_n deletes are in flight at once, 5 s at the most. */
static int rendezvous_delete(const char *ctrl)
{
	struct timespec deadline;
	int err = record_delete(ctrl);

	pthread_mutex_lock(&fk.lock);
	fk.in_flight++;
	if (fk.in_flight > fk.max_in_flight)
		fk.max_in_flight = fk.in_flight;
	if (fk.in_flight >= fk.rendezvous_n) {
		fk.released = true;
		pthread_cond_broadcast(&fk.cond);
	}
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += 5;
	while (!fk.released && !fk.timed_out)
		if (pthread_cond_timedwait(&fk.cond, &fk.lock, &deadline) == ETIMEDOUT)
			fk.timed_out = true;	/* the others need not wait any more */
	fk.in_flight--;
	pthread_mutex_unlock(&fk.lock);
	return err;
}

static void delete_all_runs_in_parallel(void **state)
{
	enum { N = 16 };
	char *names[N];
	int errs[N];

	(void)state;
	for (int i = 0; i < N; i++) {
		assert_true(asprintf(&names[i], "nvme%d", i) > 0);
		errs[i] = 12345;
	}
	recording_ops.delete_ctrl = rendezvous_delete;
	fk.rendezvous_n = N;
	assert_int_equal(nvmf_delete_all(names, N, errs), 0);
	assert_false(fk.timed_out);
	assert_int_equal(fk.max_in_flight, N);
	assert_int_equal(fk.nr_deleted, N);
	for (int i = 0; i < N; i++) {
		assert_int_equal(errs[i], 0);
		free(names[i]);
	}
}

static void delete_all_errors(void **state)
{
	char *names[] = { "nvme1", "nvme2", "nvme3", "nvme4", "nvme5" };
	int errs[ARRAY_SIZE(names)];

	(void)state;
	put_io_ctrl(1, NQN("disk1"), PORTAL_A, "live");
	put_io_ctrl(5, NQN("disk5"), PORTAL_A, "live");
	inject_delete_error("nvme2", -ENODEV);
	inject_delete_error("nvme3", -EOPNOTSUPP);
	inject_delete_error("nvme4", -EBUSY);
	/* only a controller gone already (ENODEV) counts as deleted */
	assert_int_equal(nvmf_delete_all(names, ARRAY_SIZE(names), errs), 2);
	assert_int_equal(errs[0], 0);
	assert_int_equal(errs[1], 0);
	assert_int_equal(errs[2], -EOPNOTSUPP);
	assert_int_equal(errs[3], -EBUSY);
	assert_int_equal(errs[4], 0);
	assert_int_equal(fk.nr_deleted, ARRAY_SIZE(names));
	assert_false(ctrl_dir_exists(1));
	assert_false(ctrl_dir_exists(5));
}

/* More controllers than threads: each is deleted once. */
static void delete_all_many(void **state)
{
	enum { N = 150 };
	char *names[N];
	int errs[N], times[N] = { 0 };

	(void)state;
	for (int i = 0; i < N; i++) {
		assert_true(asprintf(&names[i], "nvme%d", i) > 0);
		errs[i] = 12345;
	}
	/* none exists: the kernel says ENODEV for each, which is success */
	assert_int_equal(nvmf_delete_all(names, N, errs), 0);
	assert_int_equal(fk.nr_deleted, N);
	for (size_t i = 0; i < fk.nr_deleted; i++) {
		int instance;

		assert_int_equal(sscanf(fk.deleted[i], "nvme%d", &instance), 1);
		assert_true(instance >= 0 && instance < N);
		times[instance]++;
	}
	for (int i = 0; i < N; i++) {
		assert_int_equal(times[i], 1);
		assert_int_equal(errs[i], 0);
		free(names[i]);
	}
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
#define CONNECT_CASE(c) { "connect_" #c, connect_case, setup, teardown, (void *)&c }

int main(void)
{
	const struct CMUnitTest tests[] = {
		CONNECT_CASE(finds_live_controller),
		CONNECT_CASE(ignores_controller_being_deleted),
		CONNECT_CASE(ealready_finds_controller_after_rescan),
		CONNECT_CASE(ealready_without_controller),
		T(connect_duplicate_always_creates),
		T(connect_new_controller),
		T(connect_adds_new_controller_to_topology),
		T(connect_refused),
		T(connect_all_follows_referral_cycle),
		T(connect_all_duplicate_referral_is_skipped),
		T(connect_all_second_run_connects_nothing),
		T(connect_all_persistent_keeps_discovery_controllers),
		T(connect_all_same_subsystem_from_two_portals),
		T(connect_all_reports_sources),
		T(connect_all_stops_at_referral_depth),
		T(connect_all_partial_failure),
		T(connect_all_failure_message_names_entry),
		T(connect_all_refuses_unsafe_entries),
		T(connect_all_honours_treq_and_line_options),
		T(connect_all_dry_run),
		T(connect_all_unreachable_discovery_controller),
		T(connect_all_unreachable_referral),
		T(lock_busy_while_held),
		T(lock_waits_for_holder),
		T(delete_all_runs_in_parallel),
		T(delete_all_errors),
		T(delete_all_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
