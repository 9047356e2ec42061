#pragma once

#include <QObject>
#include <QPointer>

namespace payops::db {
class DbWorker;
}

namespace payops::workspace {

// A case's lifecycle from the console, on the case-work worker: moving it
// to another state (payops.move_case, which refuses closing over work
// still open unless overridden, and says what is open), and writing its
// dossier (PDF and Markdown) into a folder.
class CaseLifecycleRunner : public QObject
{
    Q_OBJECT
public:
    CaseLifecycleRunner(db::DbWorker *caseWork, QObject *parent = nullptr);

    void moveCase(qint64 caseId, const QString &to, const QString &reason, bool override);
    void writeDossier(qint64 caseId, const QString &folder);

signals:
    void moved(qint64 caseId, const QString &state);
    // The database's words: "case 3 may not close yet: batch 5 ...".
    void moveRefused(qint64 caseId, const QString &message);
    void dossierWritten(qint64 caseId, const QString &pdf, const QString &markdown);
    void dossierFailed(qint64 caseId, const QString &message);

private:
    QPointer<db::DbWorker> m_caseWork;
};

} // namespace payops::workspace
