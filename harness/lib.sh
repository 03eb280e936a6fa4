# Shared helpers for the harness scripts; source it, don't run it.

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$top/build

die()
{
	echo "${0##*/}: error: $*" >&2
	exit 1
}

step()
{
	echo "${0##*/}: $*"
}

# need_pkgs PKG...: install the Debian packages that are missing
need_pkgs()
{
	local missing=() pkg

	for pkg in "$@"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null |
			grep -q 'ok installed' || missing+=("$pkg")
	done
	[ ${#missing[@]} -eq 0 ] && return 0

	[ "$(id -u)" -eq 0 ] ||
		die "missing packages ${missing[*]}; run as root or install them"
	step "installing ${missing[*]}"
	if [ ! -e "$build/.apt-updated" ]; then
		apt-get update -q >/dev/null || die "apt-get update failed"
		mkdir -p "$build" && touch "$build/.apt-updated"
	fi
	for pkg in "${missing[@]}"; do
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends "$pkg" >/dev/null ||
			die "apt-get install $pkg failed"
	done
}

# need_dev_null: make sure /dev/null is the null device. Seen on a fresh
# machine: a regular file in its place, which every "> /dev/null" appends
# to. autoconf's configure then writes its own cache diff into
# config.status and fails, and a read from /dev/null returns old output.
need_dev_null()
{
	[ -c /dev/null ] && return 0
	[ "$(id -u)" -eq 0 ] ||
		die "/dev/null is not a character device ($(stat -c %F /dev/null 2>&1)); as root: rm -f /dev/null; mknod -m 666 /dev/null c 1 3"
	step "/dev/null is a $(stat -c %F /dev/null), not the null device: recreating it"
	rm -f /dev/null
	mknod -m 666 /dev/null c 1 3 || die "cannot create /dev/null"
}

# build_progress: kbuild's output on stdin as a line per 500 files built,
# with every error and warning
build_progress()
{
	grep -E --line-buffered '^ *(CC|LD|AR|AS) |(error|warning):' |
		awk '/(error|warning):/ { print; next }
		     { n++ } n % 500 == 0 { printf "  %d files built\n", n; fflush() }'
}

# series_patches DIR: the patches DIR/series lists, in order, one path a
# line; "#" starts a comment. A patch the series names but DIR lacks is an
# error: call it as list=$(series_patches DIR) under set -e.
series_patches()
{
	local dir=$1 p

	[ -f "$dir/series" ] || die "no patch series $dir/series"
	for p in $(sed 's/#.*//' "$dir/series"); do
		[ -f "$dir/$p" ] || die "${dir#"$top"/}/series names $p, which is missing"
		echo "$dir/$p"
	done
}

# ------------------------------------------------- Debian source packages

# Where fetch_orig takes sources from, and keeps its apt state
suite=sid
aptdir=$build/apt

# This machine's Debian codename, from /etc/os-release
codename()
{
	[ ! -r /etc/os-release ] || (. /etc/os-release && echo "${VERSION_CODENAME:-}")
}

# derive_deb822 CODENAME FILE...: a deb822 deb-src stanza for $suite, from
# the first of the machine's Debian main-archive entries: Suites has
# CODENAME, Components has main, not the security archive
derive_deb822()
{
	local cn=$1

	shift
	# One stanza per paragraph; continuation lines (leading blank) belong
	# to the previous field; comments are dropped.
	awk -v cn="$cn" -v suite="$suite" '
	function flush() {
		if (done || f["types"] == "") { reset(); return }
		if (tolower(f["enabled"]) == "no") { reset(); return }
		if (f["types"] !~ /(^|[ \t])deb([ \t]|$)/) { reset(); return }
		if ((" " f["suites"] " ") !~ (" " cn " ")) { reset(); return }
		if ((" " f["components"] " ") !~ / main /) { reset(); return }
		if (f["uris"] ~ /security/) { reset(); return }
		print "Types: deb-src"
		print "URIs: " f["uris"]
		print "Suites: " suite
		print "Components: main"
		if (f["signed-by"] != "") print "Signed-By:" raw["signed-by"]
		done = 1
		reset()
	}
	function reset() { delete f; delete raw; key = "" }
	/^#/ { next }
	/^[ \t]*$/ { flush(); next }
	/^[ \t]/ { if (key != "") { raw[key] = raw[key] "\n" $0; f[key] = f[key] " " $0 } next }
	{
		i = index($0, ":"); if (i == 0) next
		key = tolower(substr($0, 1, i - 1))
		raw[key] = substr($0, i + 1)
		v = raw[key]; gsub(/^[ \t]+|[ \t]+$/, "", v); f[key] = v
	}
	END { flush() }
	' "$@"
}

# derive_oneline CODENAME FILE...: the same as one line,
# deb [opts] URI suite comp...  ->  deb-src [signed-by=...] URI sid main
derive_oneline()
{
	local cn=$1

	shift
	awk -v cn="$cn" -v suite="$suite" '
	/^[ \t]*#/ || NF == 0 { next }
	$1 != "deb" { next }
	{
		opts = ""; n = 2
		if ($2 ~ /^\[/) {
			while (n <= NF) { opts = opts " " $n; if ($n ~ /\]$/) { n++; break } n++ }
		}
		uri = $n; s = $(n + 1); main = 0
		for (j = n + 2; j <= NF; j++) if ($j == "main") main = 1
		if (s != cn || !main || uri ~ /security/) next
		sb = ""
		if (match(opts, /signed-by=[^] ]+/)) sb = substr(opts, RSTART, RLENGTH)
		printf "deb-src %s%s %s main\n", (sb != "" ? "[" sb "] " : ""), uri, suite
		exit
	}' "$@"
}

# derive FORMAT DERIVE CODENAME FILE...: write the deb-src entry DERIVE
# makes of FILE... to $aptdir/$suite-src.FORMAT and print its path, or
# print nothing if there is none
derive()
{
	local file=$aptdir/$suite-src.$1 derive=$2

	shift 2
	[ $# -gt 1 ] || return 0
	"$derive" "$@" > "$file.new"
	if [ -s "$file.new" ]; then
		mv "$file.new" "$file"
		echo "$file"
	fi
	rm -f "$file.new"
}

# fetch_orig PKG[=VERSION] TARBALL: fetch the orig tarball TARBALL names
# with `apt-get source --download-only PKG[=VERSION]` from Debian $suite,
# through a deb-src entry derived from this machine's own apt sources (same
# URIs and Signed-By; deb822 .sources or one-line .list format) and a
# private apt state in $aptdir, leaving the machine's apt configuration
# and lists untouched. Only the orig tarball is needed: the .dsc and the
# .debian.tar.xz may 404, so the result is judged by the tarball, not
# apt's exit code.
fetch_orig()
{
	local spec=$1 tarball=$2 cn srcfile f lists=() deb822=() apt

	cn=$(codename)
	[ -n "$cn" ] || die "cannot tell this machine's Debian codename (/etc/os-release)"
	mkdir -p "$aptdir/lists/partial" "${tarball%/*}"

	for f in /etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] && deb822+=("$f")
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -r "$f" ] && lists+=("$f")
	done
	srcfile=$(derive sources derive_deb822 "$cn" "${deb822[@]}")
	[ -n "$srcfile" ] || srcfile=$(derive list derive_oneline "$cn" "${lists[@]}")
	[ -n "$srcfile" ] || die "found no Debian main-archive entry for '$cn' (component main) in /etc/apt/sources.list{,.d/*.sources,.d/*.list}; cannot derive a deb-src entry for $suite to fetch $spec"

	apt=(apt-get -q
		-o "Dir::Etc::SourceList=$srcfile"
		-o Dir::Etc::SourceParts=/dev/null
		-o "Dir::State::Lists=$aptdir/lists"
		-o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=)

	step "fetching ${tarball##*/} from Debian $suite (private apt state in ${aptdir#"$top"/})"
	"${apt[@]}" update > "$aptdir/update.log" 2>&1 ||
		die "apt-get update for the $suite deb-src entry failed (log: $aptdir/update.log)"
	(cd "${tarball%/*}" && "${apt[@]}" source --download-only "$spec") \
		> "$aptdir/source.log" 2>&1 || true
	[ -f "$tarball" ] ||
		die "$spec: apt-get source did not produce ${tarball##*/} (does $suite still have it? log: $aptdir/source.log)"
}

# ------------------------------------------------------- the kernel series

# unpack_kernel_source: unpack Debian's linux-source-6.12 once to
# $build/linux.pristine; sets $version to the package version
unpack_kernel_source()
{
	local deb pristine=$build/linux.pristine

	mkdir -p "$build/dl"
	deb=$(ls "$build"/dl/linux-source-6.12_*.deb 2>/dev/null | tail -n 1)
	if [ -z "$deb" ]; then
		step "downloading linux-source-6.12"
		(cd "$build/dl" && apt-get download -q linux-source-6.12 \
			>/dev/null 2>&1) ||
			die "apt-get download linux-source-6.12 failed"
		deb=$(ls "$build"/dl/linux-source-6.12_*.deb | tail -n 1)
	fi
	version=$(dpkg-deb -f "$deb" Version)
	[ "$(cat "$pristine/.kcma-version" 2>/dev/null)" != "$version" ] || return 0
	step "unpacking linux-source-6.12 $version"
	rm -rf "$pristine" "$build/linux.tmp"
	mkdir -p "$build/linux.tmp"
	dpkg-deb --fsys-tarfile "$deb" |
		tar -xO --wildcards './usr/src/linux-source-6.12.tar.*' |
		tar -xJ -C "$build/linux.tmp" ||
		die "cannot unpack $deb"
	mv "$build/linux.tmp/linux-source-6.12" "$pristine"
	rmdir "$build/linux.tmp"
	echo "$version" > "$pristine/.kcma-version"
}

# series_new_files: the files the series adds to the kernel tree, one path
# a line: the plain copies of them in this repository are its end state
series_new_files()
{
	local patches

	patches=$(series_patches "$top/patches")
	awk '/^diff --git / { f = substr($4, 3) }
	     /^new file mode / { print f }
	     /^deleted file mode / { print "-" f }' $patches |
	awk '/^-/ { del[substr($0, 2)] = 1; next } { add[$0] = 1 }
	     END { for (f in add) if (!(f in del)) print f }' | sort
}

# plain_kernel_files: the files of this repository at a path of the kernel
# tree: what git tracks, or would (new, not ignored), outside the
# project's own directories
plain_kernel_files()
{
	(cd "$top" && git ls-files --cached --others --exclude-standard) |
	while read -r f; do
		case $f in
		.*|build/*|harness/*|tests/*|bench/*|doc/*|patches/*|\
		kexec-tools-patches/*|upstream-patches/*|tools/kho-fdt/*)
			;;
		*/*)
			[ ! -f "$top/$f" ] || echo "$f"
			;;
		esac
	done
}

# series_base_files: the files of pristine 6.12 the series changes, one
# path a line; the ones it adds come with their patches
series_base_files()
{
	local patches f

	patches=$(series_patches "$top/patches")
	for f in $(sed -n 's|^--- a/||p' $patches | sort -u); do
		[ ! -e "$build/linux.pristine/$f" ] || echo "$f"
	done
}

# compose_series DIR: lays out in DIR every file the series touches as the
# series leaves it: the pristine file, or none, with every patch applied
# strictly (no fuzz). Needs $build/linux.pristine.
compose_series()
{
	local dir=$1 pristine=$build/linux.pristine patches p

	patches=$(series_patches "$top/patches")
	rm -rf "$dir"
	mkdir -p "$dir"
	series_base_files | (cd "$pristine" && cpio -pdm --quiet "$dir") ||
		die "cannot copy the series' base files from $pristine"
	for p in $patches; do
		(cd "$dir" && patch -p1 -F0 -N -s --no-backup-if-mismatch \
			< "$p" >/dev/null) ||
			die "${p##*/} does not apply to linux-source-6.12 $(cat "$pristine/.kcma-version")"
	done
}

# upstream_git GITDIR TREE GIT-ARGS...: git on TREE with its git directory
# GITDIR kept outside it (kbuild would otherwise add "+" to the release),
# as the author of upstream-patches/
upstream_git()
{
	local gitdir=$1 tree=$2

	shift 2
	git --git-dir="$gitdir" --work-tree="$tree" \
		-c user.name="kexec-cma maintainers" \
		-c user.email=kexec-cma@users.noreply.example "$@"
}

# upstream_patch_base PRISTINE TREE GITDIR: TREE, a hard-linked copy of the
# pristine 7.1.8 tree PRISTINE (without its object tree) whose files
# upstream-patches/ touches are real copies, committed in GITDIR as the
# base to git am the series on
upstream_patch_base()
{
	local pristine=$1 tree=$2 gitdir=$3 files f

	files=$(sed -n 's|^diff --git a/\([^ ]*\) b/.*|\1|p' \
		"$top"/upstream-patches/*.patch | sort -u)
	rm -rf "$tree" "$gitdir"
	cp -al "$pristine" "$tree"
	rm -rf "$tree/.kcma-version" "$tree/kcma-obj"
	for f in $files; do
		cp --remove-destination "$pristine/$f" "$tree/$f"
	done
	upstream_git "$gitdir" "$tree" init -q
	upstream_git "$gitdir" "$tree" add -- $files
	upstream_git "$gitdir" "$tree" commit -q -m "Linux 7.1.8: the files upstream-patches/ touches"
}
