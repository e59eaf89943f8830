// mimalloc set up before it starts: asked for 2 MiB pages.
//
// Large SBOMs and scans build hundreds of megabytes of small objects, and on
// virtual machines a first touch of each 4 KiB page costs more than the
// parsing. Debian's kernels give huge pages only to memory that asks
// (transparent_hugepage=madvise), and mimalloc asks only when the option is
// on as it initialises, which happens in its own library's constructor,
// before main() or any constructor of ours: set from main(), the option did
// nothing (a one-shot scan took 8,749 page faults with it, 729 with it on
// from the start). A function in the executable's .preinit_array runs
// before any shared library's constructor, and setting an option allocates
// nothing.
#include <mimalloc.h>

namespace {

void large_pages() { mi_option_set_enabled(mi_option_large_os_pages, true); }

[[gnu::section(".preinit_array"), gnu::used]] void (*const kLargePages)() = large_pages;

}  // namespace

// operator new over mimalloc, throwing std::bad_alloc when memory runs out.
// The library's own operator new aborts without a word in that case (it
// looks for a new_handler and finds none), and a refused input must end in
// a message and exit 2, never an abort (cli/main.cpp catches it). Defined
// in the executable, these come before the library's.
#include <cstddef>
#include <new>

namespace {

[[noreturn]] void out_of_memory() { throw std::bad_alloc(); }

void* allocate(std::size_t n) {
  if (void* p = mi_malloc(n)) return p;
  out_of_memory();
}

void* allocate(std::size_t n, std::align_val_t a) {
  if (void* p = mi_malloc_aligned(n, static_cast<std::size_t>(a))) return p;
  out_of_memory();
}

}  // namespace

void* operator new(std::size_t n) { return allocate(n); }
void* operator new[](std::size_t n) { return allocate(n); }
void* operator new(std::size_t n, std::align_val_t a) { return allocate(n, a); }
void* operator new[](std::size_t n, std::align_val_t a) { return allocate(n, a); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return mi_malloc(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return mi_malloc(n); }
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return mi_malloc_aligned(n, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return mi_malloc_aligned(n, static_cast<std::size_t>(a));
}
void operator delete(void* p) noexcept { mi_free(p); }
void operator delete[](void* p) noexcept { mi_free(p); }
void operator delete(void* p, std::size_t) noexcept { mi_free(p); }
void operator delete[](void* p, std::size_t) noexcept { mi_free(p); }
void operator delete(void* p, std::align_val_t) noexcept { mi_free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { mi_free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { mi_free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { mi_free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { mi_free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { mi_free(p); }
