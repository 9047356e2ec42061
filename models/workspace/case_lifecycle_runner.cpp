#include "workspace/case_lifecycle_runner.h"

#include "core/user_error.h"
#include "db/db_worker.h"
#include "db/session.h"
#include "ops/cases.h"
#include "report/dossier.h"
#include "report/dossier_pdf.h"

#include <QStringList>

namespace payops::workspace {

namespace {

// The payops schema's own sentence out of a refusal ("payops: case 3 may
// not close yet: ..."), without the connection's and libpq's wrapping; the
// whole message when it is not one of the schema's.
QString databaseWords(const QString &message)
{
    const qsizetype start = message.indexOf(QStringLiteral("payops: "));
    if (start < 0)
        return message;
    QString words = message.mid(start + 8);
    const qsizetype end = words.indexOf(QStringLiteral(" SQLSTATE"));
    if (end >= 0)
        words.truncate(end);
    words = words.trimmed();
    if (!words.isEmpty())
        words[0] = words[0].toUpper();
    if (!words.endsWith(u'.'))
        words += u'.';
    return words;
}

} // namespace

CaseLifecycleRunner::CaseLifecycleRunner(db::DbWorker *caseWork, QObject *parent)
    : QObject(parent)
    , m_caseWork(caseWork)
{
}

void CaseLifecycleRunner::moveCase(qint64 caseId, const QString &to, const QString &reason,
                                   bool override)
{
    if (!m_caseWork)
        return; // the connection closed
    m_caseWork->call(
        this, tr("move the case"),
        [caseId, to, reason, override](db::Session &session, const db::JobProgress &) {
            return QVariant(ops::moveCase(session, caseId, to, reason, override));
        },
        [this, caseId](const QVariant &state) { emit moved(caseId, state.toString()); },
        [this, caseId](const QString &message, bool) {
            emit moveRefused(caseId, databaseWords(message));
        });
}

void CaseLifecycleRunner::writeDossier(qint64 caseId, const QString &folder)
{
    if (!m_caseWork)
        return;
    m_caseWork->call(
        this, tr("write the dossier"),
        [caseId, folder](db::Session &session, const db::JobProgress &) {
            return QVariant(
                report::writeDossierFiles(report::loadDossier(session, caseId), folder));
        },
        [this, caseId](const QVariant &paths) {
            const QStringList p = paths.toStringList();
            emit dossierWritten(caseId, p.value(0), p.value(1));
        },
        [this, caseId](const QString &message, bool) { emit dossierFailed(caseId, message); });
}

} // namespace payops::workspace
