/*
 * defs.h - the learner's own definitions, typed as the module writes them:
 *   n1(x) = Relu(-5x - 7.7)      or   n1 = relu(-5x - 7.7)
 *   Z = -n1 - n2 - n3 + n4 + n5 + n6
 *
 * Each definition is a name, its text as typed, and its compiled program.
 * Programs call each other by slot id, so redefining n1 changes Z at once.
 * A definition that reaches itself (n1 -> n2 -> n1) is refused when it is
 * made, and chains are limited to DEFS_MAX_DEPTH, so evaluation can never
 * recurse without end. Its cost, the instructions one value takes with
 * those of the definitions it calls, is limited to DEFS_MAX_COST, so
 * evaluation always ends soon too.
 * Ownership: the table owns every name, text and program in it.
 */
#ifndef NEURON_INTERP_DEFS_H
#define NEURON_INTERP_DEFS_H

#include <stddef.h> /* size_t */

#include "../engine/expr.h" /* nn_expr, nn_expr_env */

/* Most definitions at once, and the longest chain of calls. A fit of
 * the most units, 10,000 (NN_RELUSUM_MAX_UNITS), makes 10,001
 * definitions: there is room for two such fits, or one and as many
 * definitions again. */
#define DEFS_MAX 20002
#define DEFS_MAX_DEPTH 64

/* Most instructions one evaluation of a definition may run, counting
 * those of every call it makes: f1 = f0 + f0, f2 = f1 + f1, ... doubles
 * at each step, and f63 would take 2^63. A million is milliseconds. */
#define DEFS_MAX_COST 1000000

typedef struct defs defs;

/* An empty table, or NULL on out of memory. Free with defs_free. */
defs *defs_new(void);

/* Frees the table and everything in it; NULL is fine. */
void defs_free(defs *d);

/* A deep copy (to put back if a change of several definitions fails), or
 * NULL on out of memory. */
defs *defs_copy(const defs *d);

/* Definitions in use. */
size_t defs_count(const defs *d);

/* Removes every definition. */
void defs_clear(defs *d);

/* Slots in use or freed (ids run from 0 to defs_slots() - 1). */
size_t defs_slots(const defs *d);

/* Id of the definition named name[0..len) (case-sensitive), or -1. */
int defs_find(const defs *d, const char *name, size_t len);

/* Id a new definition of name[0..len) would get (its own when it exists),
 * so a program under construction can refer to it and the cycle check
 * catches n1 = n1 + 1. -1 when the table is full, -2 on out of memory.
 * A definition that then fails gives its slot back with defs_unreserve. */
int defs_reserve(defs *d, const char *name, size_t len);

/* Gives back the empty slots at the end of the table (a reservation that
 * came to nothing), so a failed definition leaves the table as it was. */
void defs_unreserve(defs *d);

/* The name, text and program of id; NULL for a free or unknown slot. The
 * pointers stay valid until the definition changes. */
const char *defs_name(const defs *d, int id);
const char *defs_text(const defs *d, int id);
const nn_expr *defs_prog(const defs *d, int id);

/* 1 when id uses x, directly or through the definitions it calls. */
int defs_needs_x(const defs *d, int id);

/* Sets name[0..len) to prog, whose text is text[0..tlen). Takes ownership
 * of prog whatever happens. Refuses, leaving the table unchanged, when the
 * definition would reach itself, chain deeper than DEFS_MAX_DEPTH, or make
 * it or any definition calling it cost more than DEFS_MAX_COST; returns 0,
 * or -1 with msg filled ("n1 depends on itself: n1 -> n2 -> n1"). */
int defs_set(defs *d, const char *name, size_t len, nn_expr *prog,
             const char *text, size_t tlen, char *msg, size_t msgcap);

/* Removes a definition no other one uses; 0, or -1 with msg filled ("n1
 * is used by Z; undef Z first" or "n1 is not defined"). */
int defs_remove(defs *d, const char *name, size_t len, char *msg,
                size_t msgcap);

/* Evaluates definition id at arg; calls inside it are resolved through
 * this table and session names through outer->var. */
nn_status defs_call(const defs *d, int id, double arg,
                    const nn_expr_env *outer, double *out);

#endif
