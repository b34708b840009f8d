// The fixed part of the portable sh export: bash functions that read the host when the script runs, journal each
// step in the engine's format (so `go-setup-wizard rollback` can undo the run) and undo on failure or Ctrl-C.
// Written as raw text: `$\{` stands for `${` and \` for a backquote (a template literal would interpolate them).

function bash(text: TemplateStringsArray): string {
  return text.raw[0]!.replaceAll('$\\{', '${').replaceAll('\\`', '`').replace(/^\n/, '');
}

/**
 * The script's messages in the language of whoever runs it: LC_ALL / LC_MESSAGES / LANG when they name English or
 * Chinese, else the plan's. `catalogs` declares GSW_MSG_EN and GSW_MSG_ZH (key → printf format).
 */
export function messagesSection(catalogs: string, planLang: string): string {
  return [
    '# Messages in the language of whoever runs this: LC_ALL / LC_MESSAGES / LANG when they name en or zh, else the plan\'s.',
    catalogs,
    MESSAGES.replace('GSW_PLAN_LANG', planLang),
  ].join('\n');
}

const MESSAGES = bash`
case $\{LC_ALL:-$\{LC_MESSAGES:-$\{LANG:-}}} in
  zh*) GSW_LANG=zh ;;
  en*) GSW_LANG=en ;;
  *) GSW_LANG=GSW_PLAN_LANG ;;
esac
# The message $1 with each %s filled in, left to right, by the next argument (taken as it is).
gsw_msg() {
  local rest out='' arg
  if [ "$GSW_LANG" = zh ]; then rest=$\{GSW_MSG_ZH[$1]}; else rest=$\{GSW_MSG_EN[$1]}; fi
  shift
  for arg in "$@"; do
    if [[ $rest == *%s* ]]; then
      out+=$\{rest%%'%s'*}$arg
      rest=$\{rest#*'%s'}
    fi
  done
  printf '%s' "$out$rest"
}
gsw_say() { printf 'go-setup-wizard: %s\n' "$(gsw_msg "$@")"; }
`;

/** Who runs the script and where their files are: HOME, the XDG dirs, the user, the Go arch. */
export const HOST = bash`
gsw_die() {
  printf 'go-setup-wizard: %s\n' "$1" >&2
  exit "$\{2:-2}"
}

# Paths this script writes into files and journal records (quoted): absolute, without quotes, backslashes or control characters.
gsw_check_path() {
  case $2 in
    /*) ;;
    *) gsw_die "$(gsw_msg notAbsolute "$1" "$2")" ;;
  esac
  if [[ $2 == *[\'\\]* || $2 =~ [[:cntrl:]] ]]; then
    gsw_die "$(gsw_msg badChars "$1" "$2")"
  fi
}

# An XDG base directory: the variable when it is an absolute path, else the default.
gsw_xdg() {
  case $\{1-} in
    /*) printf '%s' "$1" ;;
    *) printf '%s' "$2" ;;
  esac
}

GSW_USER=$(id -un 2>/dev/null || printf '%s' "$\{USER:-$(id -u)}")
GSW_HOME=$\{HOME-}
if [ -z "$GSW_HOME" ]; then GSW_HOME=$(getent passwd "$(id -u)" | cut -d: -f6); fi
gsw_check_path HOME "$GSW_HOME"
GSW_CONFIG_HOME=$(gsw_xdg "$\{XDG_CONFIG_HOME-}" "$GSW_HOME/.config")
GSW_STATE_HOME=$(gsw_xdg "$\{XDG_STATE_HOME-}" "$GSW_HOME/.local/state")
GSW_CACHE_HOME=$(gsw_xdg "$\{XDG_CACHE_HOME-}" "$GSW_HOME/.cache")
GSW_DATA_HOME=$(gsw_xdg "$\{XDG_DATA_HOME-}" "$GSW_HOME/.local/share")
GSW_ZDOTDIR=$(gsw_xdg "$\{ZDOTDIR-}" "$GSW_HOME")
gsw_check_path XDG_CONFIG_HOME "$GSW_CONFIG_HOME"
gsw_check_path XDG_STATE_HOME "$GSW_STATE_HOME"
gsw_check_path XDG_CACHE_HOME "$GSW_CACHE_HOME"
gsw_check_path XDG_DATA_HOME "$GSW_DATA_HOME"
gsw_check_path ZDOTDIR "$GSW_ZDOTDIR"

# Go's name for this machine's userland (a 64-bit kernel may run a 32-bit userland: dpkg knows which).
gsw_go_arch() {
  local deb=''
  if command -v dpkg >/dev/null 2>&1; then deb=$(dpkg --print-architecture 2>/dev/null || true); fi
  case $deb in
    amd64 | arm64 | riscv64 | s390x | loong64) echo "$deb"; return ;;
    i386) echo 386; return ;;
    armhf | armel) echo armv6l; return ;;
    ppc64el) echo ppc64le; return ;;
  esac
  case $(uname -m) in
    x86_64) echo amd64 ;;
    aarch64 | arm64) echo arm64 ;;
    armv6l | armv7l | armv8l) echo armv6l ;;
    i386 | i486 | i586 | i686) echo 386 ;;
    riscv64) echo riscv64 ;;
    ppc64le) echo ppc64le ;;
    s390x) echo s390x ;;
    loongarch64) echo loong64 ;;
    *) uname -m ;;
  esac
}
GSW_ARCH=$\{GSW_ARCH:-$(gsw_go_arch)}
`;

/** Shared helpers: root, JSON strings, file comparison, block edits, free space. */
export const HELPERS = bash`
gsw_is_root() { [ "$(id -u)" -eq 0 ]; }

# A command as root: directly when root, else through sudo (keeping the proxy settings).
gsw_root_cmd() {
  if gsw_is_root; then
    "$@"
  else
    sudo --preserve-env=http_proxy,https_proxy,all_proxy,no_proxy,HTTP_PROXY,HTTPS_PROXY,ALL_PROXY,NO_PROXY -- "$@"
  fi
}

# Runs function $1 as root, with this script's gsw variables and functions.
gsw_as_root() {
  if gsw_is_root; then
    ( "$1" )
    return
  fi
  local file names
  file=$(mktemp "$GSW_TMP/as-root.XXXXXX")
  mapfile -t names < <(compgen -v gsw_; compgen -v GSW_)
  {
    echo 'set -euo pipefail'
    declare -p "$\{names[@]}" 2>/dev/null | grep -Ev '^declare -[a-zA-Z]*r'
    declare -f
    printf '%s\n' "$1"
  } > "$file"
  gsw_root_cmd bash "$file"
}

gsw_json() {
  local s=$1
  s=$\{s//\\/\\\\}
  s=$\{s//\"/\\\"}
  printf '"%s"' "$s"
}

gsw_now() { date -u +%Y-%m-%dT%H:%M:%S.%3NZ; }

# True when file $1 holds exactly $2 (and has mode $3, when given).
gsw_same_file() {
  [ -f "$1" ] || return 1
  [ "$(cat -- "$1"; printf x)" = "$2x" ] || return 1
  [ -z "$\{3-}" ] || [ "$(stat -c %a -- "$1")" = "$3" ]
}

# Writes to $3 what file $1 becomes with block $2: an old block replaced in place (later ones dropped), else the
# block appended (after a newline when the file lacks a final one).
gsw_block_edit() {
  if [ -f "$1" ] && awk '/^# >>> go-setup-wizard >>>\r?$/ { found = 1 } END { exit !found }' "$1"; then
    GSW_BLOCK=$2 awk '
      /^# >>> go-setup-wizard >>>\r?$/ { if (!placed) print ENVIRON["GSW_BLOCK"]; placed = 1; inblock = 1; next }
      inblock { if ($0 ~ /^# <<< go-setup-wizard <<<\r?$/) inblock = 0; next }
      { print }
    ' "$1" > "$3"
  else
    {
      if [ -s "$1" ]; then
        cat -- "$1"
        if [ -n "$(tail -c 1 -- "$1")" ]; then printf '\n'; fi
      fi
      printf '%s\n' "$2"
    } > "$3"
  fi
}

# A begin marker with no end marker after it: replacing the block would swallow the rest of the file.
gsw_unterminated_block() {
  [ -f "$1" ] && awk '
    /^# >>> go-setup-wizard >>>\r?$/ { open = 1; next }
    /^# <<< go-setup-wizard <<<\r?$/ { open = 0 }
    END { exit !open }
  ' "$1"
}

# The nearest existing directory at or above $1.
gsw_existing_dir() {
  local dir=$1
  while [ ! -d "$dir" ]; do dir=$(dirname -- "$dir"); done
  printf '%s' "$dir"
}

# Fails unless the filesystem holding $1 has $2 KiB free.
gsw_need_space() {
  local dir free
  dir=$(gsw_existing_dir "$1")
  free=$(df -Pk -- "$dir" | awk 'NR == 2 { print $4 }')
  if [ "$free" -lt "$2" ]; then
    printf '%s\n' "$(gsw_msg noSpace "$dir" "$(($2 / 1024))" "$((free / 1024))")" >&2
    return 1
  fi
}

# True when every named Debian package is installed.
gsw_deb_installed() {
  local name
  for name in "$@"; do
    dpkg-query -W -f='$\{Status}' "$name" 2>/dev/null | grep -q 'ok installed' || return 1
  done
}
`;

/** The run journal (engine format: <state>/runs/<id>/journal.ndjson, backups/) and the undo of every step. */
export const JOURNAL = bash`
GSW_RUN_ID=$(date -u +%Y%m%d-%H%M%S)-$(od -An -N2 -tx1 /dev/urandom | tr -d ' \n')
GSW_RUN_DIR=$GSW_STATE_HOME/go-setup-wizard/runs/$GSW_RUN_ID
GSW_BACKUPS=$GSW_RUN_DIR/backups
GSW_JOURNAL=$GSW_RUN_DIR/journal.ndjson
gsw_journal_open=0
gsw_started=0
gsw_interrupted=0

# Each record reaches the disk before the change it announces.
gsw_append() {
  printf '%s\n' "$1" >> "$GSW_JOURNAL"
  sync -- "$GSW_JOURNAL" 2>/dev/null || true
}

gsw_open_journal() {
  [ "$gsw_journal_open" = 0 ] || return 0
  mkdir -p -- "$GSW_STATE_HOME/go-setup-wizard"
  (umask 077 && mkdir -p -- "$GSW_STATE_HOME/go-setup-wizard/runs" && mkdir -- "$GSW_RUN_DIR" "$GSW_BACKUPS" "$GSW_RUN_DIR/undo")
  : > "$GSW_RUN_DIR/undo/order"
  gsw_write_uninstall > "$GSW_RUN_DIR/uninstall.sh"
  chmod 700 -- "$GSW_RUN_DIR/uninstall.sh"
  gsw_journal_open=1
  local i steps=''
  for i in "$\{!gsw_ids[@]}"; do
    [ "$\{gsw_need[i]}" = 1 ] || continue
    steps+="$\{steps:+,}{\"id\":$(gsw_json "$\{gsw_ids[i]}"),\"title\":$(gsw_json "$\{gsw_titles[i]}"),\"root\":$([ "$\{gsw_roots[i]}" = 1 ] && echo true || echo false)}"
  done
  gsw_append "{\"type\":\"run\",\"runId\":\"$GSW_RUN_ID\",\"createdAt\":\"$(gsw_now)\",\"pid\":$$,\"method\":\"$GSW_METHOD\",\"scope\":\"$GSW_SCOPE\",\"goroot\":$(gsw_json "$GSW_GOROOT"),\"version\":$GSW_VERSION_JSON,\"steps\":[$steps]}"
}

# Records the state of one touched path (a file is backed up first) as the journal's touch record, and the bash
# that puts it back. Sets gsw_touch_json and gsw_touch_undo.
gsw_capture() {
  local name=$1 kind=$2 root=$3 path=$4 to=$\{5-} pre jroot=false mode uid gid dir created='' undo=''
  [ "$root" = 1 ] && jroot=true
  if [ -L "$path" ]; then
    read -r uid gid < <(stat -c '%u %g' -- "$path")
    local target
    target=$(readlink -- "$path")
    pre="{\"kind\":\"symlink\",\"target\":$(gsw_json "$target"),\"uid\":$uid,\"gid\":$gid}"
    [ "$kind" = move ] || printf -v undo 'rm -rf -- %q\nln -s -- %q %q\n' "$path" "$target" "$path"
  elif [ -f "$path" ]; then
    read -r mode uid gid < <(stat -c '%a %u %g' -- "$path")
    if [ "$root" = 1 ]; then gsw_root_cmd cat -- "$path" > "$GSW_BACKUPS/$name"; else cat -- "$path" > "$GSW_BACKUPS/$name"; fi
    pre="{\"kind\":\"file\",\"mode\":$((8#$mode)),\"uid\":$uid,\"gid\":$gid,\"backup\":\"$name\"}"
    [ "$kind" = move ] || printf -v undo 'if [ -f %q ]; then cat -- %q > %q; chmod %s -- %q; fi\n' "$GSW_BACKUPS/$name" "$GSW_BACKUPS/$name" "$path" "$mode" "$path"
  elif [ -d "$path" ]; then
    read -r mode uid gid < <(stat -c '%a %u %g' -- "$path")
    pre="{\"kind\":\"dir\",\"mode\":$((8#$mode)),\"uid\":$uid,\"gid\":$gid}"
    [ "$kind" = move ] || printf -v undo 'mkdir -p -- %q\n' "$path"
  elif [ -e "$path" ]; then
    pre='{"kind":"other"}'
  else
    pre='{"kind":"absent"}'
    [ "$kind" = move ] || printf -v undo 'rm -rf -- %q\n' "$path"
  fi
  if [ "$kind" = move ]; then printf -v undo 'if [ -e %q ] && [ ! -e %q ]; then mv -T -- %q %q; fi\n' "$to" "$path" "$to" "$path"; fi
  dir=$(dirname -- "$\{to:-$path}")
  while [ "$dir" != / ] && [ ! -e "$dir" ]; do
    created="$(gsw_json "$dir")$\{created:+,}$created"
    printf -v undo '%srmdir -- %q 2>/dev/null || true\n' "$undo" "$dir"
    dir=$(dirname -- "$dir")
  done
  if [ "$kind" = move ]; then
    gsw_touch_json="{\"touch\":{\"kind\":\"move\",\"path\":$(gsw_json "$path"),\"to\":$(gsw_json "$to"),\"root\":$jroot},\"pre\":$pre,\"createdDirs\":[$created]}"
  else
    gsw_touch_json="{\"touch\":{\"kind\":\"path\",\"path\":$(gsw_json "$path"),\"root\":$jroot},\"pre\":$pre,\"createdDirs\":[$created]}"
  fi
  gsw_touch_undo=$undo
}

# gsw_run <index> [path P | move FROM TO]…: journals step <index> (with the state of every path it touches), then
# runs it (as root when it needs root).
gsw_run() {
  local index=$1 root=$\{gsw_roots[$1]} id=$\{gsw_ids[$1]} n=0 touches='' undo='' pkg_json='' pkg_names=''
  shift
  gsw_open_journal
  while [ $# -gt 0 ]; do
    if [ "$1" = move ]; then
      gsw_capture "$index-$n" move "$root" "$2" "$3"
      shift 3
    else
      gsw_capture "$index-$n" path "$root" "$2"
      shift 2
    fi
    touches+="$\{touches:+,}$gsw_touch_json"
    undo="$gsw_touch_undo$undo"
    n=$((n + 1))
  done
  if [ -n "$\{gsw_packages[index]-}" ]; then
    local name
    for name in $\{gsw_packages[index]}; do pkg_names+="$\{pkg_names:+,}$(gsw_json "$name")"; done
    pkg_json=",\"packages\":{\"manager\":\"$GSW_METHOD\",\"names\":[$pkg_names]}"
    undo="$\{gsw_package_undo[index]}"$'\n'"$undo"
  fi
  printf '%s' "$undo" > "$GSW_RUN_DIR/undo/$index.sh"
  printf '%s %s %s\n' "$index" "$root" "$id" >> "$GSW_RUN_DIR/undo/order"
  gsw_append "{\"type\":\"begin\",\"step\":$(gsw_json "$id"),\"index\":$index,\"root\":$([ "$root" = 1 ] && echo true || echo false),\"touches\":[$touches]$pkg_json,\"at\":\"$(gsw_now)\"}"
  gsw_started=1
  printf '==> %s\n' "$\{gsw_titles[index]}"
  if [ "$root" = 1 ]; then gsw_as_root "gsw_step_$index"; else ( "gsw_step_$index" ); fi
  gsw_append "{\"type\":\"done\",\"step\":$(gsw_json "$id"),\"at\":\"$(gsw_now)\"}"
}

# The uninstall script left in the run folder: undoes the journaled steps newest first, records it in the journal
# (so \`go-setup-wizard rollback\` and it agree), and may run again safely.
gsw_write_uninstall() {
  cat <<'GSW_UNINSTALL'
#!/usr/bin/env bash
# Undoes one run of a go-setup-wizard export, newest step first: what \`go-setup-wizard rollback --run <id>\` does.
# Running it again is harmless. Exit status: 0 restored, 3 something could not be restored (see the messages).
set -uo pipefail
gsw_dir=$(cd -- "$(dirname -- "$\{BASH_SOURCE[0]}")" && pwd)
gsw_reason=$\{1:-request}
gsw_append() {
  printf '%s\n' "$1" >> "$gsw_dir/journal.ndjson"
  sync -- "$gsw_dir/journal.ndjson" 2>/dev/null || true
}
gsw_now() { date -u +%Y-%m-%dT%H:%M:%S.%3NZ; }
gsw_append "{\"type\":\"rollback-start\",\"reason\":\"$gsw_reason\",\"at\":\"$(gsw_now)\"}"
gsw_complete=true
gsw_problems=''
while read -r index root id; do
  if grep -Fq "{\"type\":\"undone\",\"step\":\"$id\"," -- "$gsw_dir/journal.ndjson"; then continue; fi
  if [ "$root" = 1 ] && [ "$(id -u)" -ne 0 ]; then
    sudo -- bash -e "$gsw_dir/undo/$index.sh"
  else
    bash -e "$gsw_dir/undo/$index.sh"
  fi
  status=$?
  if [ "$status" -eq 0 ]; then
    gsw_append "{\"type\":\"undone\",\"step\":\"$id\",\"at\":\"$(gsw_now)\"}"
    printf 'go-setup-wizard: undone: %s\n' "$id"
  else
    gsw_complete=false
    gsw_problems+="$\{gsw_problems:+,}\"$id: exit status $status\""
    gsw_append "{\"type\":\"undo-failed\",\"step\":\"$id\",\"problems\":[\"exit status $status\"],\"at\":\"$(gsw_now)\"}"
    printf 'go-setup-wizard: could not undo %s (exit status %s)\n' "$id" "$status" >&2
  fi
done < <(tac -- "$gsw_dir/undo/order")
if [ "$gsw_complete" = true ]; then
  gsw_append "{\"type\":\"final\",\"status\":\"rolled-back\",\"reason\":\"$gsw_reason\",\"problems\":[],\"at\":\"$(gsw_now)\"}"
  exit 0
fi
gsw_append "{\"type\":\"final\",\"status\":\"incomplete\",\"reason\":\"$gsw_reason\",\"problems\":[$gsw_problems],\"at\":\"$(gsw_now)\"}"
exit 3
GSW_UNINSTALL
}

# On any exit: after a failure or an interrupt, undo what was started. A second Ctrl-C cannot cut the undo short.
gsw_on_exit() {
  local status=$?
  trap '' INT TERM HUP
  trap - EXIT
  if [ "$status" -ne 0 ] && [ "$gsw_started" = 1 ]; then
    local reason=failure
    [ "$gsw_interrupted" = 1 ] && reason=interrupt
    if [ "$reason" = interrupt ]; then gsw_say undoingInterrupted >&2; else gsw_say undoingFailed "$status" >&2; fi
    if bash "$GSW_RUN_DIR/uninstall.sh" "$reason"; then
      gsw_say restored >&2
      if [ "$reason" = interrupt ]; then status=130; else status=1; fi
    else
      gsw_say incomplete "$GSW_RUN_ID" "$GSW_RUN_DIR/uninstall.sh" >&2
      status=3
    fi
  elif [ "$status" -ne 0 ] && [ "$gsw_interrupted" = 1 ]; then
    status=130
  elif [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; then
    gsw_say nothingChanged >&2
    status=1
  fi
  rm -rf -- "$GSW_TMP"
  exit "$status"
}
GSW_TMP=$(mktemp -d)
trap gsw_on_exit EXIT
trap 'gsw_interrupted=1; exit 130' INT TERM HUP
`;
