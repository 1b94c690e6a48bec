#!/usr/bin/env bash
# Starts/stops a real Kubernetes control plane on loopback for end-to-end tests: kube-apiserver +
# etcd, and kube-controller-manager with only the loops that need no node: the garbage collector
# (owner references, foreground deletion), the namespace controller (a deleted Namespace is
# emptied, then goes) and the serviceaccount controller (each namespace gets `default`). No
# scheduler or kubelet: workloads never run. Kruise's and Tekton's own controllers and webhooks
# are started by the suites that need them (test/e2e/support/controllers.ts).
#   bash scripts/e2e/apiserver.sh start DIR   # prints `export KUBECONFIG=DIR/kubeconfig`
#   bash scripts/e2e/apiserver.sh stop DIR    # kills both, removes DIR; fine if nothing runs
#   eval "$(bash scripts/e2e/apiserver.sh start "$d")"; ...; bash scripts/e2e/apiserver.sh stop "$d"
# DIR holds everything: CA, serving/admin certs, service-account keys, etcd data, logs
# (etcd.log, apiserver.log), pids (*.pid) and the admin kubeconfig (context kruise-devops-e2e,
# user CN=kruise-devops-e2e-admin in O=system:masters, so RBAC never gets in its way).
# Ports (etcd client + peer, API server) are picked free on 127.0.0.1 at each start, so several
# servers can run at once (one DIR each). Logs go to stderr; only the export line to stdout.
# Uses kube-apiserver/etcd from PATH (`. scripts/e2e/tools.sh`), else build-kube.sh's cache.
# Measured 2026-11-22 (2 cores shared with other jobs, load ~3): start 4.0-5.7 s (certs 0.5 s,
# etcd healthy 0.5 s later, /readyz 3-4.5 s after that, namespace default at once); three
# starts at once ~9.5 s each; stop 1.5-2 s (kube-apiserver shuts down gracefully in ~1 s).
#
# Traps (seen here with v1.37.2 / etcd 3.7.0, 2026-11):
# - Without a controller-manager no namespace gets a `default` ServiceAccount, so the
#   ServiceAccount admission plugin rejects Pods ("error looking up service account
#   NS/default") until one is created; pod templates (Deployments etc.) are not checked.
# - --advertise-address=127.0.0.1 makes kube-apiserver exit at once with "cannot use public IP
#   127.0.0.1 with endpoint reconciler: ... may not be in the loopback range" unless
#   --endpoint-reconciler-type=none: the `kubernetes` Service's EndpointSlice would hold that
#   address. So default/kubernetes exists (10.0.0.1) but has no endpoints; nothing runs
#   in-cluster here anyway.
# - etcd listens on plain http://127.0.0.1: any local user can reach it. Fine for throwaway
#   test clusters, not for anything else.
set -euo pipefail
# lib.sh sets GOMAXPROCS=1, meant for builds; the servers get the caller's (unset: all cores).
kd_gomaxprocs="${GOMAXPROCS-}"
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
if [ -n "$kd_gomaxprocs" ]; then export GOMAXPROCS="$kd_gomaxprocs"; else unset GOMAXPROCS; fi
kd_e2e_dir="$(cd "$(dirname "$0")" && pwd)"
MARKER=.kruise-devops-e2e-apiserver # DIR is only ever reused or removed when it holds this
READY_TIMEOUT="${KD_APISERVER_READY_TIMEOUT:-120}"

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }

# kd_arg NAME: the argument that marks NAME (etcd|apiserver) as DIR's: it names a file in DIR.
kd_arg() {
  case "$1" in
    etcd) echo "--data-dir=$dir/etcd" ;;
    kcm) echo "--kubeconfig=$dir/kubeconfig" ;;
    *) echo "--client-ca-file=$dir/pki/ca.crt" ;;
  esac
}

# kd_ours PID ARG: PID runs and has ARG on its command line (so a pid reused by something else
# after a crash or reboot is left alone). Zombies count as gone. Without procfs: PID runs.
kd_ours() {
  local a="" state args=()
  kill -0 "$1" 2>/dev/null || return 1
  [ -r "/proc/$1/cmdline" ] || return 0
  mapfile -d '' args 2>/dev/null <"/proc/$1/cmdline" || return 1
  for a in "${args[@]}"; do [ "$a" != "$2" ] || break; a=; done
  [ -n "$a" ] || return 1
  state="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)"
  [ "$state" != Z ]
}

# kd_pids NAME: pids of DIR's NAME server: the one in DIR/NAME.pid, plus (with procfs) any
# other, e.g. one whose pid file was lost because start was killed right after launching it.
kd_pids() {
  local arg f pid seen=" "
  arg="$(kd_arg "$1")"
  if [ -s "$dir/$1.pid" ] && pid="$(cat "$dir/$1.pid")" && kd_ours "$pid" "$arg"; then
    echo "$pid"; seen+="$pid "
  fi
  [ -d /proc/self ] || return 0
  for f in /proc/[0-9]*; do
    pid="${f#/proc/}"
    case "$seen" in *" $pid "*) continue ;; esac
    if [ "$pid" != $$ ] && kd_ours "$pid" "$arg"; then echo "$pid"; fi
  done
}

# kd_kill NAME PID: TERM, up to 15 s for a clean exit, then KILL.
kd_kill() {
  local name="$1" pid="$2" arg i
  arg="$(kd_arg "$name")"
  kd_ours "$pid" "$arg" || return 0
  kd_log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do kd_ours "$pid" "$arg" || return 0; sleep 0.1; done
  kd_log "$name did not exit 15 s after TERM: KILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do kd_ours "$pid" "$arg" || return 0; sleep 0.1; done
  kd_log "$name (pid $pid) survived KILL"; return 1
}

# kd_stop_all: the controller-manager, kube-apiserver (it would log etcd errors while shutting
# down), then etcd.
kd_stop_all() {
  local name pid rc=0
  for name in kcm apiserver etcd; do
    for pid in $(kd_pids "$name"); do kd_kill "$name" "$pid" || rc=1; done
    rm -f "$dir/$name.pid"
  done
  return "$rc"
}

# kd_free_port VAR: sets VAR to a loopback port nobody listens on, below Linux's ephemeral
# range (32768+) so outgoing connections don't take it meanwhile, not one picked before by
# this run. Another process may still grab it before we bind: kd_wait tells, and we retry.
picked=" "
kd_free_port() {
  local p i
  for ((i = 0; i < 200; i++)); do
    p=$((20000 + RANDOM % 12000))
    case "$picked" in *" $p "*) continue ;; esac
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then picked+="$p "; printf -v "$1" %s "$p"; return 0; fi
  done
  kd_log "no free port found on 127.0.0.1"; return 1
}

kd_tail() { kd_log "last lines of $1:"; tail -n "${2:-30}" "$1" >&2 || true; }

# kd_launch NAME LOG CMD...: starts CMD in the background (stdin/stdout/stderr detached from
# ours, so `$(apiserver.sh start)` returns) and writes its pid to DIR/NAME.pid.
kd_launch() {
  local name="$1" log="$2"; shift 2
  "$@" </dev/null >"$log" 2>&1 &
  echo "$!" >"$dir/$name.pid"
}

# kd_wait NAME LOG TIMEOUT CHECK...: polls CHECK (quiet by itself: a redirection here would
# also swallow what the EXIT trap logs if a signal lands meanwhile) until it succeeds. Returns 1
# when NAME exits first or TIMEOUT seconds pass, 3 when its port was taken (the caller retries).
kd_wait() {
  local name="$1" log="$2" timeout="$3" t0=$SECONDS; shift 3
  until "$@"; do
    if [ -z "$(kd_pids "$name")" ]; then
      if grep -q 'address already in use' "$log"; then return 3; fi
      kd_log "$name exited during startup"; kd_tail "$log"; return 1
    fi
    if ((SECONDS - t0 >= timeout)); then
      kd_log "$name not ready after $timeout s"; kd_tail "$log"; return 1
    fi
    sleep 0.2
  done
}

kd_certs() {
  local d="$dir/pki"
  mkdir -p "$d"
  # TLS keys are ECDSA P-256 (instant; RSA 2048 takes ~0.3 s a key, seconds on a busy machine);
  # the service-account key is RSA, the kind every token verifier takes.
  for k in ca apiserver admin; do
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$d/$k.key"
  done
  openssl genrsa -out "$d/sa.key" 2048 2>/dev/null
  openssl rsa -in "$d/sa.key" -pubout -out "$d/sa.pub" 2>/dev/null
  cat >"$d/openssl.cnf" <<EOF
[req]
distinguished_name = dn
[dn]
[v3_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign, digitalSignature
subjectKeyIdentifier = hash
[serving]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost, IP:10.0.0.1, DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc
authorityKeyIdentifier = keyid
[client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
EOF
  openssl req -x509 -new -config "$d/openssl.cnf" -extensions v3_ca -key "$d/ca.key" \
    -subj "/CN=kruise-devops-e2e-ca" -days 30 -out "$d/ca.crt"
  kd_sign apiserver "/CN=kube-apiserver" serving
  kd_sign admin "/O=system:masters/CN=kruise-devops-e2e-admin" client
}

# kd_sign NAME SUBJECT EXT-SECTION: DIR/pki/NAME.crt for NAME.key, signed by the CA.
kd_sign() {
  local d="$dir/pki"
  openssl req -new -config "$d/openssl.cnf" -key "$d/$1.key" -subj "$2" -out "$d/$1.csr"
  openssl x509 -req -in "$d/$1.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
    -days 30 -extfile "$d/openssl.cnf" -extensions "$3" -out "$d/$1.crt" 2>/dev/null
  rm -f "$d/$1.csr"
}

kd_kubeconfig() {
  local d="$dir/pki"
  cat >"$dir/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: kruise-devops-e2e
    cluster:
      server: https://127.0.0.1:$api_port
      certificate-authority-data: $(base64 -w0 <"$d/ca.crt")
users:
  - name: kruise-devops-e2e-admin
    user:
      client-certificate-data: $(base64 -w0 <"$d/admin.crt")
      client-key-data: $(base64 -w0 <"$d/admin.key")
contexts:
  - name: kruise-devops-e2e
    context:
      cluster: kruise-devops-e2e
      user: kruise-devops-e2e-admin
current-context: kruise-devops-e2e
EOF
}

# kd_get PATH: GET https://127.0.0.1:PORT/PATH as the admin; prints the body, fails quietly on
# errors and non-2xx.
kd_get() {
  curl -fs --max-time 5 --cacert "$dir/pki/ca.crt" --cert "$dir/pki/admin.crt" \
    --key "$dir/pki/admin.key" "https://127.0.0.1:$api_port/$1"
}
kd_readyz() { [ "$(kd_get readyz)" = ok ]; }
kd_etcd_health() { curl -fs --max-time 2 "http://127.0.0.1:$etcd_client/health" | grep -q '"health":"true"'; }

kd_start_etcd() {
  local try rc
  for try in 1 2 3; do
    kd_free_port etcd_client && kd_free_port etcd_peer
    kd_log "etcd: client 127.0.0.1:$etcd_client, peer 127.0.0.1:$etcd_peer (try $try)"
    # --unsafe-no-fsync: throwaway data, and fsync is what makes etcd slow on shared disks.
    kd_launch etcd "$dir/etcd.log" etcd --name=kd-e2e --data-dir="$dir/etcd" \
      --listen-client-urls="http://127.0.0.1:$etcd_client" \
      --advertise-client-urls="http://127.0.0.1:$etcd_client" \
      --listen-peer-urls="http://127.0.0.1:$etcd_peer" \
      --initial-advertise-peer-urls="http://127.0.0.1:$etcd_peer" \
      --initial-cluster="kd-e2e=http://127.0.0.1:$etcd_peer" --initial-cluster-state=new \
      --unsafe-no-fsync=true
    rc=0; kd_wait etcd "$dir/etcd.log" 30 kd_etcd_health || rc=$?
    [ "$rc" = 3 ] || return "$rc"
    kd_log "etcd: a port was taken meanwhile, picking others"; rm -rf "$dir/etcd"
  done
  return 1
}

kd_start_apiserver() {
  local try rc d="$dir/pki"
  for try in 1 2 3; do
    kd_free_port api_port
    kd_log "kube-apiserver: https://127.0.0.1:$api_port (try $try)"
    kd_launch apiserver "$dir/apiserver.log" kube-apiserver \
      --advertise-address=127.0.0.1 --bind-address=127.0.0.1 --secure-port="$api_port" \
      --etcd-servers="http://127.0.0.1:$etcd_client" \
      --cert-dir="$d" --tls-cert-file="$d/apiserver.crt" --tls-private-key-file="$d/apiserver.key" \
      --client-ca-file="$d/ca.crt" --authorization-mode=RBAC \
      --service-account-issuer=https://kubernetes.default.svc \
      --service-account-key-file="$d/sa.pub" --service-account-signing-key-file="$d/sa.key" \
      --service-cluster-ip-range=10.0.0.0/24 --endpoint-reconciler-type=none \
      --allow-privileged=true
    kd_kubeconfig
    rc=0; kd_wait apiserver "$dir/apiserver.log" "$READY_TIMEOUT" kd_readyz || rc=$?
    if [ "$rc" = 1 ] && [ -n "$(kd_pids apiserver)" ]; then # up but not ready: which checks fail
      kd_log "failing /readyz checks:"
      curl -sS --max-time 5 --cacert "$d/ca.crt" --cert "$d/admin.crt" --key "$d/admin.key" \
        "https://127.0.0.1:$api_port/readyz?verbose" 2>&1 | grep -v '^\[+\]' >&2 || true
    fi
    [ "$rc" = 3 ] || return "$rc"
    kd_log "kube-apiserver: port $api_port was taken meanwhile, picking another"
  done
  return 1
}

# kd_start_kcm: kube-controller-manager with the node-free loops (see the top of this file), plus
# those listed in $KD_E2E_KCM_CONTROLLERS (e.g. `deployment,replicaset`, whose Pods then exist and
# stay Pending unless a suite's stand-in kubelet reports them running), as
# the admin (--use-service-account-credentials=false: no tokens to mint), serving its /healthz on
# a free loopback port with a self-signed cert (--cert-dir).
kd_start_kcm() {
  local try rc
  for try in 1 2 3; do
    kd_free_port kcm_port
    kd_log "kube-controller-manager: healthz on 127.0.0.1:$kcm_port (try $try)"
    kd_launch kcm "$dir/kcm.log" kube-controller-manager --kubeconfig="$dir/kubeconfig" \
      --controllers="garbagecollector,namespace,serviceaccount${KD_E2E_KCM_CONTROLLERS:+,$KD_E2E_KCM_CONTROLLERS}" \
      --leader-elect=false \
      --use-service-account-credentials=false --bind-address=127.0.0.1 \
      --secure-port="$kcm_port" --cert-dir="$dir/kcm-certs" \
      --authentication-kubeconfig="$dir/kubeconfig" --authorization-kubeconfig="$dir/kubeconfig"
    rc=0; kd_wait kcm "$dir/kcm.log" 60 kd_kcm_healthz || rc=$?
    [ "$rc" = 3 ] || return "$rc"
    kd_log "kube-controller-manager: port $kcm_port was taken meanwhile, picking another"
  done
  return 1
}
kd_kcm_healthz() { [ "$(curl -ks --max-time 2 "https://127.0.0.1:$kcm_port/healthz")" = ok ]; }

# kd_since: seconds (3 decimals) since kd_cmd_start began.
kd_since() {
  local ms=$((($(date +%s%N) - t0) / 1000000))
  printf '%d.%03d' $((ms / 1000)) $((ms % 1000))
}

kd_cmd_start() {
  t0="$(date +%s%N)"
  if [ -e "$dir" ]; then
    if [ -n "$(kd_pids apiserver)$(kd_pids etcd)" ]; then
      kd_log "an API server from $dir is still running: run \`$0 stop $dir\` first"; exit 1
    fi
    if [ -f "$dir/$MARKER" ]; then
      rm -rf "$dir" # a stale run of ours: start afresh
    elif [ -n "$(ls -A "$dir")" ]; then
      kd_log "$dir exists and is not an apiserver.sh directory: refusing to use it"; exit 1
    fi
  fi
  if ! command -v kube-apiserver >/dev/null || ! command -v etcd >/dev/null ||
    ! command -v kube-controller-manager >/dev/null; then
    PATH="$(bash "$kd_e2e_dir/build-kube.sh"):$PATH"
  fi
  umask 077 # keys and the kubeconfig stay private
  mkdir -p "$dir" && touch "$dir/$MARKER" && kd_resolve
  # On any failure: stop what was started, keep DIR (logs) for a look; `stop` removes it.
  # Bash skips EXIT traps when a signal kills it, hence the exits on INT/TERM/HUP.
  trap '[ -n "$ok" ] || { kd_stop_all || true; kd_log "start failed; logs in $dir"; }' EXIT
  trap 'exit 130' INT; trap 'exit 143' TERM; trap 'exit 129' HUP
  kd_certs
  local t_certs t_etcd t_api
  t_certs="$(kd_since)"
  kd_start_etcd
  t_etcd="$(kd_since)"
  kd_start_apiserver
  t_api="$(kd_since)"
  # The bootstrap controller creates default/kube-system/kube-public right after /readyz.
  local t1=$SECONDS
  until [ -n "$(kd_get api/v1/namespaces/default)" ]; do
    if ((SECONDS - t1 >= 30)); then
      kd_log "namespace default missing 30 s after /readyz"; kd_tail "$dir/apiserver.log"; exit 1
    fi
    sleep 0.2
  done
  kd_start_kcm
  ok=1
  kd_log "API server ready in $(kd_since) s (certs done at $t_certs, etcd healthy at $t_etcd," \
    "/readyz ok at $t_api, controller-manager healthy after): https://127.0.0.1:$api_port" \
    "($(kube-apiserver --version)), logs in $dir"
  printf 'export KUBECONFIG=%q\n' "$dir/kubeconfig"
}

kd_cmd_stop() {
  if [ ! -e "$dir" ]; then kd_log "nothing to stop: $dir does not exist"; return 0; fi
  kd_resolve
  if [ ! -f "$dir/$MARKER" ]; then
    kd_log "$dir is not an apiserver.sh directory: refusing to remove it"; exit 1
  fi
  kd_stop_all
  rm -rf "$dir"
  kd_log "stopped; removed $dir"
}

# kd_resolve: DIR as an absolute path without symlinks, the form the processes' command lines
# hold (kd_ours matches on it), however the caller spells DIR.
kd_resolve() { dir="$(cd -P "$dir" && pwd)"; }

if [ $# != 2 ] || [ -z "$2" ]; then usage; fi
case "$2" in /*) dir="$2" ;; *) dir="$PWD/$2" ;; esac
[ ! -d "$dir" ] || kd_resolve
case "$dir" in / | "$HOME" | "$PWD") kd_log "refusing DIR $2"; exit 2 ;; esac
t0=''
ok='' # set once start has succeeded; until then the EXIT trap stops what was started
etcd_client='' etcd_peer='' api_port='' kcm_port='' # ports, picked at start
case "$1" in
  start) kd_cmd_start ;;
  stop) kd_cmd_stop ;;
  *) usage ;;
esac
