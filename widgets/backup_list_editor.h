#pragma once

#include "core/backup_source.h"

#include <QWidget>

class QTableWidget;

namespace payops {

// Edits a connection profile's named backups: one line each with its
// name, where it is (a postgresql:// URI or a pg_dump archive's path) and,
// when known, when it was taken.
class BackupListEditor : public QWidget
{
    Q_OBJECT
public:
    explicit BackupListEditor(QWidget *parent = nullptr);

    void setBackups(const QVector<BackupSource> &backups);
    // The backups as typed; an empty line is skipped. A taken-at time that
    // does not read as a time is a problem, named in `problem`.
    QVector<BackupSource> backups(QString *problem = nullptr) const;
    QTableWidget *table() const { return m_table; }

private:
    QTableWidget *m_table;
};

} // namespace payops
