#include "cli/interrupt.h"

#include <csignal>
#include <signal.h>

namespace {

std::atomic_bool g_interrupted{false};
static_assert(std::atomic_bool::is_always_lock_free, "set from a signal handler");

extern "C" void onInterrupt(int signal)
{
    if (g_interrupted.exchange(true)) {
        std::signal(signal, SIG_DFL);
        std::raise(signal);
    }
}

} // namespace

void cancelOnInterrupt()
{
    struct sigaction action = {};
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

const std::atomic_bool *interruptFlag()
{
    return &g_interrupted;
}

bool wasInterrupted()
{
    return g_interrupted.load();
}
