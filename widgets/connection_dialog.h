#pragma once

#include "core/connection_profile.h"

#include <QDialog>
#include <QHash>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace payops {

class BackupListEditor;
class ProfileStore;

// Pick a saved connection profile or write a new one. Saves profiles through
// ProfileStore (QSettings); the password field is only handed back to the
// caller, who stores it in the keychain when asked to. A backup typed with
// its password is saved without it; the password is handed back apart.
class ConnectionDialog : public QDialog
{
    Q_OBJECT
public:
    ConnectionDialog(ProfileStore &store, QWidget *parent = nullptr);

    ConnectionProfile profile() const;
    QString password() const;
    bool rememberPassword() const;
    // Secret-store key -> password of every backup whose location was typed
    // with one (BackupSource::secretKey): the caller stores them, since the
    // saved location no longer holds them.
    QHash<QString, QString> backupPasswords() const;

private:
    void loadProfile(const QString &name);
    void acceptIfValid();

    ProfileStore &m_store;
    QComboBox *m_profiles;
    QLineEdit *m_name;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_database;
    QLineEdit *m_user;
    QComboBox *m_sslMode;
    QLineEdit *m_primary; // the primary's location when the hosts are standbys only
    QSpinBox *m_maxLag;   // minutes a standby may be behind before scans are refused
    QComboBox *m_environment;
    BackupListEditor *m_backups;
    QLineEdit *m_schemaProfile;
    QLineEdit *m_password;
    QCheckBox *m_remember;
    QLabel *m_error;
};

} // namespace payops
