// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "helpers.h"
#include "host.h"
#include "util.h"

#define PREFIX		NVMF_HOSTNQN_UUID_PREFIX
#define MACHINE_ID	"0123456789abcdef0123456789abcdef"
#define OTHER_ID	"fedcba9876543210fedcba9876543210"
/*
 * UUIDv5(a2ea480e-69db-4fa7-b25b-53ff95590201, MACHINE_ID), computed once
 * outside nvmf (Python's uuid.uuid5). If this test fails, every host
 * without a DMI UUID or /etc/nvme/hostid has changed its identity.
 */
#define MACHINE_HOSTID	"908fded7-fba0-5dce-be94-daa84b861ca2"
#define DMI_UUID	"4c4c4544-0042-3510-8051-b4c04f4e3732"
#define NQN		"nqn.2014-08.org.example:host-a"

static void put_all_sources(void)
{
	put_file("/etc/nvme/hostnqn", "nqn.2014-08.org.example:from-file\n");
	put_file("/etc/nvme/hostid", "22222222-2222-2222-2222-222222222222\n");
	put_file("/sys/class/dmi/id/product_uuid", DMI_UUID "\n");
	put_file("/etc/machine-id", MACHINE_ID "\n");
}

static void test_given_values_win(void **state)
{
	struct nvmf_host host;

	(void)state;
	put_all_sources();
	assert_int_equal(nvmf_host_resolve(NQN, "11111111-1111-1111-1111-111111111111", &host), 0);
	assert_string_equal(host.hostnqn, NQN);
	assert_string_equal(host.hostid, "11111111-1111-1111-1111-111111111111");
}

static void test_given_values_skip_bad_files(void **state)
{
	struct nvmf_host host;

	(void)state;
	put_file("/etc/nvme/hostnqn", "garbage\n");
	put_file("/etc/nvme/hostid", "garbage\n");
	assert_int_equal(nvmf_host_resolve(NQN, "11111111-1111-1111-1111-111111111111", &host), 0);
	assert_string_equal(host.hostnqn, NQN);
}

static void test_given_hostid_is_lowercased(void **state)
{
	struct nvmf_host host;

	(void)state;
	assert_int_equal(nvmf_host_resolve(NULL, "ABCDEF01-2345-6789-ABCD-EF0123456789", &host), 0);
	assert_string_equal(host.hostid, "abcdef01-2345-6789-abcd-ef0123456789");
	assert_string_equal(host.hostnqn, PREFIX "abcdef01-2345-6789-abcd-ef0123456789");
}

static void test_given_bad_hostid(void **state)
{
	struct nvmf_host host;
	char err[256];

	(void)state;
	capture_start(STDERR_FILENO);
	assert_int_equal(nvmf_host_resolve(NQN, "not-a-uuid\n", &host), -EINVAL);
	assert_string_equal(capture_end(err, sizeof(err)),
			    "nvmf: hostid is not a UUID: 'not-a-uuid\\x0a'\n");
}

static void test_given_bad_hostnqn(void **state)
{
	char long_nqn[300];
	struct nvmf_host host;
	const char *id = DMI_UUID;

	(void)state;
	memset(long_nqn, 'a', sizeof(long_nqn));
	memcpy(long_nqn, "nqn.", 4);
	long_nqn[223] = '\0';

	assert_int_equal(nvmf_host_resolve("iqn.2014-08.org.example:x", id, &host), -EINVAL);
	assert_int_equal(nvmf_host_resolve("nqn.x,y", id, &host), -EINVAL);
	assert_int_equal(nvmf_host_resolve("nqn.x=y", id, &host), -EINVAL);
	assert_int_equal(nvmf_host_resolve("nqn.x\ty", id, &host), -EINVAL);
	assert_int_equal(nvmf_host_resolve(long_nqn, id, &host), -EINVAL);
	long_nqn[222] = '\0';
	assert_int_equal(nvmf_host_resolve(long_nqn, id, &host), 0);
	assert_string_equal(host.hostnqn, long_nqn);
}

static void test_files_win_over_generated(void **state)
{
	struct nvmf_host host;

	(void)state;
	put_all_sources();
	assert_int_equal(nvmf_host_resolve(NULL, NULL, &host), 0);
	assert_string_equal(host.hostnqn, "nqn.2014-08.org.example:from-file");
	assert_string_equal(host.hostid, "22222222-2222-2222-2222-222222222222");
}

static void test_files_are_trimmed(void **state)
{
	struct nvmf_host host;

	(void)state;
	put_file("/etc/nvme/hostnqn", "  " NQN " \r\n\n");
	put_file("/etc/nvme/hostid", "\t22222222-2222-2222-2222-222222222222\r\n");
	assert_int_equal(nvmf_host_resolve(NULL, NULL, &host), 0);
	assert_string_equal(host.hostnqn, NQN);
	assert_string_equal(host.hostid, "22222222-2222-2222-2222-222222222222");
}

static void test_malformed_hostid_file(void **state)
{
	struct nvmf_host host;
	char err[256];

	(void)state;
	put_all_sources();
	put_file("/etc/nvme/hostid", "xyz\n");
	capture_start(STDERR_FILENO);
	assert_int_equal(nvmf_host_resolve(NULL, NULL, &host), -EINVAL);
	assert_string_equal(capture_end(err, sizeof(err)),
			    "nvmf: hostid in /etc/nvme/hostid is not a UUID: 'xyz'\n");
}

static void test_malformed_hostnqn_file(void **state)
{
	struct nvmf_host host;
	char err[256];

	(void)state;
	put_all_sources();
	put_file("/etc/nvme/hostnqn", "nqn.a,b\n");
	capture_start(STDERR_FILENO);
	assert_int_equal(nvmf_host_resolve(NULL, NULL, &host), -EINVAL);
	assert_string_equal(capture_end(err, sizeof(err)),
			    "nvmf: hostnqn in /etc/nvme/hostnqn holds ',', '=' or a control character: "
			    "'nqn.a,b'\n");
}

static void test_empty_file_is_malformed(void **state)
{
	struct nvmf_host host;

	(void)state;
	put_all_sources();
	put_file("/etc/nvme/hostid", "\n");
	assert_int_equal(nvmf_host_resolve(NULL, NULL, &host), -EINVAL);
}

static void test_two_line_file_is_malformed(void **state)
{
	struct nvmf_host host;

	(void)state;
	put_all_sources();
	put_file("/etc/nvme/hostnqn", NQN "\n" NQN "\n");
	assert_int_equal(nvmf_host_resolve(NULL, NULL, &host), -EINVAL);
}

static void test_dmi_uuid_used(void **state)
{
	struct nvmf_host host;

	(void)state;
	put_file("/sys/class/dmi/id/product_uuid", "4C4C4544-0042-3510-8051-B4C04F4E3732\n");
	put_file("/etc/machine-id", MACHINE_ID "\n");
	assert_int_equal(nvmf_host_resolve(NULL, NULL, &host), 0);
	assert_string_equal(host.hostid, DMI_UUID);
	assert_string_equal(host.hostnqn, PREFIX DMI_UUID);
}

static void assert_falls_back_to_machine_id(const char *dmi)
{
	struct nvmf_host host;

	if (dmi)
		put_file("/sys/class/dmi/id/product_uuid", dmi);
	put_file("/etc/machine-id", MACHINE_ID "\n");
	assert_int_equal(nvmf_host_resolve(NULL, NULL, &host), 0);
	assert_string_equal(host.hostid, MACHINE_HOSTID);
	assert_string_equal(host.hostnqn, PREFIX MACHINE_HOSTID);
}

static void test_zero_dmi_falls_back(void **state)
{
	(void)state;
	assert_falls_back_to_machine_id("00000000-0000-0000-0000-000000000000\n");
}

static void test_ff_dmi_falls_back(void **state)
{
	(void)state;
	assert_falls_back_to_machine_id("FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF\n");
}

static void test_unparsable_dmi_falls_back(void **state)
{
	(void)state;
	assert_falls_back_to_machine_id("Not Settable\n");
}

static void test_missing_dmi_falls_back(void **state)
{
	(void)state;
	assert_falls_back_to_machine_id(NULL);
}

/* Falling back would give this caller another identity than one who can read it. */
static void test_unreadable_dmi_is_error(void **state)
{
	struct nvmf_host host;

	(void)state;
	put_dir("/sys/class/dmi/id/product_uuid");
	put_file("/etc/machine-id", MACHINE_ID "\n");
	assert_int_equal(nvmf_host_resolve(NULL, NULL, &host), -EISDIR);
}

/* One line: what could not be read, and what to do. */
static void test_unreadable_dmi_is_one_line(void **state)
{
	struct nvmf_host host;
	char err[1024];

	(void)state;
	put_dir("/sys/class/dmi/id/product_uuid");
	capture_start(STDERR_FILENO);
	assert_int_equal(nvmf_host_resolve(NULL, NULL, &host), -EISDIR);
	assert_string_equal(capture_end(err, sizeof(err)),
			    "nvmf: cannot read /sys/class/dmi/id/product_uuid: Is a directory; "
			    "cannot generate a hostid without it; write one to /etc/nvme/hostid\n");
}

static void test_machine_id_is_stable(void **state)
{
	struct nvmf_host a, b;

	(void)state;
	put_file("/etc/machine-id", MACHINE_ID "\n");
	assert_int_equal(nvmf_host_resolve(NULL, NULL, &a), 0);
	assert_int_equal(nvmf_host_resolve(NULL, NULL, &b), 0);
	assert_string_equal(a.hostid, b.hostid);
	assert_string_equal(a.hostnqn, b.hostnqn);
	assert_string_equal(a.hostid, MACHINE_HOSTID);
}

static void test_machine_id_case_does_not_matter(void **state)
{
	struct nvmf_host host;

	(void)state;
	put_file("/etc/machine-id", "0123456789ABCDEF0123456789ABCDEF\n");
	assert_int_equal(nvmf_host_resolve(NULL, NULL, &host), 0);
	assert_string_equal(host.hostid, MACHINE_HOSTID);
}

static void test_machine_ids_differ(void **state)
{
	struct nvmf_host host;

	(void)state;
	put_file("/etc/machine-id", OTHER_ID "\n");
	assert_int_equal(nvmf_host_resolve(NULL, NULL, &host), 0);
	assert_string_not_equal(host.hostid, MACHINE_HOSTID);
	assert_string_equal(host.hostid, "cb730a29-ef84-57f6-891d-316d69d8742c");
}

static void test_malformed_machine_id(void **state)
{
	struct nvmf_host host;

	(void)state;
	put_file("/etc/machine-id", "0123456789abcdef\n");
	assert_int_equal(nvmf_host_resolve(NULL, NULL, &host), -EINVAL);
	put_file("/etc/machine-id", "0123456789abcdef0123456789abcdeg\n");
	assert_int_equal(nvmf_host_resolve(NULL, NULL, &host), -EINVAL);
}

static void test_uuid_hostnqn_gives_hostid(void **state)
{
	struct nvmf_host host;

	(void)state;
	put_file("/etc/nvme/hostnqn", PREFIX "33333333-3333-3333-3333-333333333333\n");
	put_file("/etc/machine-id", MACHINE_ID "\n");
	assert_int_equal(nvmf_host_resolve(NULL, NULL, &host), 0);
	assert_string_equal(host.hostid, "33333333-3333-3333-3333-333333333333");

	assert_int_equal(nvmf_host_resolve(PREFIX "44444444-4444-4444-4444-444444444444", NULL,
					   &host), 0);
	assert_string_equal(host.hostid, "44444444-4444-4444-4444-444444444444");
}

static void test_uuid_hostnqn_with_other_hostid(void **state)
{
	struct nvmf_host host;

	(void)state;
	put_file("/etc/nvme/hostnqn", PREFIX "33333333-3333-3333-3333-333333333333\n");
	put_file("/etc/nvme/hostid", "22222222-2222-2222-2222-222222222222\n");
	assert_int_equal(nvmf_host_resolve(NULL, NULL, &host), 0);
	assert_string_equal(host.hostnqn, PREFIX "33333333-3333-3333-3333-333333333333");
	assert_string_equal(host.hostid, "22222222-2222-2222-2222-222222222222");
}

/*
 * Another host's NQN must not borrow this host's hostid: the kernel refuses
 * one hostid under two hostnqns. It gets a name-based UUID of its own
 * (uuid5 of NQN in nvmf's namespace, worked out with Python's uuid module).
 */
#define NQN_HOSTID	"737a2c79-988c-5649-9b58-3e1bb1dc89c6"

static void test_other_hostnqn_gets_own_hostid(void **state)
{
	struct nvmf_host host;

	(void)state;
	put_file("/sys/class/dmi/id/product_uuid", DMI_UUID "\n");
	put_file("/etc/nvme/hostid", "22222222-2222-2222-2222-222222222222\n");
	assert_int_equal(nvmf_host_resolve(NQN, NULL, &host), 0);
	assert_string_equal(host.hostnqn, NQN);
	assert_string_equal(host.hostid, NQN_HOSTID);
	/* the uuid form carries its own */
	assert_int_equal(nvmf_host_resolve(PREFIX "33333333-3333-3333-3333-333333333333", NULL, &host), 0);
	assert_string_equal(host.hostid, "33333333-3333-3333-3333-333333333333");
}

/* This host's own identity is only compared with: that it has none, or a bad one, is no error. */
static void test_other_hostnqn_without_own_identity(void **state)
{
	struct nvmf_host host;
	char err[1024];

	(void)state;
	put_file("/etc/nvme/hostid", "not a uuid\n");
	capture_start(STDERR_FILENO);
	assert_int_equal(nvmf_host_resolve(NQN, NULL, &host), 0);
	assert_string_equal(capture_end(err, sizeof(err)), "");
	assert_string_equal(host.hostnqn, NQN);
	assert_string_equal(host.hostid, NQN_HOSTID);
}

/* Giving this host's own hostnqn changes nothing: the hostid stays the file's. */
static void test_own_hostnqn_keeps_hostid(void **state)
{
	struct nvmf_host host;

	(void)state;
	put_file("/etc/nvme/hostnqn", NQN "\n");
	put_file("/etc/nvme/hostid", "22222222-2222-2222-2222-222222222222\n");
	assert_int_equal(nvmf_host_resolve(NQN, NULL, &host), 0);
	assert_string_equal(host.hostnqn, NQN);
	assert_string_equal(host.hostid, "22222222-2222-2222-2222-222222222222");
}

static void test_hostid_file_names_hostnqn(void **state)
{
	struct nvmf_host host;

	(void)state;
	put_file("/etc/nvme/hostid", "22222222-2222-2222-2222-222222222222\n");
	assert_int_equal(nvmf_host_resolve(NULL, NULL, &host), 0);
	assert_string_equal(host.hostnqn, PREFIX "22222222-2222-2222-2222-222222222222");
}

static bool exists(const char *path)
{
	char full[PATH_MAX];
	struct stat st;

	assert_int_equal(root_path(full, sizeof(full), "%s", path), 0);
	return stat(full, &st) == 0;
}

/* The file's content without its newline, and its permission bits in @mode. */
static const char *file_value(const char *path, char *buf, size_t len, mode_t *mode)
{
	char full[PATH_MAX];
	struct stat st;

	assert_int_equal(root_path(full, sizeof(full), "%s", path), 0);
	assert_int_equal(stat(full, &st), 0);
	*mode = st.st_mode & 07777;
	assert_true(read_text(full, buf, len) > 0);
	return buf;
}

/*
 * No file, no DMI UUID, no machine-id: a random identity, written once
 * (0644, said once on stderr) and the same on every later run.
 */
static void test_nothing_at_all(void **state)
{
	struct nvmf_host host, again;
	char out[1024], id[64], nqn[256];
	mode_t mode;

	(void)state;
	/* a hostnqn of its own needs nothing from this machine, and writes nothing */
	assert_int_equal(nvmf_host_resolve(NQN, NULL, &host), 0);
	assert_string_equal(host.hostid, NQN_HOSTID);
	assert_int_equal(nvmf_host_resolve(NULL, DMI_UUID, &host), 0);
	assert_false(exists("/etc/nvme/hostid"));
	assert_false(exists("/etc/nvme/hostnqn"));

	capture_start(STDERR_FILENO);
	assert_int_equal(nvmf_host_resolve(NULL, NULL, &host), 0);
	capture_end(out, sizeof(out));
	assert_non_null(strstr(out, "generated one and wrote /etc/nvme/hostid and /etc/nvme/hostnqn"));
	assert_string_equal(file_value("/etc/nvme/hostid", id, sizeof(id), &mode), host.hostid);
	assert_int_equal(mode, 0644);
	assert_string_equal(file_value("/etc/nvme/hostnqn", nqn, sizeof(nqn), &mode), host.hostnqn);
	assert_int_equal(mode, 0644);
	assert_string_equal(host.hostnqn + strlen(PREFIX), host.hostid);

	capture_start(STDERR_FILENO);
	assert_int_equal(nvmf_host_resolve(NULL, NULL, &again), 0);
	capture_end(out, sizeof(out));
	assert_string_equal(out, "");
	assert_string_equal(again.hostid, host.hostid);
	assert_string_equal(again.hostnqn, host.hostnqn);
}

static void test_random_ids_differ(void **state)
{
	struct nvmf_host a, b;

	(void)state;
	assert_int_equal(nvmf_host_resolve(NULL, NULL, &a), 0);
	temp_root_remove();
	temp_root_create();
	assert_int_equal(nvmf_host_resolve(NULL, NULL, &b), 0);
	assert_string_not_equal(a.hostid, b.hostid);
}

/* A hostnqn file of its own form gets a hostid beside it, and stays as it is. */
static void test_creates_only_missing_hostid(void **state)
{
	struct nvmf_host host;
	char nqn[256], id[64];
	mode_t mode;

	(void)state;
	put_file("/etc/nvme/hostnqn", NQN "\n");
	put_file("/etc/machine-id", "uninitialized\n");
	assert_int_equal(nvmf_host_resolve(NULL, NULL, &host), 0);
	assert_string_equal(host.hostnqn, NQN);
	assert_string_equal(file_value("/etc/nvme/hostnqn", nqn, sizeof(nqn), &mode), NQN);
	assert_string_equal(file_value("/etc/nvme/hostid", id, sizeof(id), &mode), host.hostid);
	assert_string_not_equal(host.hostid, NQN_HOSTID);
}

/* An empty machine-id (systemd not yet initialized) is none. */
static void test_empty_machine_id_is_none(void **state)
{
	struct nvmf_host host;

	(void)state;
	put_file("/etc/machine-id", "");
	assert_int_equal(nvmf_host_resolve(NULL, NULL, &host), 0);
	assert_true(exists("/etc/nvme/hostid"));
}

/* Where /etc/nvme cannot be written, the refusal of before, naming why. */
static void test_unwritable_etc_nvme(void **state)
{
	struct nvmf_host host;
	char out[1024];

	(void)state;
	put_link("/nonexistent/nvme", "/etc/nvme");	/* as on a read-only /etc, nothing can be made */
	capture_start(STDERR_FILENO);
	assert_int_equal(nvmf_host_resolve(NULL, NULL, &host), -ENOENT);
	capture_end(out, sizeof(out));
	assert_non_null(strstr(out, "cannot generate a hostid: no DMI product_uuid and no /etc/machine-id, "
				 "and /etc/nvme/hostid cannot be written (No such file or directory)"));
	assert_false(exists("/etc/nvme/hostid"));
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, temp_root_setup, temp_root_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_given_values_win),
		TEST(test_given_values_skip_bad_files),
		TEST(test_given_hostid_is_lowercased),
		TEST(test_given_bad_hostid),
		TEST(test_given_bad_hostnqn),
		TEST(test_files_win_over_generated),
		TEST(test_files_are_trimmed),
		TEST(test_malformed_hostid_file),
		TEST(test_malformed_hostnqn_file),
		TEST(test_empty_file_is_malformed),
		TEST(test_two_line_file_is_malformed),
		TEST(test_dmi_uuid_used),
		TEST(test_zero_dmi_falls_back),
		TEST(test_ff_dmi_falls_back),
		TEST(test_unparsable_dmi_falls_back),
		TEST(test_missing_dmi_falls_back),
		TEST(test_unreadable_dmi_is_error),
		TEST(test_unreadable_dmi_is_one_line),
		TEST(test_machine_id_is_stable),
		TEST(test_machine_id_case_does_not_matter),
		TEST(test_machine_ids_differ),
		TEST(test_malformed_machine_id),
		TEST(test_uuid_hostnqn_gives_hostid),
		TEST(test_uuid_hostnqn_with_other_hostid),
		TEST(test_other_hostnqn_gets_own_hostid),
		TEST(test_other_hostnqn_without_own_identity),
		TEST(test_own_hostnqn_keeps_hostid),
		TEST(test_hostid_file_names_hostnqn),
		TEST(test_nothing_at_all),
		TEST(test_random_ids_differ),
		TEST(test_creates_only_missing_hostid),
		TEST(test_empty_machine_id_is_none),
		TEST(test_unwritable_etc_nvme),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
