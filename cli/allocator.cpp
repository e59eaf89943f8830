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
