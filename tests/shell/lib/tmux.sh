# tmux.sh - driving neuron in a real terminal with tmux: sourced, not run.
# Needs $tmp (a scratch folder the caller removes), $NEURON, $VG (maybe
# empty) and a function fail MESSAGE. Sets D, the seconds a wait lasts
# before it gives up (a hang detector, longer under valgrind). The server
# is private (tmux -L, no configuration file); tm_cleanup (call it from
# the EXIT trap) continues it if a test stopped it, then kills it.
#
#   tm ARGS...             tmux on the private server
#   tm_session S W H CMD   a detached session S of W x H running CMD
#   tm_snap S              the screen of S into $tm_screen (default
#                          $tmp/screen), wrapped rows joined
#   tm_show                that screen, indented, blank rows at the end cut
#   tm_waitfor S GREP...   polls the screen of S until grep matches
#   tm_gone S GREP...      1 when grep matches the screen of S now
#   tm_last_is S ERE       polls until the last non-blank row matches ERE
#   tm_type S TEXT         types TEXT literally, then Enter
#   tm_pid S               the pid of the pane's first child (neuron)
#   tm_width S W           polls until the pane of S is W columns wide
#   tm_busy PID            polls until PID computes (state R twice, 20 ms
#                          apart)
#   tm_blocked PID         polls until PID sleeps in write(2) (output
#                          blocked); needs /proc
#   tm_stop / tm_cont      SIGSTOP / SIGCONT the tmux server: no tm call
#                          works in between
D=10
[ -n "${VG:-}" ] && D=180
tm_sock=${tm_sock:-nnsig$$}
tm_server_pid=""
tm_stopped=0
tm_screen=${tm_screen:-$tmp/screen}

tm() { tmux -L "$tm_sock" -f /dev/null "$@"; }

# the server's socket: tmux leaves it behind after kill-server
tm_socket() { echo "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$1"; }

tm_cleanup() {
    [ "$tm_stopped" = 1 ] && [ -n "$tm_server_pid" ] &&
        kill -CONT "$tm_server_pid" 2>/dev/null
    tm kill-server 2>/dev/null
    rm -f "$(tm_socket "$tm_sock")"
}

# A server still shutting down from the case before can refuse the first
# try ("server exited unexpectedly"): tries again, a few times.
tm_session() {
    for _ in 1 2 3 4 5; do
        tm new-session -d -s "$1" -x "$2" -y "$3" "$4" 2>/dev/null && break
        sleep 0.3
    done
    tm has-session -t "$1" 2>/dev/null || tm new-session -d -s "$1" -x "$2" -y "$3" "$4"
    tm_server_pid=$(tm display-message -p '#{pid}' 2>/dev/null)
}

# wrapped rows joined (-J), so a message is one row at any width; trailing
# blanks cut
tm_snap() {
    tm capture-pane -p -J -t "$1" 2>/dev/null | sed 's/ *$//' >"$tm_screen"
}

tm_show() {
    awk '{ l[NR] = $0; if (NF) n = NR }
         END { for (i = 1; i <= n; i++) print "    | " l[i] }' "$tm_screen"
}

tm_waitfor() {
    tm_s=$1
    shift
    tm_i=0
    while [ "$tm_i" -lt $((D * 20)) ]; do
        tm_snap "$tm_s"
        grep -q "$@" "$tm_screen" && return 0
        sleep 0.05
        tm_i=$((tm_i + 1))
    done
    return 1
}

tm_gone() {
    tm_s=$1
    shift
    tm_snap "$tm_s"
    ! grep -q "$@" "$tm_screen"
}

tm_last_is() {
    tm_i=0
    while [ "$tm_i" -lt $((D * 20)) ]; do
        tm_snap "$1"
        grep -v '^ *$' "$tm_screen" | tail -1 | grep -q -E -e "$2" && return 0
        sleep 0.05
        tm_i=$((tm_i + 1))
    done
    return 1
}

tm_type() {
    tm send-keys -t "$1" -l "$2"
    tm send-keys -t "$1" Enter
}

tm_pid() {
    tm_pp=$(tm display-message -p -t "$1" '#{pane_pid}' 2>/dev/null)
    [ -n "$tm_pp" ] || return 1
    if command -v pgrep >/dev/null 2>&1; then
        pgrep -P "$tm_pp" | head -1
    else
        for tm_f in /proc/[0-9]*/stat; do
            awk -v pp="$tm_pp" '$4 == pp { print $1; exit }' "$tm_f" 2>/dev/null
        done | head -1
    fi
}

tm_width() {
    tm_i=0
    while [ "$(tm display-message -p -t "$1" '#{pane_width}')" != "$2" ]; do
        tm_i=$((tm_i + 1))
        [ "$tm_i" -lt $((D * 20)) ] || return 1
        sleep 0.05
    done
    return 0
}

# the state letter of PID (R, S, T, Z...), from /proc
tm_state() {
    awk '{ sub(/^.*\) /, ""); print $1 }' "/proc/$1/stat" 2>/dev/null
}

tm_busy() {
    [ -r "/proc/$1/stat" ] || { sleep 1; return 0; }
    tm_i=0
    tm_seen=0
    while [ "$tm_i" -lt $((D * 50)) ]; do
        if [ "$(tm_state "$1")" = R ]; then
            tm_seen=$((tm_seen + 1))
            [ "$tm_seen" -ge 2 ] && return 0
        else
            tm_seen=0
        fi
        sleep 0.02
        tm_i=$((tm_i + 1))
    done
    return 1
}

# write(2) is system call 1 on x86-64, 64 on arm64 and riscv64, 4 on
# i386 and 32-bit arm; /proc/PID/syscall starts with the number while the
# process sleeps in a call. Without it (not readable, another
# architecture), a sleeping state for a second is taken as blocked.
tm_blocked() {
    case $(uname -m) in
        x86_64) tm_nr=1 ;;
        aarch64 | arm64 | riscv64) tm_nr=64 ;;
        i?86 | arm*) tm_nr=4 ;;
        *) tm_nr="" ;;
    esac
    tm_i=0
    tm_seen=0
    while [ "$tm_i" -lt $((D * 20)) ]; do
        if [ "$(tm_state "$1")" = S ]; then
            if [ -n "$tm_nr" ] && read -r tm_call _ <"/proc/$1/syscall" 2>/dev/null &&
                [ "$tm_call" != running ]; then
                [ "$tm_call" = "$tm_nr" ] && return 0
            else
                tm_seen=$((tm_seen + 1))
                [ "$tm_seen" -ge 20 ] && return 0
            fi
        fi
        sleep 0.05
        tm_i=$((tm_i + 1))
    done
    return 1
}

tm_stop() {
    tm_server_pid=$(tm display-message -p '#{pid}')
    tm_stopped=1
    kill -STOP "$tm_server_pid"
}

tm_cont() {
    kill -CONT "$tm_server_pid"
    tm_stopped=0
}
