#pragma once

#include <atomic>

// Ctrl-C and SIGTERM stop long commands cleanly: the first one sets a flag
// that restores and comparisons check (a restore kills pg_restore and drops
// its sandbox, a comparison cancels its statements), the second one ends
// the process at once.
void cancelOnInterrupt();
const std::atomic_bool *interruptFlag();
bool wasInterrupted();
