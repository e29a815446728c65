#!/bin/sh
# Install cc (Claude Code for Codex) from a release: pick the build for this machine, download it
# with SHA256SUMS, refuse it unless the checksum matches, put it in ~/.local/bin (no sudo), then run
# `cc install`. POSIX sh: runs under dash and busybox ash as well as bash and zsh.
#
#   curl -fsSL https://github.com/cc-for-codex/cc/releases/latest/download/install.sh | sh
#   curl -fsSL .../install.sh | sh -s -- --version 0.2.0 --no-cc-install
#
# Options (or environment):
#   --version <v>     CC_VERSION        a release such as 0.2.0 (default: the latest)
#   --dir <dir>       CC_INSTALL_DIR    where `cc` goes (default: ~/.local/bin)
#   --base <url>      CC_RELEASE_BASE   release server (default: the GitHub releases of cc);
#                                       files are fetched from <url>/download/v<version>/<file>
#                                       and <url>/latest/download/<file>
#   --target <t>      CC_TARGET         a build such as linux-x64-baseline (default: detected)
#   --no-cc-install   CC_NO_CC_INSTALL=1  do not run `cc install` afterwards
#   --sha256 <hex>    CC_SHA256         also require the archive to have this SHA-256 (a pinned
#                                       release, e.g. in CI), not only the one in SHA256SUMS
#   -- <args>                           passed to `cc install` (e.g. -- --yes)
set -eu

DEFAULT_BASE="https://github.com/cc-for-codex/cc/releases"

say() { printf '%s\n' "$*"; }
fail() {
  printf 'install.sh: %s\n' "$1" >&2
  [ $# -gt 1 ] && printf '  %s\n' "$2" >&2
  exit 1
}

version="${CC_VERSION:-}"
dir="${CC_INSTALL_DIR:-}"
base="${CC_RELEASE_BASE:-$DEFAULT_BASE}"
target="${CC_TARGET:-}"
pinned_sha256="${CC_SHA256:-}"
run_cc_install=1
[ "${CC_NO_CC_INSTALL:-}" = 1 ] && run_cc_install=0

need_value() { [ $# -ge 2 ] && [ -n "$2" ] || fail "$1 needs a value" "Run with --help for the options."; }
while [ $# -gt 0 ]; do
  case "$1" in
    --version) need_value "$@"; version="$2"; shift 2 ;;
    --version=*) version="${1#*=}"; shift ;;
    --dir) need_value "$@"; dir="$2"; shift 2 ;;
    --dir=*) dir="${1#*=}"; shift ;;
    --base) need_value "$@"; base="$2"; shift 2 ;;
    --base=*) base="${1#*=}"; shift ;;
    --target) need_value "$@"; target="$2"; shift 2 ;;
    --target=*) target="${1#*=}"; shift ;;
    --sha256) need_value "$@"; pinned_sha256="$2"; shift 2 ;;
    --sha256=*) pinned_sha256="${1#*=}"; shift ;;
    --no-cc-install) run_cc_install=0; shift ;;
    -h|--help) sed -n '2,22p' "$0" 2>/dev/null | sed 's/^# \{0,1\}//'; exit 0 ;;
    --) shift; break ;;
    *) fail "unknown option $1" "Options: --version, --dir, --base, --target, --sha256, --no-cc-install; -- passes the rest to \`cc install\`." ;;
  esac
done
version="${version#v}"
base="${base%/}"
if [ -z "$dir" ]; then
  [ -n "${HOME:-}" ] || fail "HOME is not set, so there is no default install directory" "Set CC_INSTALL_DIR or pass --dir <dir>."
  dir="$HOME/.local/bin"
fi

# --- which build this machine needs -------------------------------------------------------------
has_avx2() {
  case "$1" in
    linux) grep -qw avx2 /proc/cpuinfo 2>/dev/null ;;
    darwin) [ "$(sysctl -n hw.optional.avx2_0 2>/dev/null || echo 0)" = 1 ] ;;
    *) return 0 ;;
  esac
}
is_musl() {
  [ -f /etc/alpine-release ] && return 0
  for loader in /lib/ld-musl-*.so.1; do [ -e "$loader" ] && return 0; done
  ldd --version 2>&1 | grep -qi musl
}
detect_target() {
  kernel="$(uname -s 2>/dev/null || echo unknown)"
  machine="$(uname -m 2>/dev/null || echo unknown)"
  case "$kernel" in
    Linux) os=linux ;;
    Darwin) os=darwin ;;
    MINGW*|MSYS*|CYGWIN*|Windows_NT) fail "this is Windows ($kernel): install.sh installs the Linux and macOS builds" "In PowerShell run: irm $base/latest/download/install.ps1 | iex" ;;
    *) fail "no cc build for this operating system ($kernel $machine)" "cc is built for Linux, macOS and Windows on x64 and arm64; build it from source: https://github.com/cc-for-codex/cc#install" ;;
  esac
  case "$machine" in
    x86_64|amd64) arch=x64 ;;
    aarch64|arm64|armv8*) arch=arm64 ;;
    *) fail "no cc build for this processor ($kernel $machine)" "cc is built for x64 and arm64; build it from source: https://github.com/cc-for-codex/cc#install" ;;
  esac
  # An x64 shell under Rosetta on Apple silicon: the native arm64 build is the right one.
  if [ "$os" = darwin ] && [ "$arch" = x64 ] && [ "$(sysctl -n sysctl.proc_translated 2>/dev/null || echo 0)" = 1 ]; then arch=arm64; fi
  suffix=""
  [ "$arch" = x64 ] && ! has_avx2 "$os" && suffix="-baseline"
  [ "$os" = linux ] && is_musl && suffix="$suffix-musl"
  printf '%s-%s%s\n' "$os" "$arch" "$suffix"
}
if [ -z "$target" ]; then target="$(detect_target)" || exit 1; fi
case "$target" in
  *[!a-z0-9-]*|"") fail "--target must look like linux-x64 or darwin-arm64, got \"$target\"" "Leave it out to detect this machine's build." ;;
esac

# --- tools ---------------------------------------------------------------------------------------
if command -v curl >/dev/null 2>&1; then
  fetch() { curl -fsSL --retry 2 -o "$2" "$1"; }
elif command -v wget >/dev/null 2>&1; then
  fetch() { wget -q -O "$2" "$1"; }
else
  fail "neither curl nor wget is installed" "Install one of them (e.g. apt-get install curl) and run this again."
fi
if command -v sha256sum >/dev/null 2>&1; then
  sha256_of() { sha256sum "$1" | cut -d' ' -f1; }
elif command -v shasum >/dev/null 2>&1; then
  sha256_of() { shasum -a 256 "$1" | cut -d' ' -f1; }
elif command -v openssl >/dev/null 2>&1; then
  sha256_of() { openssl dgst -sha256 "$1" | sed 's/^.*= *//'; }
else
  fail "no SHA-256 tool (sha256sum, shasum or openssl) found, so the download cannot be verified" "Install coreutils (sha256sum) or openssl and run this again; cc is never installed unverified."
fi
command -v tar >/dev/null 2>&1 || fail "tar is not installed" "Install tar and run this again."

tmp="$(mktemp -d 2>/dev/null || mktemp -d -t cc-install)"
trap 'rm -rf "$tmp"' EXIT
trap 'rm -rf "$tmp"; exit 130' INT TERM

# --- which release, and its checksums ------------------------------------------------------------
if [ -n "$version" ]; then
  sums_url="$base/download/v$version/SHA256SUMS"
else
  sums_url="$base/latest/download/SHA256SUMS"
fi
fetch "$sums_url" "$tmp/SHA256SUMS" || fail "could not download $sums_url" "Check the version (--version) and your connection; set CC_RELEASE_BASE to use a mirror."

# The line for our build: "<sha256>  cc-<version>-<target>.tar.gz" (the version is read from it for "latest").
line="$(grep -E "^[0-9a-f]{64} [ *]?cc-[^ ]+-$target\.tar\.gz\$" "$tmp/SHA256SUMS" | head -n 1 || true)"
if [ -z "$line" ]; then
  available="$(awk '{ sub(/^\*/, "", $2); printf "%s ", $2 }' "$tmp/SHA256SUMS")"
  fail "release ${version:-latest} has no cc build for $target" "Files in it: ${available:-none}. Pick a build with --target, or build from source."
fi
expected="${line%% *}"
if [ -n "$pinned_sha256" ] && [ "$expected" != "$pinned_sha256" ]; then
  fail "SHA256SUMS of release ${version:-latest} lists $expected for $target, not the pinned $pinned_sha256; nothing was installed" "The release was changed after it was pinned, or the pin is for another version or build: check --sha256 / CC_SHA256."
fi
archive="${line##* }"
archive="${archive#\*}"
found_version="${archive#cc-}"
found_version="${found_version%-"$target".tar.gz}"
[ -z "$version" ] || [ "$found_version" = "$version" ] || fail "SHA256SUMS of v$version lists $archive" "The release server is inconsistent; try again later or another mirror."
version="$found_version"

say "Downloading cc $version for $target"
archive_url="$base/download/v$version/$archive"
fetch "$archive_url" "$tmp/$archive" || fail "could not download $archive_url" "Check your connection; set CC_RELEASE_BASE to use a mirror."
actual="$(sha256_of "$tmp/$archive")"
[ "$actual" = "$expected" ] || fail "checksum mismatch for $archive: expected $expected, got $actual; nothing was installed" "The download is corrupt or was tampered with. Try again; if it persists, report it."
say "Verified SHA-256 $actual"

mkdir "$tmp/x"
tar -xzf "$tmp/$archive" -C "$tmp/x" || fail "could not unpack $archive" "The archive is damaged; try again."
[ -f "$tmp/x/cc" ] || fail "$archive does not contain cc" "The release is broken; report it."
chmod 755 "$tmp/x/cc"
"$tmp/x/cc" version >/dev/null 2>"$tmp/run.err" || fail "the downloaded cc does not run on this machine: $(head -n 1 "$tmp/run.err")" "On Alpine install libstdc++ and libgcc (apk add libstdc++ libgcc); otherwise pick another build with --target."

# --- put it in place: copy beside the target, then rename (atomic, works across filesystems) -------
mkdir -p "$dir" || fail "cannot create $dir" "Choose a directory you can write with --dir or CC_INSTALL_DIR."
# A failed copy (full disk, no permission) leaves no half-written file behind.
cp "$tmp/x/cc" "$dir/.cc.$$.tmp" 2>/dev/null || { rm -f "$dir/.cc.$$.tmp"; fail "cannot write to $dir" "Choose a directory you can write with --dir or CC_INSTALL_DIR (no sudo needed)."; }
chmod 755 "$dir/.cc.$$.tmp"
mv -f "$dir/.cc.$$.tmp" "$dir/cc"
say "Installed cc $version to $dir/cc"

case ":${PATH:-}:" in
  *":$dir:"*)
    first="$(command -v cc 2>/dev/null || true)"
    if [ -n "$first" ] && [ "$first" != "$dir/cc" ]; then
      say "Note: \`cc\` on your PATH is $first, ahead of $dir; run $dir/cc, or move $dir earlier in PATH."
    else
      say "\`cc\` is on your PATH. It hands anything that is not a cc command (e.g. \`cc -c x.c\`) to the next cc on PATH, your C compiler."
    fi ;;
  *)
    say "$dir is not on your PATH. To run \`cc\` by name, add this line to your shell's startup file (~/.profile, ~/.bashrc or ~/.zshrc):"
    say "  export PATH=\"$dir:\$PATH\""
    say "(cc hands anything that is not a cc command, e.g. \`cc -c x.c\`, on to your C compiler.)" ;;
esac

if [ "$run_cc_install" = 1 ]; then
  say "Running: $dir/cc install $*"
  # Piped from curl, our stdin is the script: give cc install the terminal so it can ask.
  if [ -t 1 ] && (exec </dev/tty) 2>/dev/null; then
    "$dir/cc" install "$@" </dev/tty
  else
    "$dir/cc" install "$@" </dev/null
  fi
else
  say "Next: run \`$dir/cc install\` to add cc to Codex."
fi
