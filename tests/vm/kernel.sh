# SPDX-License-Identifier: GPL-2.0-or-later
#
# The kernel and module cache both VM harnesses share (bash, sourced):
# tests/vm/run (busybox) and tests/vm/systemd/run (Debian with systemd).
# The sourcing script defines say and die and sets CACHE first.
#
#   MODULES, REQUIRED      the modules the VMs carry, those they cannot do without
#   copy_with_libs BIN DEST DIR   BIN and the libraries ldd names, into DIR
#   mkcpio DIR             DIR as a newc archive owned by root, on stdout
#   vm_kernel              pick the kernel: sets KERNEL, KVER, KDIR, kernel_id,
#                          MODSRC (maybe only after get_modsrc), debian_pkg
#   get_modsrc             make sure MODSRC (a modules tree with modules.dep) and
#                          KERNEL exist: downloads Debian's package if needed
#   vm_modules STAGE MODULE...   the closure of MODULE... (modules.dep),
#                          decompressed, into STAGE/lib/modules/$KVER, depmod'ed

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
# Sets KERNEL, KVER, KDIR (cache dir for this kernel), MODSRC (a modules tree
# with modules.dep, possibly only once the base needs rebuilding: see get_modsrc).
vm_kernel() {
	MODSRC=
	debian_pkg=
	if [ -n "${NVMF_TEST_KERNEL:-}" ]; then
		KERNEL=$NVMF_TEST_KERNEL
		[ -r "$KERNEL" ] || die "NVMF_TEST_KERNEL=$KERNEL is not readable"
		[ -n "${NVMF_TEST_MODULES:-}" ] || die "NVMF_TEST_KERNEL needs NVMF_TEST_MODULES=/lib/modules/VERSION"
		MODSRC=${NVMF_TEST_MODULES%/}
		[ -r "$MODSRC/modules.dep" ] || die "$MODSRC/modules.dep is missing (run depmod for that kernel)"
		KVER=$(basename "$MODSRC")
		KDIR=$CACHE/user-$KVER-$(echo "$KERNEL $MODSRC" | md5sum | cut -c1-8)
		kernel_id="user $KERNEL $(stat -c %Y "$KERNEL") $MODSRC $(stat -c %Y "$MODSRC/modules.dep")"
	else
		find_pkg() {
			apt-cache search --names-only '^linux-image-6\.12.*deb12-amd64$' 2>/dev/null |
				awk '{print $1}' | sort -V | tail -1
		}
		debian_pkg=$(find_pkg)
		if [ -z "$debian_pkg" ] && [ "$(id -u)" -eq 0 ]; then
			apt-get update -qq >/dev/null 2>&1
			debian_pkg=$(find_pkg)
		fi
		if [ -z "$debian_pkg" ]; then
			# offline or no lists: fall back to the newest kernel already cached
			KVER=$(ls -d "$CACHE"/6.12.*/vmlinuz 2>/dev/null | xargs -r -n1 dirname | xargs -r -n1 basename | sort -V | tail -1)
			[ -n "$KVER" ] || die "no linux-image-6.12.*-deb12-amd64 in apt-cache search and none cached; run apt-get update"
		else
			KVER=${debian_pkg#linux-image-}
		fi
		KDIR=$CACHE/$KVER
		KERNEL=$KDIR/vmlinuz
		kernel_id="debian $KVER"
	fi
	mkdir -p "$KDIR" || die "cannot create $KDIR"
}

# Download and unpack Debian's kernel package into $KDIR/pkg (removed again
# once the base initramfs is built: only vmlinuz and the base are kept).
fetch_debian_kernel() {
	[ -d "$KDIR/pkg/lib/modules/$KVER" ] && [ -r "$KDIR/pkg/lib/modules/$KVER/modules.dep" ] && return 0
	[ -n "$debian_pkg" ] || die "cannot download $KVER (not in apt-cache search)"
	local tmp=$KDIR/dl
	rm -rf "$tmp" "$KDIR/pkg"; mkdir -p "$tmp"
	say "downloading $debian_pkg"
	(cd "$tmp" && apt-get download -qq "$debian_pkg" 2>&1 | grep -v 'unsandboxed as root') ||
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
