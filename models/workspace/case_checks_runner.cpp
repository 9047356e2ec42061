#include "workspace/case_checks_runner.h"

#include "db/db_worker.h"
#include "db/session.h"

namespace payops::workspace {

CaseChecksRunner::CaseChecksRunner(db::DbWorker *caseWork, QObject *parent)
    : QObject(parent)
    , m_caseWork(caseWork)
{
    qRegisterMetaType<QVector<ops::CaseCheck>>();
}

void CaseChecksRunner::load(qint64 caseId)
{
    if (!m_caseWork)
        return; // the connection closed
    m_caseWork->call(
        this, tr("load the re-check list"),
        [caseId](db::Session &session, const db::JobProgress &) {
            return QVariant::fromValue(ops::caseChecks(session, caseId));
        },
        [this, caseId](const QVariant &checks) {
            emit loaded(caseId, checks.value<QVector<ops::CaseCheck>>());
        },
        [this, caseId](const QString &message, bool) { emit failed(caseId, message); });
}

void CaseChecksRunner::tick(qint64 caseId, const QStringList &accounts, bool correct,
                            const QString &note)
{
    if (!m_caseWork || accounts.isEmpty())
        return;
    m_caseWork->call(
        this, tr("tick the re-check list"),
        [caseId, accounts, correct, note](db::Session &session, const db::JobProgress &) {
            // One statement: a selection is ticked off whole or not at all.
            return QVariant(ops::tickCaseChecks(session, caseId, accounts, correct, note));
        },
        [this, caseId, count = int(accounts.size())](const QVariant &waiting) {
            emit ticked(caseId, count, waiting.toInt());
        },
        [this, caseId](const QString &message, bool) { emit failed(caseId, message); });
}

} // namespace payops::workspace
