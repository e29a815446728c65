#!/usr/bin/env bash
# The script part of cc's GitHub Action (action.yml): install a pinned cc release (checksum-checked
# by install.sh), make sure Claude Code is there, run `cc review --pr <N>` (or `cc adversarial-review`
# with a focus) in the checked-out repository, and hand the result to the next steps. Plain bash with
# its inputs in CC_ACTION_* variables, so any CI can run it (see README, "cc in CI").
#
#   CC_ACTION_PR            the pull request number (required)
#   CC_ACTION_FORMAT        sarif (default) or github (annotations printed to this step's log)
#   CC_ACTION_BASE          the base ref (default: origin/HEAD, main, master or trunk)
#   CC_ACTION_MODEL, CC_ACTION_EFFORT, CC_ACTION_FAIL_ON, CC_ACTION_FOCUS
#   CC_ACTION_FORGE         github (default) or gitlab
#   CC_VERSION, CC_SHA256   the pinned release and its archive's SHA-256; CC_RELEASE_BASE a mirror
#   CC_CLAUDE_VERSION       the Claude Code installed with npm when there is no `claude` on PATH
#   ANTHROPIC_API_KEY       the repository's secret
# Writes `sarif-file` and `exit-code` to $GITHUB_OUTPUT (when set). Exits non-zero only when the
# review could not run; cc's own exit code (6: a finding at or above fail-on) is the output.
set -euo pipefail

fail() {
  printf '::error title=cc review::%s\n' "$1"
  exit 1
}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/cc-review"
mkdir -p "$work"
output() { if [ -n "${GITHUB_OUTPUT:-}" ]; then printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"; fi; }

pr="${CC_ACTION_PR:-}"
format="${CC_ACTION_FORMAT:-sarif}"
[[ "$pr" =~ ^[1-9][0-9]*$ ]] || fail "no pull request number (got \"$pr\"): run the action on pull_request events, or pass its 'pr' input"
case "$format" in sarif | github) ;; *) fail "format must be sarif or github, not \"$format\"" ;; esac
[ -n "${ANTHROPIC_API_KEY:-}" ] || fail "ANTHROPIC_API_KEY is empty: add it as a repository secret (pull requests from forks get no secrets)"

# --- cc: the pinned release, verified against SHA256SUMS and the pinned checksum ------------------
[ -n "${CC_VERSION:-}" ] || fail "no cc version to install: set the action's 'version' input"
CC_INSTALL_DIR="$work/bin" CC_NO_CC_INSTALL=1 sh "$here/../install.sh" --version "$CC_VERSION" >&2 || fail "installing cc $CC_VERSION failed (see the log above)"
cc="$work/bin/cc"

# --- Claude Code: cc runs `claude -p` ----------------------------------------------------------------
if [ -z "${CC_CLAUDE_BIN:-}" ] && ! command -v claude >/dev/null 2>&1; then
  npm install --global --no-fund --no-audit "@anthropic-ai/claude-code@${CC_CLAUDE_VERSION:-latest}" >&2 || fail "installing Claude Code with npm failed"
fi

# --- the review ----------------------------------------------------------------------------------------
export CC_DATA_DIR="${CC_DATA_DIR:-$work/data}"
kind=review
[ -n "${CC_ACTION_FOCUS:-}" ] && kind=adversarial-review
args=("$kind" --pr "$pr" --format "$format" --wait --no-progress)
[ -n "${CC_ACTION_BASE:-}" ] && args+=(--base "$CC_ACTION_BASE")
[ -n "${CC_ACTION_FORGE:-}" ] && args+=(--forge "$CC_ACTION_FORGE")
[ -n "${CC_ACTION_MODEL:-}" ] && args+=(--model "$CC_ACTION_MODEL")
[ -n "${CC_ACTION_EFFORT:-}" ] && args+=(--effort "$CC_ACTION_EFFORT")
[ -n "${CC_ACTION_FAIL_ON:-}" ] && args+=(--fail-on "$CC_ACTION_FAIL_ON")
[ -n "${CC_ACTION_FOCUS:-}" ] && args+=(-- "$CC_ACTION_FOCUS")

code=0
if [ "$format" = sarif ]; then
  sarif="$work/cc-review.sarif"
  "$cc" "${args[@]}" >"$sarif" || code=$?
  # Only a log that parses is handed to code scanning (a failed run may have printed nothing).
  if [ -s "$sarif" ] && grep -q '"version": "2.1.0"' "$sarif"; then output sarif-file "$sarif"; fi
else
  "$cc" "${args[@]}" || code=$?
fi
output exit-code "$code"
case "$code" in
  0 | 6) exit 0 ;;
  *) printf '::error title=cc review::cc %s exited %s\n' "$kind" "$code"; exit 0 ;;
esac
