/*
 * Number, size and boolean parsing with the rules of QEMU's command line,
 * and human-readable sizes.
 */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "util/cutils.h"
#include "util/error.h"

/*
 * Common tail of the qemu_strto*() functions: decide the return value
 * from where the libc parser stopped and the errno it left.
 */
static int check_strtox_error(const char *nptr, const char *ep,
                              const char **endptr, int libc_errno)
{
    if (endptr) {
        *endptr = ep;
    }
    if (ep == nptr) {
        return -EINVAL;
    }
    if (!endptr && *ep) {
        return -EINVAL;
    }
    return -libc_errno;
}

/* True if the first non-blank character of nptr is a minus sign. */
static bool starts_negative(const char *nptr)
{
    while (isspace((unsigned char)*nptr)) {
        nptr++;
    }
    return *nptr == '-';
}

int qemu_strtoi64(const char *nptr, const char **endptr, int base,
                  int64_t *result)
{
    char *ep;
    long long val;
    int ret;

    G_STATIC_ASSERT(sizeof(long long) == sizeof(int64_t));
    *result = 0;
    if (!nptr) {
        if (endptr) {
            *endptr = nptr;
        }
        return -EINVAL;
    }
    errno = 0;
    val = strtoll(nptr, &ep, base);
    ret = check_strtox_error(nptr, ep, endptr, errno);
    /* strtoll() already clamps to INT64_MIN/INT64_MAX on overflow. */
    if (ret != -EINVAL) {
        *result = val;
    }
    return ret;
}

int qemu_strtoi(const char *nptr, const char **endptr, int base, int *result)
{
    int64_t val;
    int ret;

    ret = qemu_strtoi64(nptr, endptr, base, &val);
    if (ret == -EINVAL) {
        *result = 0;
        return ret;
    }
    if (val > INT_MAX) {
        *result = INT_MAX;
        return -ERANGE;
    }
    if (val < INT_MIN) {
        *result = INT_MIN;
        return -ERANGE;
    }
    *result = val;
    return ret;
}

int qemu_strtou64(const char *nptr, const char **endptr, int base,
                  uint64_t *result)
{
    char *ep;
    unsigned long long val;
    int ret;

    G_STATIC_ASSERT(sizeof(unsigned long long) == sizeof(uint64_t));
    *result = 0;
    if (!nptr) {
        if (endptr) {
            *endptr = nptr;
        }
        return -EINVAL;
    }
    errno = 0;
    /* strtoull() negates "-1" into UINT64_MAX; emu refuses instead. */
    val = strtoull(nptr, &ep, base);
    ret = check_strtox_error(nptr, ep, endptr, errno);
    if (ret == -EINVAL) {
        return ret;
    }
    if (starts_negative(nptr)) {
        if (val == 0 && ret == 0) {
            return 0; /* "-0" */
        }
        return -ERANGE;
    }
    *result = val;
    return ret;
}

int qemu_strtoui(const char *nptr, const char **endptr, int base,
                 unsigned int *result)
{
    uint64_t val;
    int ret;

    ret = qemu_strtou64(nptr, endptr, base, &val);
    if (ret == -EINVAL) {
        *result = 0;
        return ret;
    }
    if (val > UINT_MAX) {
        *result = UINT_MAX;
        return -ERANGE;
    }
    *result = val;
    return ret;
}

/* Multiplier for a size suffix, or 0 if c is not one. */
static uint64_t suffix_mul(char c)
{
    switch (g_ascii_toupper(c)) {
    case 'B':
        return 1;
    case 'K':
        return 1ULL << 10;
    case 'M':
        return 1ULL << 20;
    case 'G':
        return 1ULL << 30;
    case 'T':
        return 1ULL << 40;
    case 'P':
        return 1ULL << 50;
    case 'E':
        return 1ULL << 60;
    default:
        return 0;
    }
}

static int do_strtosz(const char *nptr, const char **end, uint64_t default_mul,
                      uint64_t *result)
{
    const char *p = nptr;
    char *ep;
    uint64_t val;
    uint64_t mul;
    uint64_t frac_num = 0;
    uint64_t frac_den = 1;
    uint64_t frac_bytes = 0;
    bool hex = false;
    int ret = 0;

    *result = 0;
    if (!nptr) {
        ret = -EINVAL;
        goto out;
    }
    while (isspace((unsigned char)*p)) {
        p++;
    }
    /* A size is never negative; strtoull would silently wrap it. */
    if (*p == '-' || *p == '+') {
        ret = -EINVAL;
        p = nptr;
        goto out;
    }
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        hex = true;
    }
    errno = 0;
    val = strtoull(p, &ep, hex ? 16 : 10);
    if (ep == p) {
        ret = -EINVAL;
        p = nptr;
        goto out;
    }
    if (errno == ERANGE) {
        ret = -ERANGE;
    }
    p = ep;

    if (*p == '.') {
        /* "0x1.8G" reads like a hex float; refuse rather than guess. */
        if (hex || !g_ascii_isdigit(p[1])) {
            ret = -EINVAL;
            p = nptr;
            goto out;
        }
        p++;
        while (g_ascii_isdigit(*p)) {
            /* 18 digits are far beyond what a double can carry anyway. */
            if (frac_den < 1000000000000000000ULL) {
                frac_num = frac_num * 10 + (*p - '0');
                frac_den *= 10;
            }
            p++;
        }
    }

    mul = suffix_mul(*p);
    if (mul) {
        p++;
    } else {
        mul = default_mul;
    }
    if (!end && *p) {
        ret = -EINVAL;
        p = nptr;
        goto out;
    }
    if (ret) {
        goto out;
    }
    if (frac_num) {
        if (mul == 1) {
            /* Fractional bytes make no sense. */
            ret = -EINVAL;
            p = nptr;
            goto out;
        }
        /* mul is a power of two, so this product is exact. */
        frac_bytes = (uint64_t)((long double)frac_num / frac_den * mul);
    }
    if (val > UINT64_MAX / mul || val * mul > UINT64_MAX - frac_bytes) {
        ret = -ERANGE;
        goto out;
    }
    *result = val * mul + frac_bytes;

out:
    if (end) {
        *end = p;
    }
    return ret;
}

int qemu_strtosz(const char *nptr, const char **end, uint64_t *result)
{
    return do_strtosz(nptr, end, 1, result);
}

int qemu_strtosz_MiB(const char *nptr, const char **end, uint64_t *result)
{
    return do_strtosz(nptr, end, 1ULL << 20, result);
}

bool qapi_bool_parse(const char *name, const char *value, bool *obj,
                     Error **errp)
{
    static const char *const yes[] = {"on", "yes", "true", "y"};
    static const char *const no[] = {"off", "no", "false", "n"};
    size_t i;

    for (i = 0; value && i < G_N_ELEMENTS(yes); i++) {
        if (!strcmp(value, yes[i])) {
            *obj = true;
            return true;
        }
        if (!strcmp(value, no[i])) {
            *obj = false;
            return true;
        }
    }
    error_setg(errp, "Parameter '%s' expects 'on' or 'off'", name);
    return false;
}

char *size_to_str(uint64_t val)
{
    static const char *const units[] = {"B",   "KiB", "MiB", "GiB",
                                        "TiB", "PiB", "EiB"};
    double scaled = val;
    size_t i = 0;

    /*
     * Move to the next unit once the number would need 4 digits; 999.5
     * and up would print as "1e+03" with 3 significant digits.
     */
    while (i + 1 < G_N_ELEMENTS(units) && scaled >= 999.5) {
        scaled /= 1024;
        i++;
    }
    return g_strdup_printf("%0.3g %s", scaled, units[i]);
}
