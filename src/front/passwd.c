/*
 * passwd.c - the five user-database lookups that readline makes, for
 * `~` and `~name/` in file names and their completion, answered from
 * /etc/passwd.
 *
 * Why here: neuron is linked statically (the Makefile, for start-up
 * time), and glibc's own getpwnam and its kin then load their NSS modules
 * at run time from whatever glibc is installed, which the linker rightly
 * warns about. fgetpwent reads the file itself and loads nothing. A user
 * known only to a directory service (LDAP, systemd-homed) is not found,
 * and `~name` then stays as typed, as for a name that does not exist.
 *
 * Defining these names replaces libc's in both links, static and shared,
 * so both behave alike. Each result lives until the next call, as POSIX
 * allows (fgetpwent's own buffer).
 */
#define _DEFAULT_SOURCE /* fgetpwent: BSD and SVID, not POSIX */
#include <pwd.h>        /* struct passwd, fgetpwent */
#include <stdio.h>  /* FILE, fopen, rewind, fclose */
#include <string.h> /* strcmp */

#define PASSWD_FILE "/etc/passwd"

static FILE *walk; /* the file between setpwent and endpwent */

void setpwent(void)
{
    if (walk)
        rewind(walk);
    else
        walk = fopen(PASSWD_FILE, "re");
}

void endpwent(void)
{
    if (walk)
        fclose(walk);
    walk = NULL;
}

struct passwd *getpwent(void)
{
    if (!walk)
        setpwent();
    return walk ? fgetpwent(walk) : NULL;
}

/* The entry named name, or when name is NULL the first with uid. */
static struct passwd *lookup(const char *name, uid_t uid)
{
    FILE *f = fopen(PASSWD_FILE, "re");
    if (!f)
        return NULL;
    struct passwd *p;
    while ((p = fgetpwent(f)) != NULL &&
           (name ? strcmp(p->pw_name, name) != 0 : p->pw_uid != uid))
        continue;
    fclose(f);
    return p;
}

struct passwd *getpwnam(const char *name)
{
    return lookup(name, 0);
}

struct passwd *getpwuid(uid_t uid)
{
    return lookup(NULL, uid);
}
