#pragma once

#include "outreach/outreach_export.h"
#include "outreach/person_record.h"
#include "outreach/roster.h"
#include "outreach/roster_cases.h"

#include <QObject>
#include <QPointer>

namespace payops::db {
class DbWorker;
}

namespace payops::workspace {

// What the Customers panel asks of the database: the cases with a roster,
// one case's roster, one person's page, support's records and the exports.
// Reads and exports run on the browsing worker (the activity bar follows
// them); records on the case-work worker, whose writes the role's grants
// limit to the payops functions (record_outreach needs payops_support).
// An answer to a roster or a person nobody waits for any more (another was
// asked since) is dropped.
class OutreachRunner : public QObject
{
    Q_OBJECT
public:
    OutreachRunner(db::DbWorker *browseWorker, db::DbWorker *caseWorker, QObject *parent = nullptr);

    void loadCases();
    void loadRoster(qint64 caseId);
    void loadPerson(qint64 caseId, const QString &account);
    // The updates in order, each its own payops.record_outreach.
    void record(qint64 caseId, const QStringList &accounts,
                const QVector<payops::outreach::OutreachUpdate> &updates);
    // Writes the export of these people (all of the roster when empty).
    void exportTo(qint64 caseId, const QStringList &accounts, payops::outreach::ExportFormat format,
                  const QString &directory);

signals:
    // mayRecord: whether the signed-in person holds payops_support.
    void casesLoaded(const QVector<payops::outreach::RosterCase> &cases, bool mayRecord);
    void rosterLoaded(qint64 caseId, const QVector<payops::outreach::RosterPerson> &people);
    void personLoaded(const payops::outreach::PersonRecord &record);
    // what: "the cases with a roster", "the roster", "the person's page".
    void loadFailed(const QString &what, const QString &message);
    void recorded(qint64 caseId, const QStringList &accounts, int changed);
    // The database's own reason: nothing was recorded.
    void recordFailed(const QString &message);
    void exported(const payops::outreach::ExportResult &result, const QString &summary);
    void exportFailed(const QString &message);

private:
    QPointer<db::DbWorker> m_browse;
    QPointer<db::DbWorker> m_caseWork;
    quint64 m_rosterAsked = 0;
    quint64 m_personAsked = 0;
};

} // namespace payops::workspace
