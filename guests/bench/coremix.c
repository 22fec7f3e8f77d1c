/*
 * A CoreMark-style mix (the idea, not CoreMark's code): each of size
 * iterations works on three data sets of its own, and a CRC-16 of
 * every part's result chains them, so no part can be skipped:
 * - list: 64 nodes in a singly linked list; look up keys, reverse it,
 *   merge-sort it by data then by key;
 * - matrix: 16 x 16 16-bit matrices; add a constant, scale into 32
 *   bits, matrix x vector, matrix x matrix, extract bit fields;
 * - state machine: scan a 256-byte text of comma-separated tokens and
 *   classify each as integer, decimal, exponent or invalid.
 * The iteration's CRC picks the next one's keys and constants.
 */
#include "bench.h"

#define LIST_LEN 64
#define MAT_N 16
#define TEXT_LEN 256

typedef struct Item {
    struct Item *next;
    int16_t key;
    uint16_t data;
} Item;

static Item items[LIST_LEN];
static int16_t mat_a[MAT_N * MAT_N], mat_b[MAT_N * MAT_N];
static int32_t mat_c[MAT_N * MAT_N];
static char sm_text[TEXT_LEN + 1];

/* CRC-16/CCITT-FALSE: polynomial 0x1021, MSB first, preset 0xffff. */
static uint16_t crc16_word(uint16_t crc, uint32_t v)
{
    for (int byte = 0; byte < 4; byte++) {
        crc ^= (uint16_t)((v >> (byte * 8) & 0xff) << 8);
        for (int k = 0; k < 8; k++) {
            crc = (crc & 0x8000) ? (uint16_t)(crc << 1 ^ 0x1021)
                                 : (uint16_t)(crc << 1);
        }
    }
    return crc;
}

/* ---- list ---- */

static Item *list_build(uint32_t seed)
{
    for (int i = 0; i < LIST_LEN; i++) {
        items[i].next = i + 1 < LIST_LEN ? &items[i + 1] : NULL;
        items[i].key = (int16_t)i;
        items[i].data = (uint16_t)(bench_rand(&seed) >> 16);
    }
    return &items[0];
}

static Item *list_reverse(Item *head)
{
    Item *prev = NULL;

    while (head) {
        Item *next = head->next;

        head->next = prev;
        prev = head;
        head = next;
    }
    return prev;
}

static int item_before(const Item *a, const Item *b, int by_key)
{
    if (by_key) {
        return a->key <= b->key;
    }
    return a->data < b->data || (a->data == b->data && a->key <= b->key);
}

/* Bottom-up merge sort of a list: runs of 1, 2, 4... merged in place. */
static Item *list_sort(Item *head, int by_key)
{
    for (uint32_t run = 1;; run *= 2) {
        Item *p = head, *tail = NULL;
        uint32_t merges = 0;

        head = NULL;
        while (p) {
            Item *q = p;
            uint32_t psize = 0, qsize = run;

            merges++;
            while (q && psize < run) {
                psize++;
                q = q->next;
            }
            while (psize || (qsize && q)) {
                Item *e;

                if (!psize) {
                    e = q, q = q->next, qsize--;
                } else if (!qsize || !q || item_before(p, q, by_key)) {
                    e = p, p = p->next, psize--;
                } else {
                    e = q, q = q->next, qsize--;
                }
                if (tail) {
                    tail->next = e;
                } else {
                    head = e;
                }
                tail = e;
            }
            p = q;
        }
        tail->next = NULL;
        if (merges <= 1) {
            return head;
        }
    }
}

static uint16_t list_work(uint16_t crc, uint32_t seed)
{
    Item *head = list_build(seed);
    uint32_t found = 0, pos_sum = 0;

    for (int k = 0; k < 8; k++) {
        int16_t want = (int16_t)((seed >> k) % (LIST_LEN + 8));
        uint32_t pos = 0;

        for (Item *it = head; it; it = it->next, pos++) {
            if (it->key == want) {
                found++;
                pos_sum += pos;
                break;
            }
        }
    }
    head = list_reverse(head);
    head = list_sort(head, 0);
    crc = crc16_word(crc, head->data);
    crc = crc16_word(crc, (uint32_t)head->key);
    head = list_sort(head, 1);
    for (Item *it = head; it; it = it->next) {
        crc = crc16_word(crc, it->data ^ (uint32_t)it->key);
    }
    return crc16_word(crc16_word(crc, found), pos_sum);
}

/* ---- matrix ---- */

static uint16_t matrix_work(uint16_t crc, uint32_t seed)
{
    int16_t konst = (int16_t)(seed & 0xff) + 1;
    int32_t vec[MAT_N], acc = 0;
    uint32_t bits = 0;

    for (int i = 0; i < MAT_N * MAT_N; i++) {
        mat_a[i] = (int16_t)(mat_a[i] + konst);
    }
    for (int i = 0; i < MAT_N * MAT_N; i++) {
        mat_c[i] = (int32_t)mat_a[i] * konst;
        acc += mat_c[i];
    }
    crc = crc16_word(crc, (uint32_t)acc);
    for (int i = 0; i < MAT_N; i++) {
        vec[i] = 0;
        for (int j = 0; j < MAT_N; j++) {
            vec[i] += (int32_t)mat_a[i * MAT_N + j] * mat_b[j * MAT_N + i];
        }
        crc = crc16_word(crc, (uint32_t)vec[i]);
    }
    for (int i = 0; i < MAT_N; i++) {
        for (int j = 0; j < MAT_N; j++) {
            int32_t sum = 0;

            for (int k = 0; k < MAT_N; k++) {
                sum += (int32_t)mat_a[i * MAT_N + k] * mat_b[k * MAT_N + j];
            }
            mat_c[i * MAT_N + j] = sum;
            /* Bits 2..5 and 9..12 of each product: shifts and masks. */
            bits += ((uint32_t)sum >> 2 & 0xf) + ((uint32_t)sum >> 9 & 0xf);
        }
    }
    crc = crc16_word(crc16_word(crc, bits), (uint32_t)mat_c[MAT_N + 1]);
    /* Undo the constant: the next iteration starts from the same A. */
    for (int i = 0; i < MAT_N * MAT_N; i++) {
        mat_a[i] = (int16_t)(mat_a[i] - konst);
    }
    return crc;
}

/* ---- state machine ---- */

enum {
    ST_START,
    ST_SIGN,
    ST_INT,
    ST_POINT,
    ST_FRAC,
    ST_EXP,
    ST_EXP_SIGN,
    ST_EXP_INT,
    ST_INVALID,
    ST_COUNT
};

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int next_state(int st, char c)
{
    switch (st) {
    case ST_START:
        return is_digit(c)              ? ST_INT
               : (c == '+' || c == '-') ? ST_SIGN
               : c == '.'               ? ST_POINT
                                        : ST_INVALID;
    case ST_SIGN:
        return is_digit(c) ? ST_INT : c == '.' ? ST_POINT : ST_INVALID;
    case ST_INT:
        return is_digit(c)              ? ST_INT
               : c == '.'               ? ST_POINT
               : (c == 'e' || c == 'E') ? ST_EXP
                                        : ST_INVALID;
    case ST_POINT:
    case ST_FRAC:
        return is_digit(c)                               ? ST_FRAC
               : (c == 'e' || c == 'E') && st == ST_FRAC ? ST_EXP
                                                         : ST_INVALID;
    case ST_EXP:
        return is_digit(c)              ? ST_EXP_INT
               : (c == '+' || c == '-') ? ST_EXP_SIGN
                                        : ST_INVALID;
    case ST_EXP_SIGN:
    case ST_EXP_INT:
        return is_digit(c) ? ST_EXP_INT : ST_INVALID;
    default:
        return ST_INVALID;
    }
}

static void text_build(uint32_t seed)
{
    static const char chars[] = "0123456789012345+-.eE,,x";

    for (int i = 0; i < TEXT_LEN; i++) {
        sm_text[i] = chars[(bench_rand(&seed) >> 8) % (sizeof(chars) - 1)];
    }
    sm_text[TEXT_LEN] = 0;
}

static uint16_t state_work(uint16_t crc, uint32_t seed)
{
    uint32_t final[ST_COUNT] = {0}, transitions = 0;
    int st = ST_START;
    /* Corrupt a byte or two, as the iteration's seed says. */
    uint32_t at = seed % TEXT_LEN;
    char saved = sm_text[at];

    sm_text[at] = (char)('0' + seed % 10);
    for (const char *p = sm_text;; p++) {
        if (*p == ',' || *p == 0) {
            final[st]++;
            st = ST_START;
            if (!*p) {
                break;
            }
            continue;
        }
        int nst = next_state(st, *p);

        transitions += nst != st;
        st = nst;
    }
    sm_text[at] = saved;
    for (int i = 0; i < ST_COUNT; i++) {
        crc = crc16_word(crc, final[i]);
    }
    return crc16_word(crc, transitions);
}

uint32_t bench_coremix(uint32_t size, uint32_t reps)
{
    uint32_t h = 0;

    for (uint32_t rep = 0; rep < reps; rep++) {
        uint32_t s = bench_seed(0xc0e3u, rep);
        uint16_t crc = 0xffff;

        for (int i = 0; i < MAT_N * MAT_N; i++) {
            mat_a[i] = (int16_t)(bench_rand(&s) >> 20) - 2048;
            mat_b[i] = (int16_t)(bench_rand(&s) >> 20) - 2048;
        }
        text_build(s);
        for (uint32_t it = 0; it < size; it++) {
            uint32_t seed = crc * 0x10001u ^ it;

            crc = list_work(crc, seed);
            crc = matrix_work(crc, seed);
            crc = state_work(crc, seed);
        }
        h = bench_mix(bench_mix(h, crc), size);
    }
    return h;
}
