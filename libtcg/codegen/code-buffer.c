/*
 * The executable buffer: W^X through two mappings of one memfd (written
 * through one, run through the other), or, when memfd_create is missing,
 * one mapping flipped between RW and RX with mprotect.  The prologue and
 * epilogue that tcg_host_exec() enters and leaves generated code through
 * sit at the start of the buffer.
 */
#include "codegen-internal.h"

#include <sys/mman.h>
#include <unistd.h>

bool cg_force_mprotect;

static bool map_dual(TCGCodeBuffer *buf)
{
    int fd = memfd_create("emu-tcg-code", MFD_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    if (ftruncate(fd, buf->size) < 0) {
        close(fd);
        return false;
    }
    void *rw = mmap(NULL, buf->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    void *rx = mmap(NULL, buf->size, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
    close(fd); /* the mappings keep the file */
    if (rw == MAP_FAILED || rx == MAP_FAILED) {
        if (rw != MAP_FAILED) {
            munmap(rw, buf->size);
        }
        if (rx != MAP_FAILED) {
            munmap(rx, buf->size);
        }
        return false;
    }
    buf->rw = rw;
    buf->rx = rx;
    buf->dual = true;
    return true;
}

static bool map_single(TCGCodeBuffer *buf)
{
    void *p = mmap(NULL, buf->size, PROT_READ | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        return false;
    }
    buf->rw = buf->rx = p;
    buf->dual = false;
    return true;
}

void cg_buffer_begin_write(TCGCodeBuffer *buf)
{
    if (!buf->dual) {
        mprotect(buf->rw, buf->size, PROT_READ | PROT_WRITE);
    }
}

void cg_buffer_end_write(TCGCodeBuffer *buf)
{
    if (!buf->dual) {
        mprotect(buf->rw, buf->size, PROT_READ | PROT_EXEC);
    }
}

static const int saved_regs[] = {R_RBP, R_RBX, R_R12, R_R13, R_R14, R_R15};

/*
 * uintptr_t prologue(void *env, const void *code): save the callee-saved
 * registers, set up env and the frame, jump to code.  exit_tb comes back
 * to the epilogue with its value in rax.
 */
static void gen_prologue(TCGCodeBuffer *buf)
{
    CGOut o = {.buf = buf, .limit = buf->size};

    for (size_t i = 0; i < G_N_ELEMENTS(saved_regs); i++) {
        cg_push(&o, saved_regs[i]);
    }
    cg_mov_rr(&o, true, CG_AREG0, R_RDI);
    cg_modrm_rr(&o, 0x81 | P_REXW, ARITH_SUB, R_RSP);
    cg_emit32(&o, CG_FRAME_SIZE);
    cg_modrm_rr(&o, 0xff, 4, R_RSI); /* jmp *rsi */

    buf->epilogue_zero_offset = o.off;
    cg_movi(&o, false, R_RAX, 0);
    buf->epilogue_offset = o.off;
    cg_modrm_rr(&o, 0x81 | P_REXW, ARITH_ADD, R_RSP);
    cg_emit32(&o, CG_FRAME_SIZE);
    for (int i = G_N_ELEMENTS(saved_regs) - 1; i >= 0; i--) {
        cg_pop(&o, saved_regs[i]);
    }
    cg_emit8(&o, 0xc3);
    buf->prologue_size = (o.off + 63) & ~(size_t)63;
}

TCGCodeBuffer *tcg_code_buffer_new(size_t size, const TCGCodegenConfig *cfg)
{
    size_t page = sysconf(_SC_PAGESIZE);
    TCGCodeBuffer *buf = g_new0(TCGCodeBuffer, 1);

    buf->size = (size + page - 1) & ~(page - 1);
    if (buf->size < page) {
        buf->size = page;
    }
    if (cfg) {
        buf->cfg = *cfg;
    } else {
        buf->cfg.tlb_ptr_offset = -1;
    }
    if ((cg_force_mprotect || !map_dual(buf)) && !map_single(buf)) {
        g_free(buf);
        return NULL;
    }
    cg_buffer_begin_write(buf);
    gen_prologue(buf);
    cg_buffer_end_write(buf);
    buf->used = buf->prologue_size;
    return buf;
}

void tcg_code_buffer_free(TCGCodeBuffer *buf)
{
    if (!buf) {
        return;
    }
    if (buf->dual) {
        munmap(buf->rw, buf->size);
    }
    munmap(buf->rx, buf->size);
    g_free(buf);
}

void tcg_code_buffer_reset(TCGCodeBuffer *buf)
{
    buf->used = buf->prologue_size;
}

size_t tcg_code_buffer_used(const TCGCodeBuffer *buf)
{
    return buf->used;
}

size_t tcg_code_buffer_size(const TCGCodeBuffer *buf)
{
    return buf->size;
}

uintptr_t tcg_host_exec(TCGCodeBuffer *buf, void *env, const void *code)
{
    uintptr_t (*prologue)(void *, const void *) =
        (uintptr_t(*)(void *, const void *))(uintptr_t)buf->rx;
    return prologue(env, code);
}
