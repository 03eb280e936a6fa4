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
