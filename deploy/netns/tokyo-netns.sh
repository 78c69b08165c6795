#!/usr/bin/env bash
# The Tokyo QKD Network as separate hosts: every trusted node in its own Linux network namespace, one veth pair
# per QKD link, a management bridge in the root namespace where the controller runs. See deploy/netns/README.md.
#
#   tokyo-netns.sh up     [--id N] [--dir DIR] [--topology FILE] [--qkdnet 'CMD'] [--controller-port P] [--paths K]
#   tokyo-netns.sh status [--id N] [--dir DIR]
#   tokyo-netns.sh down   [--id N] [--dir DIR]
#
# --id N (1-254, default 7) keeps parallel deployments apart: namespaces qkN-<node>, bridge qkNbr, management
# network 10.250.N.0/24. --qkdnet is how to run the qkdnet command (default: qkdnet on PATH), e.g.
# --qkdnet 'dotnet src/QkdNet.Cli/bin/Release/net10.0/QkdNet.Cli.dll'. Needs root and iproute2.
# The address plan and the start commands come from `qkdnet controller netns-network` (the plan is DIR/plan.sh);
# this script only runs them and cleans up.
set -Eeuo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
action=${1:-}
[[ $# -gt 0 ]] && shift
id=7
dir=
topology="$here/../../examples/topologies/tokyo-qkd-network.json"
qkdnet=${QKDNET:-qkdnet}
controller_port=8440
paths=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --id) id=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --topology) topology=$2; shift 2 ;;
    --qkdnet) qkdnet=$2; shift 2 ;;
    --controller-port) controller_port=$2; shift 2 ;;
    --paths) paths=$2; shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
if ! [[ $id =~ ^[0-9]+$ ]] || (( id < 1 || id > 254 )); then
  echo "--id must be 1 to 254" >&2; exit 2
fi
prefix="qk$id"
dir=${dir:-/tmp/qkdnet-netns-$id}
read -r -a qkdnet_cmd <<< "$qkdnet"

namespaces() { ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^${prefix}-" || true; }

need_root() {
  if [[ $(id -u) -ne 0 ]]; then echo "needs root (network namespaces)" >&2; exit 3; fi
  if ! command -v ip > /dev/null; then echo "needs iproute2 (the ip command)" >&2; exit 3; fi
}

# Stops a process we started (by its pid file), SIGTERM then SIGKILL.
stop_pid_file() {
  local file=$1 pid
  [[ -f $file ]] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2> /dev/null; then
    kill "$pid" 2> /dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2> /dev/null || true
  fi
  rm -f "$file"
}

down() {
  need_root
  stop_pid_file "$dir/controller.pid"
  local ns pids
  for ns in $(namespaces); do
    # every process in one of our namespaces is one we started there
    pids=$(ip netns pids "$ns" || true)
    if [[ -n $pids ]]; then
      kill $pids 2> /dev/null || true
      for _ in $(seq 50); do [[ -z $(ip netns pids "$ns") ]] && break; sleep 0.1; done
      pids=$(ip netns pids "$ns" || true)
      [[ -n $pids ]] && kill -9 $pids 2> /dev/null || true
    fi
    rm -f "$dir/${ns#"$prefix"-}.pid"
    ip netns del "$ns"   # takes its veth ends, and so their peers, with it
  done
  ip link del "${prefix}br" 2> /dev/null || true
  echo "down: $prefix"
}

status() {
  local ns
  ip -br addr show "${prefix}br" 2> /dev/null || echo "no bridge ${prefix}br"
  [[ -f $dir/controller.pid ]] && echo "controller pid $(cat "$dir/controller.pid")"
  for ns in $(namespaces); do
    echo "== $ns (pids: $(ip netns pids "$ns" | tr '\n' ' '))"
    ip -n "$ns" -br addr show
  done
}

# Called by the plan.
start_controller() {
  "${qkdnet_cmd[@]}" controller "$@" > "$dir/controller.log" 2>&1 &
  echo $! > "$dir/controller.pid"
}

start_node() {
  local ns=$1 node=$2 config=$3
  ip netns exec "$ns" "${qkdnet_cmd[@]}" node --config "$config" > "$dir/$node.log" 2>&1 &
  echo $! > "$dir/$node.pid"
}

up() {
  need_root
  if [[ -n $(namespaces) ]]; then echo "namespaces ${prefix}-* exist already; run down first or choose another --id" >&2; exit 4; fi
  if ip -4 addr show | grep -q " 10\.250\.$id\."; then echo "10.250.$id.0/24 is in use on this machine; choose another --id" >&2; exit 4; fi
  if [[ -e $dir && -n $(ls -A "$dir") ]]; then echo "$dir is not empty" >&2; exit 4; fi
  local plan
  plan=$("${qkdnet_cmd[@]}" controller netns-network --topology "$topology" --out "$dir" --prefix "$prefix" \
    --management "10.250.$id.0/24" --controller-port "$controller_port" --paths "$paths")
  printf '%s\n' "$plan" > "$dir/plan.sh"
  trap 'echo "up failed; cleaning up" >&2; down' ERR
  # shellcheck source=/dev/null
  source "$dir/plan.sh"
  trap - ERR
  echo "up: $prefix, files and logs in $dir; KMEs on https://10.250.$id.N:8443 (N = 2, 3, ... in topology order), controller on https://10.250.$id.1:$controller_port"
}

case $action in
  up) up ;;
  down) down ;;
  status) status ;;
  *) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
