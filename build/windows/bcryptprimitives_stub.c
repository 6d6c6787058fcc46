/*
 * ProcessPrng for a Wine prefix only (build/windows/prepare_python.py).
 *
 * Qt6Pdf.dll (PDFium with Chromium's base library, PySide6 6.11) takes its random bytes from
 * ProcessPrng in bcryptprimitives.dll, which every Windows 10 has and Wine 8 does not: without it the
 * first QPdfDocument stops the process with a breakpoint (0x80000003). This one asks the system's
 * preferred random number generator through BCryptGenRandom, which Wine 8 implements. On real Windows
 * this file is never used: it goes into the Wine prefix's system32, never into the program.
 *
 *     x86_64-w64-mingw32-gcc -shared -O2 -o bcryptprimitives.dll bcryptprimitives_stub.c -lbcrypt
 */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
    while (size > 0) {
        ULONG chunk = size > 0x40000000 ? 0x40000000 : (ULONG)size;
        if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG)))
            return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}
