# Shared by the benchmark scripts: sourced, not run. Expects $work (a scratch folder) and $runs.

export LC_ALL=C

# Prints the median wall seconds and the largest peak RSS (KiB) of `runs` runs of a command,
# after one warm-up run. Fails, with what the command said, if any run fails: call it as
# `r=$(measure ...)` under `set -e` so that the failure stops the script.
measure() {
  if ! "$@" >/dev/null 2>"$work/warm-up.err"; then
    echo "failed: $*" >&2
    cat "$work/warm-up.err" >&2
    exit 1
  fi
  local walls=() rss=()
  for _ in $(seq "$runs"); do
    local t
    if ! /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/run.err"; then
      echo "failed: $*" >&2
      cat "$work/run.err" >&2
      exit 1
    fi
    t=$(tail -n 1 "$work/time")
    walls+=("${t% *}")
    rss+=("${t#* }")
  done
  local wall mem
  wall=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  mem=$(printf '%s\n' "${rss[@]}" | sort -n | tail -n 1)
  echo "$wall $mem"
}

# Prints one row of results: a label, then what `measure` printed.
row() {
  local label=$1 wall mem
  read -r wall mem <<<"$2"
  printf '%-36s %10s %12.1f\n' "$label" "$wall" "$(echo "$mem/1024" | bc -l)"
}
