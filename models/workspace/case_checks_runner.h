#pragma once

#include "ops/case_checks.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

namespace payops::db {
class DbWorker;
}

namespace payops::workspace {

// A case's re-check list from the console, on the case-work worker:
// loading it, and ticking accounts off (correct, or wrong with what is
// wrong), each tick one call of payops.tick_case_check.
class CaseChecksRunner : public QObject
{
    Q_OBJECT
public:
    CaseChecksRunner(db::DbWorker *caseWork, QObject *parent = nullptr);

    void load(qint64 caseId);
    void tick(qint64 caseId, const QStringList &accounts, bool correct, const QString &note);

signals:
    void loaded(qint64 caseId, const QVector<payops::ops::CaseCheck> &checks);
    void ticked(qint64 caseId, int accounts, int waiting);
    void failed(qint64 caseId, const QString &message);

private:
    QPointer<db::DbWorker> m_caseWork;
};

} // namespace payops::workspace
