#pragma once

class QThread;

namespace payops::db {

// Rule: no database call on the GUI thread. The console registers its GUI
// thread at start-up; every Session call checks it and aborts the program
// (in every build type) if the rule is broken, so tests catch it at once.
void forbidDatabaseCallsOn(QThread *thread);
void checkDatabaseCallAllowed(const char *operation);

} // namespace payops::db
