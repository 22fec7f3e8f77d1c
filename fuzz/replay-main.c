/*
 * main() for the harnesses outside a fuzzing build: replay inputs through
 * LLVMFuzzerTestOneInput(), as libFuzzer does when given files.  The
 * ordinary test suite (gcc, and the ASan build) runs every corpus and
 * every regression input this way, so a fixed crash stays fixed without
 * clang.
 *
 * Usage: fuzz-NAME [-flag...] PATH...  Flags (arguments starting with
 * '-') are the harness's (LLVMFuzzerInitialize() sees argv whole);
 * each PATH is a file, or a directory whose files are replayed in name
 * order.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int compare_names(const void *a, const void *b)
{
    return g_strcmp0(*(char *const *)a, *(char *const *)b);
}

static int replay_file(const char *path)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *data = NULL;
    gsize len;

    if (!g_file_get_contents(path, &data, &len, &err)) {
        fprintf(stderr, "%s\n", err->message);
        return 1;
    }
    LLVMFuzzerTestOneInput((const uint8_t *)data, len);
    return 0;
}

static int replay_dir(const char *path, int *count)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(GDir) dir = g_dir_open(path, 0, &err);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    int failed = 0;

    if (!dir) {
        fprintf(stderr, "%s\n", err->message);
        return 1;
    }
    while ((name = g_dir_read_name(dir))) {
        g_ptr_array_add(names, g_build_filename(path, name, NULL));
    }
    qsort(names->pdata, names->len, sizeof(char *), compare_names);
    for (guint i = 0; i < names->len; i++) {
        const char *file = g_ptr_array_index(names, i);

        if (g_file_test(file, G_FILE_TEST_IS_DIR)) {
            failed |= replay_dir(file, count);
        } else {
            failed |= replay_file(file);
            (*count)++;
        }
    }
    return failed;
}

int main(int argc, char **argv)
{
    int failed = 0, count = 0;

    LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-') {
            continue;
        }
        if (g_file_test(argv[i], G_FILE_TEST_IS_DIR)) {
            failed |= replay_dir(argv[i], &count);
        } else {
            failed |= replay_file(argv[i]);
            count++;
        }
    }
    printf("%s: replayed %d input%s\n", argv[0], count, count == 1 ? "" : "s");
    return failed;
}
