#pragma once

#include <QString>

// The keychain from the command line: the console's SecretStore, waited for
// with a deadline (a keychain may be locked; the CLI never hangs on it).
// Throws payops::UserError with the keychain's own words when it fails.
QString readFromKeychain(const QString &key);
void writeToKeychain(const QString &key, const QString &secret);
