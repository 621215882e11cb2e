/*
 * tty.c - tune's keyboard: the terminal in raw mode, keys read as they
 * are pressed, the modes put back on every way out.
 *
 * Raw here means: no line editing and no echo (ICANON, ECHO), Ctrl-C,
 * Ctrl-Z and Ctrl-\ as bytes (ISIG), no flow control (IXON), Enter as CR
 * (ICRNL), no literal-next (IEXTEN). Output is left as it is (OPOST), so
 * "\n" still starts a new line. Reads wait with poll(), so a lone Esc is
 * told from the start of an escape sequence by a timeout (keys.h).
 *
 * The ways out: the panel ends (restore); Ctrl-Z (suspend: modes back,
 * SIGTSTP raised, raw again after fg); SIGTERM and SIGHUP (the handler
 * puts the modes back, then passes the signal on to the handler that was
 * there before, the live view's guard, which shows the cursor and ends
 * the process; or ends it itself); SIGTSTP sent by kill (the same, and
 * SIGCONT makes the modes raw again); SIGINT sent by kill (the REPL's
 * handler sets its flag, and the read returns so the panel can close).
 * tcsetattr is async-signal-safe, so the handlers may call it.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "front.h"

static const int ending[] = { SIGTERM, SIGHUP, SIGTSTP };
#define NENDING (sizeof ending / sizeof ending[0])

static struct tty {
    int on;                          /* raw now */
    struct termios before, raw;
    struct sigaction old[NENDING];   /* the handlers before raw */
    struct sigaction old_cont;
    volatile sig_atomic_t continued; /* SIGCONT: raw again, redraw */
} tty;

static void on_ending(int sig);

/* SIGTSTP to on_ending, keeping what was there before in tty.old. */
static void catch_stop(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_ending;
    sigaction(SIGTSTP, &sa, NULL);
}

/* Puts the modes back, then lets the handler that was there before (or
 * the default action) have the signal. */
static void on_ending(int sig)
{
    int saved = errno;
    tcsetattr(STDIN_FILENO, TCSANOW, &tty.before);
    size_t i = 0;
    while (i + 1 < NENDING && ending[i] != sig)
        i++;
    struct sigaction *old = &tty.old[i];
    if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN
        && !(old->sa_flags & SA_SIGINFO)) {
        old->sa_handler(sig);  // the live view's guard: cursor shown
    } else if (old->sa_handler != SIG_IGN) {
        struct sigaction dfl, mine;
        memset(&dfl, 0, sizeof dfl);
        dfl.sa_handler = SIG_DFL;
        sigemptyset(&dfl.sa_mask);
        sigaction(sig, &dfl, &mine);
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, sig);
        sigprocmask(SIG_UNBLOCK, &set, NULL);
        raise(sig);  // SIGTERM, SIGHUP: the end; SIGTSTP: stopped here
        sigaction(sig, &mine, NULL);
    }
    if (sig == SIGTSTP && tty.on) {  // continued: raw again, and this
        catch_stop();                // handler back (the guard put its own)
        tcsetattr(STDIN_FILENO, TCSANOW, &tty.raw);
    }
    errno = saved;
}

static void on_continue(int sig)
{
    (void)sig;
    if (tty.on)
        tcsetattr(STDIN_FILENO, TCSANOW, &tty.raw);
    tty.continued = 1;
}

static void catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_ending;
    for (size_t i = 0; i < NENDING; i++)
        sigaction(ending[i], &sa, &tty.old[i]);
    sa.sa_handler = on_continue;
    sigaction(SIGCONT, &sa, &tty.old_cont);
}

static void release_signals(void)
{
    for (size_t i = 0; i < NENDING; i++)
        sigaction(ending[i], &tty.old[i], NULL);
    sigaction(SIGCONT, &tty.old_cont, NULL);
}

static int tty_raw(void *ctx)
{
    (void)ctx;
    if (tty.on)
        return 0;
    if (tcgetattr(STDIN_FILENO, &tty.before) != 0)
        return -1;
    tty.raw = tty.before;
    tty.raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG | IEXTEN);
    tty.raw.c_iflag &= ~(tcflag_t)(IXON | ICRNL | INLCR);
    tty.raw.c_cc[VMIN] = 1;
    tty.raw.c_cc[VTIME] = 0;
    tty.continued = 0;
    catch_signals();
    tty.on = 1;
    if (tcsetattr(STDIN_FILENO, TCSANOW, &tty.raw) != 0) {
        tty.on = 0;
        release_signals();
        return -1;
    }
    return 0;
}

static void tty_restore(void *ctx)
{
    (void)ctx;
    if (!tty.on)
        return;
    tcsetattr(STDIN_FILENO, TCSANOW, &tty.before);
    tty.on = 0;
    release_signals();
}

static int tty_read(void *ctx, unsigned char *buf, size_t cap,
                    int timeout_ms)
{
    (void)ctx;
    if (tty.continued) {
        tty.continued = 0;
        return SESS_KEYS_SIGNAL;
    }
    struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
    int n = poll(&p, 1, timeout_ms);
    if (n < 0)
        return errno == EINTR ? SESS_KEYS_SIGNAL : SESS_KEYS_END;
    if (n == 0)
        return 0;
    if (!(p.revents & POLLIN))  // POLLHUP, POLLERR: the terminal is gone
        return SESS_KEYS_END;
    ssize_t got = read(STDIN_FILENO, buf, cap);
    if (got < 0)
        return errno == EINTR ? SESS_KEYS_SIGNAL : SESS_KEYS_END;
    return got == 0 ? SESS_KEYS_END : (int)got;
}

static void tty_suspend(void *ctx)
{
    (void)ctx;
    if (!tty.on)
        return;
    raise(SIGTSTP);  // on_ending: modes back, stopped, raw again
    tty.continued = 0;  // the caller redraws now
    tcsetattr(STDIN_FILENO, TCSANOW, &tty.raw);
}

static const sess_keys keys = {
    tty_raw, tty_read, tty_suspend, tty_restore, NULL
};

const sess_keys *front_tty_keys(void)
{
    return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) ? &keys : NULL;
}
