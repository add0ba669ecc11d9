# SPDX-License-Identifier: GPL-2.0-or-later
#
# The kernel and module cache both VM harnesses share (bash, sourced):
# tests/vm/run (busybox) and tests/vm/systemd/run (Debian with systemd).
# The sourcing script defines say and die and sets CACHE first.
#
#   NVMF_KERNEL            which of Debian's kernels, by short name (KERNELS):
#                          6.12 (default), 6.1 or 5.10
#   VM_CMDLINE             the kernel command line both start from
#   MODULES, REQUIRED      the modules the VMs carry, those they cannot do without
#   copy_with_libs BIN DEST DIR   BIN and the libraries ldd names, into DIR
#   mkcpio DIR             DIR as a newc archive owned by root, on stdout
#   debian_mirror          the URI of this machine's own Debian archive
#   vm_kernel              pick the kernel: sets KERNEL, KVER, KDIR, KSERIES,
#                          kernel_id, MODSRC (maybe only after get_modsrc),
#                          debian_pkg; takes the lock of KDIR (kernel_lock)
#   kernel_lock, kernel_unlock   one process at a time builds in KDIR
#   get_modsrc             make sure MODSRC (a modules tree with modules.dep) and
#                          KERNEL exist: downloads Debian's package if needed
#   prune_older            remove cached older builds of the same kernel series
#   vm_modules STAGE MODULE...   the closure of MODULE... (modules.dep),
#                          decompressed, into STAGE/lib/modules/$KVER, depmod'ed

# The kernel command line both harnesses start from.  tsc=reliable: on a
# busy host the clocksource watchdog finds qemu's TSC skewed, marks it
# unstable, and the kernel then patches the sched_clock static key while both
# vCPUs run; TCG can run stale code over the patch and the guest dies of an
# "Oops: int3" in sched_clock_cpu.  Trusting the TSC from boot patches nothing.
# no_timer_check: at load 10 the timer interrupt can miss the few ticks the
# kernel's IO-APIC check waits for, and the guest panics at 0.07 s with
# "IO-APIC + timer doesn't work" (seen in a TLS VM boot).
VM_CMDLINE="console=ttyS0 quiet loglevel=3 panic=-1 tsc=reliable no_timer_check"
# Even so the kernel patches static keys late in boot (sched_clock_init_late
# enables __sched_clock_stable at about 2 s), and multi-threaded TCG can still
# run a vCPU over the int3 of that patch: seen once in ten boots of an idle
# host.  One host thread for both vCPUs keeps code patching coherent; the
# guest still has two CPUs (two I/O queues per controller).
VM_ACCEL=${NVMF_VM_ACCEL:-tcg,thread=single}

# Modules the base carries (with their dependencies from modules.dep).
MODULES=(configfs null_blk dummy crc32_generic crc32c_generic crc32c-intel
	 nvme-core nvme-auth nvme-keyring nvme-fabrics nvme-tcp nvme-rdma nvme-fc
	 nvmet nvmet-tcp nvmet-rdma nvmet-fc nvme-loop nvme-fcloop rdma_rxe tls)
# Without these (as modules or built in) the suite cannot run at all.
REQUIRED=(configfs null_blk nvme-core nvme-fabrics nvme-tcp nvmet nvmet-tcp)

# Copy a dynamically linked program and the libraries ldd names into DIR.
copy_with_libs() {
	local bin=$1 dest=$2 dir=$3 lib
	install -D -m 0755 "$bin" "$dir$dest" || return 1
	while read -r lib; do
		[ -n "$lib" ] && [ ! -e "$dir$lib" ] && { install -D -m 0755 "$lib" "$dir$lib" || return 1; }
	done < <(ldd "$bin" 2>/dev/null | grep -oE '(^|[[:space:]])/[^ ]+' | tr -d ' \t')
	return 0
}

mkcpio() { # DIR > archive (newc, owned by root)
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet)
}

# --- the kernel --------------------------------------------------------------
# The kernels the suite knows by short name: the Debian suite that ships it,
# the package name (an extended regular expression; the newest match wins) and
# the cache directories of its builds (a glob: KVER is the directory name).
KERNELS="6.12 6.1 5.10"
kernel_series() { # NAME: sets KSUITE, KPKG_RE, KGLOB
	case $1 in
	6.12) KSUITE=bookworm KPKG_RE='^linux-image-6\.12\.[0-9]+\+deb12-amd64$' KGLOB='6.12.*+deb12-amd64' ;;
	6.1) KSUITE=bookworm KPKG_RE='^linux-image-6\.1\.0-[0-9]+-amd64$' KGLOB='6.1.0-*-amd64' ;;
	5.10) KSUITE=bullseye KPKG_RE='^linux-image-5\.10\.0-[0-9]+-amd64$' KGLOB='5.10.0-*-amd64' ;;
	*) return 1 ;;
	esac
}

# The URI of this machine's own Debian archive (NVMF_VM_MIRROR overrides): the
# one its sources give for its own release.
debian_mirror() {
	local m=${NVMF_VM_MIRROR:-} own
	own=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
	if [ -z "$m" ] && [ -n "$own" ] && [ -r /etc/apt/sources.list.d/debian.sources ]; then
		m=$(awk -v s="$own" 'BEGIN { RS = "" }
			{ uri = ""; ok = 0; n = split($0, L, "\n")
			  for (i = 1; i <= n; i++) {
				if (L[i] ~ /^URIs:/) { sub(/^URIs:[ \t]*/, "", L[i]); split(L[i], U, /[ \t]+/); uri = U[1] }
				if (L[i] ~ /^Suites:/) { k = split(L[i], S, /[ \t]+/); for (j = 2; j <= k; j++) if (S[j] == s) ok = 1 }
			  }
			  if (ok && uri != "") { print uri; exit } }' /etc/apt/sources.list.d/debian.sources)
	fi
	if [ -z "$m" ] && [ -n "$own" ] && [ -r /etc/apt/sources.list ]; then
		m=$(awk -v s="$own" '$1 == "deb" && $2 !~ /^\[/ && $3 == s { print $2; exit }' /etc/apt/sources.list)
	fi
	echo "${m:-http://deb.debian.org/debian}"
}

# apt for KSUITE: the machine's own configuration when the machine runs that
# release, else a private one in $CACHE/apt-KSUITE (a sources list with the
# machine's mirror, its own lists and package cache; the machine's sources
# and lists are never touched).  Sets APT_OPTS.
kernel_apt() {
	APT_OPTS=(-o DPkg::Lock::Timeout=600)
	local own
	own=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
	[ "$own" = "$KSUITE" ] && return 0
	local d=$CACHE/apt-$KSUITE
	mkdir -p "$d/lists/partial" "$d/cache/archives/partial" || die "cannot create $d"
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $(debian_mirror) $KSUITE main" >"$d/sources.list"
	APT_OPTS+=(-o "Dir::Etc::sourcelist=$d/sources.list" -o Dir::Etc::sourceparts=/nonexistent
		   -o "Dir::State::Lists=$d/lists" -o "Dir::Cache=$d/cache" -o Acquire::Languages=none)
}

kernel_apt_update() {
	[ "$(id -u)" -eq 0 ] || return 1
	apt-get "${APT_OPTS[@]}" update -qq >/dev/null 2>&1
}

find_pkg() {
	apt-cache "${APT_OPTS[@]}" search --names-only "$KPKG_RE" 2>/dev/null | awk '{print $1}' | sort -V | tail -1
}

# Sets KERNEL, KVER, KDIR (cache dir for this kernel), MODSRC (a modules tree
# with modules.dep, possibly only once the base needs rebuilding: see get_modsrc).
vm_kernel() {
	MODSRC=
	debian_pkg=
	KSERIES=${NVMF_KERNEL:-6.12}
	if [ -n "${NVMF_TEST_KERNEL:-}" ]; then
		KERNEL=$NVMF_TEST_KERNEL
		[ -r "$KERNEL" ] || die "NVMF_TEST_KERNEL=$KERNEL is not readable"
		[ -n "${NVMF_TEST_MODULES:-}" ] || die "NVMF_TEST_KERNEL needs NVMF_TEST_MODULES=/lib/modules/VERSION"
		MODSRC=${NVMF_TEST_MODULES%/}
		[ -r "$MODSRC/modules.dep" ] || die "$MODSRC/modules.dep is missing (run depmod for that kernel)"
		KVER=$(basename "$MODSRC")
		KSERIES=user
		KDIR=$CACHE/user-$KVER-$(echo "$KERNEL $MODSRC" | md5sum | cut -c1-8)
		kernel_id="user $KERNEL $(stat -c %Y "$KERNEL") $MODSRC $(stat -c %Y "$MODSRC/modules.dep")"
	else
		kernel_series "$KSERIES" || die "NVMF_KERNEL=$KSERIES: the kernels known are $KERNELS"
		mkdir -p "$CACHE" || die "cannot create $CACHE"
		kernel_apt
		debian_pkg=$(find_pkg)
		if [ -z "$debian_pkg" ] && kernel_apt_update; then
			debian_pkg=$(find_pkg)
		fi
		if [ -z "$debian_pkg" ]; then
			# offline or no lists: fall back to the newest kernel already cached
			KVER=$(cd "$CACHE" && ls -d $KGLOB 2>/dev/null | while read -r d; do
				[ -r "$d/vmlinuz" ] && echo "$d"; done | sort -V | tail -1)
			[ -n "$KVER" ] || die "no package matching $KPKG_RE in $KSUITE (apt-cache search) and none cached; check the network and apt-get update"
		else
			KVER=${debian_pkg#linux-image-}
		fi
		KDIR=$CACHE/$KVER
		KERNEL=$KDIR/vmlinuz
		kernel_id="debian $KVER"
	fi
	mkdir -p "$KDIR" || die "cannot create $KDIR"
}

# One process at a time checks and builds what KDIR holds (others may share
# the cache: another checkout, the other harness); the lock is fd 8.
kernel_lock() {
	exec 8>"$KDIR/.lock" || die "cannot open $KDIR/.lock"
	flock 8
}
kernel_unlock() { flock -u 8; exec 8>&-; }

# Download and unpack Debian's kernel package into $KDIR/pkg (removed again
# once the initramfs parts are built: only vmlinuz and those are kept).
fetch_debian_kernel() {
	[ -d "$KDIR/pkg/lib/modules/$KVER" ] && [ -r "$KDIR/pkg/lib/modules/$KVER/modules.dep" ] && return 0
	[ -n "$debian_pkg" ] || die "cannot download $KVER (not in apt-cache search)"
	local tmp=$KDIR/dl
	rm -rf "$tmp" "$KDIR/pkg"; mkdir -p "$tmp"
	say "downloading $debian_pkg ($KSUITE)"
	download() { (cd "$tmp" && apt-get "${APT_OPTS[@]}" download -qq "$debian_pkg" 2>&1 | grep -v 'unsandboxed as root'); }
	# lists older than the archive: update them once and try again
	download; [ -n "$(ls "$tmp"/*.deb 2>/dev/null)" ] || { kernel_apt_update && download; }
	[ -n "$(ls "$tmp"/*.deb 2>/dev/null)" ] || die "apt-get download $debian_pkg failed"
	dpkg-deb -x "$tmp"/*.deb "$KDIR/pkg" || die "dpkg-deb -x failed"
	rm -rf "$tmp"
	depmod -b "$KDIR/pkg" "$KVER" || die "depmod of $KVER failed"
}

get_modsrc() {
	[ -n "$MODSRC" ] && return 0
	fetch_debian_kernel
	MODSRC=$KDIR/pkg/lib/modules/$KVER
	[ -r "$KERNEL" ] || cp "$KDIR/pkg/boot/vmlinuz-$KVER" "$KERNEL" || die "no vmlinuz-$KVER in the package"
}

# Older builds of the same series (Debian moved on to a newer ABI) go; other
# series' caches and user kernels stay.
prune_older() {
	[ -n "$debian_pkg" ] || return 0
	local d
	for d in "$CACHE"/$KGLOB; do
		[ -d "$d" ] && [ "$d" != "$KDIR" ] && [ -r "$d/vmlinuz" ] || continue
		[ "$(printf '%s\n' "${d##*/}" "$KVER" | sort -V | tail -1)" = "$KVER" ] && rm -rf "$d"
	done
	return 0
}

# The closure of the wanted modules (modules.dep lists every dependency),
# as plain .ko files, so busybox modprobe and any libkmod can load them.
vm_modules() { # STAGE MODULE...
	local stage=$1
	shift
	local mdir=$stage/lib/modules/$KVER
	mkdir -p "$mdir" || die "cannot create $mdir"
	local closure
	closure=$(awk -v want="$*" -v builtin="$MODSRC/modules.builtin" '
		function norm(p) { sub(/.*\//, "", p); sub(/\.ko.*$/, "", p); gsub("-", "_", p); return p }
		BEGIN { while ((getline l < builtin) > 0) B[norm(l)] = 1 }
		{ p = $1; sub(/:$/, "", p); n = norm(p); P[n] = p; D[n] = ""
		  for (i = 2; i <= NF; i++) D[n] = D[n] " " $i }
		END {
			nw = split(want, W, " ")
			for (i = 1; i <= nw; i++) {
				w = norm(W[i])
				if (w in B) continue
				if (!(w in P)) { print "MISSING " W[i]; continue }
				S[P[w]] = 1; nd = split(D[w], DD, " ")
				for (j = 1; j <= nd; j++) S[DD[j]] = 1
			}
			for (s in S) print s
		}' "$MODSRC/modules.dep")
	local m missing=()
	for m in "${REQUIRED[@]}"; do
		grep -qx "MISSING $m" <<<"$closure" && missing+=("$m")
	done
	[ ${#missing[@]} -eq 0 ] || die "kernel $KVER lacks modules: ${missing[*]}"
	grep '^MISSING ' <<<"$closure" | sed 's/^MISSING /vm: optional module not available: /'
	local rel out f
	while read -r rel; do
		case $rel in MISSING*|'') continue ;; esac
		out=$mdir/${rel%.*}
		case $rel in
		*.ko) out=$mdir/$rel; mkdir -p "$(dirname "$out")"; cp "$MODSRC/$rel" "$out" ;;
		*.xz) mkdir -p "$(dirname "$out")"; xz -dc "$MODSRC/$rel" >"$out" ;;
		*.zst) mkdir -p "$(dirname "$out")"; zstd -qdc "$MODSRC/$rel" >"$out" ;;
		*.gz) mkdir -p "$(dirname "$out")"; gzip -dc "$MODSRC/$rel" >"$out" ;;
		esac || die "cannot unpack $rel"
	done <<<"$closure"
	for f in modules.builtin modules.builtin.modinfo modules.order; do
		[ -r "$MODSRC/$f" ] && cp "$MODSRC/$f" "$mdir/"
	done
	depmod -b "$stage" "$KVER" || die "depmod in the base failed"
}
