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
 * The ways out: the panel ends (restore); Ctrl-Z, a byte here (suspend:
 * the modes back, SIGTSTP raised, raw again once continued); SIGTERM,
 * SIGHUP and a SIGTSTP sent by kill, which the live view's signal guard
 * takes: tune hands it the modes (sess_keys.modes, live_hold_modes), so
 * it puts them back before the process ends or stops, and makes them
 * raw again after fg; SIGINT sent by kill (the REPL's handler sets its
 * flag, and the read returns so the panel can close).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include "front.h"

static struct tty {
    int on;                          /* raw now */
    struct termios before, raw;
} tty;

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
    if (tcsetattr(STDIN_FILENO, TCSANOW, &tty.raw) != 0)
        return -1;
    tty.on = 1;
    return 0;
}

static int tty_modes(void *ctx, int *fd, struct termios *before,
                     struct termios *during)
{
    (void)ctx;
    if (!tty.on)
        return -1;
    *fd = STDIN_FILENO;
    *before = tty.before;
    *during = tty.raw;
    return 0;
}

static void tty_restore(void *ctx)
{
    (void)ctx;
    if (!tty.on)
        return;
    tcsetattr(STDIN_FILENO, TCSANOW, &tty.before);
    tty.on = 0;
}

static int tty_read(void *ctx, unsigned char *buf, size_t cap,
                    int timeout_ms)
{
    (void)ctx;
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
    /* the modes back, then stopped as Ctrl-Z stops a program (the view's
       guard, which holds the modes too, shows the cursor first); once
       continued (fg), raw again */
    tcsetattr(STDIN_FILENO, TCSANOW, &tty.before);
    raise(SIGTSTP);
    tcsetattr(STDIN_FILENO, TCSANOW, &tty.raw);
}

static const sess_keys keys = {
    tty_raw, tty_read, tty_suspend, tty_restore, tty_modes, NULL
};

const sess_keys *front_tty_keys(void)
{
    return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) ? &keys : NULL;
}
