#pragma once

#include <QString>

// The keychain from the command line: the console's SecretStore, waited for
// with a deadline (a keychain may be locked; the CLI never hangs on it).
// Throws payops::UserError with the keychain's own words when it fails.
QString readFromKeychain(const QString &key);
void writeToKeychain(const QString &key, const QString &secret);
// The secret, or an empty string when the keychain holds none or there is
// no keychain (a timer's session may have none); *problem then says why
// when it was not a plain "not there".
QString readFromKeychainIfThere(const QString &key, QString *problem);
