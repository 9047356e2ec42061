#pragma once

#include "core/backup_source.h"

#include <QHash>
#include <QWidget>

class QTableWidget;
class QTableWidgetItem;

namespace payops {

// Edits a connection profile's named backups: one line each with its
// name, where it is (a postgresql:// URI or a pg_dump archive's path) and,
// when known, when it was taken. A location typed with its password
// (user:password@ or ?password=) is split at once: the line shows it
// without, and the password is handed back apart, for the keychain.
class BackupListEditor : public QWidget
{
    Q_OBJECT
public:
    explicit BackupListEditor(QWidget *parent = nullptr);

    void setBackups(const QVector<BackupSource> &backups);
    // The backups as typed, their locations without password; an empty
    // line is skipped. A taken-at time that does not read as a time is a
    // problem, named in `problem`. `passwords`: backup name -> the password
    // typed in its location.
    QVector<BackupSource> backups(QString *problem = nullptr,
                                  QHash<QString, QString> *passwords = nullptr) const;
    QTableWidget *table() const { return m_table; }

private:
    void takePassword(QTableWidgetItem *location);

    QTableWidget *m_table;
};

} // namespace payops
