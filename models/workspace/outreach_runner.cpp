#include "workspace/outreach_runner.h"

#include "db/db_worker.h"
#include "outreach/export_source.h"

namespace payops::workspace {

OutreachRunner::OutreachRunner(db::DbWorker *browseWorker, db::DbWorker *caseWorker,
                               QObject *parent)
    : QObject(parent)
    , m_browse(browseWorker)
    , m_caseWork(caseWorker)
{
}

void OutreachRunner::loadCases()
{
    if (!m_browse)
        return;
    m_browse->call(
        this, tr("cases with a roster"),
        [](db::Session &session, const db::JobProgress &) {
            return QVariant(QVariantList{QVariant::fromValue(outreach::rosterCases(session)),
                                         outreach::mayRecordOutreach(session)});
        },
        [this](const QVariant &answer) {
            const QVariantList parts = answer.toList();
            emit casesLoaded(parts.value(0).value<QVector<outreach::RosterCase>>(),
                             parts.value(1).toBool());
        },
        [this](const QString &message, bool) {
            emit loadFailed(tr("the cases with a roster"), message);
        });
}

void OutreachRunner::loadRoster(qint64 caseId)
{
    if (!m_browse)
        return;
    const quint64 asked = ++m_rosterAsked;
    m_browse->call(
        this, tr("roster of case %1").arg(caseId),
        [caseId](db::Session &session, const db::JobProgress &) {
            return QVariant::fromValue(outreach::roster(session, caseId));
        },
        [this, asked, caseId](const QVariant &people) {
            if (asked == m_rosterAsked)
                emit rosterLoaded(caseId, people.value<QVector<outreach::RosterPerson>>());
        },
        [this, asked](const QString &message, bool) {
            if (asked == m_rosterAsked)
                emit loadFailed(tr("the roster"), message);
        });
}

void OutreachRunner::loadPerson(qint64 caseId, const QString &account)
{
    if (!m_browse)
        return;
    const quint64 asked = ++m_personAsked;
    m_browse->call(
        this, tr("history of account %1").arg(account),
        [caseId, account](db::Session &session, const db::JobProgress &) {
            return QVariant::fromValue(outreach::personRecord(session, caseId, account));
        },
        [this, asked](const QVariant &record) {
            if (asked == m_personAsked)
                emit personLoaded(record.value<outreach::PersonRecord>());
        },
        [this, asked](const QString &message, bool) {
            if (asked == m_personAsked)
                emit loadFailed(tr("the person's page"), message);
        });
}

void OutreachRunner::record(qint64 caseId, const QStringList &accounts,
                            const QVector<outreach::OutreachUpdate> &updates)
{
    if (!m_caseWork)
        return;
    m_caseWork->call(
        this, tr("record outreach"),
        [caseId, accounts, updates](db::Session &session, const db::JobProgress &) {
            int changed = 0;
            for (const outreach::OutreachUpdate &update : updates)
                changed = outreach::recordOutreach(session, caseId, accounts, update);
            return QVariant(changed);
        },
        [this, caseId, accounts](const QVariant &changed) {
            emit recorded(caseId, accounts, changed.toInt());
        },
        [this](const QString &message, bool) { emit recordFailed(message); });
}

void OutreachRunner::exportTo(qint64 caseId, const QStringList &accounts,
                              outreach::ExportFormat format, const QString &directory)
{
    if (!m_browse)
        return;
    m_browse->call(
        this, tr("outreach export"),
        [caseId, accounts, format, directory](db::Session &session, const db::JobProgress &) {
            const outreach::ExportSource source =
                outreach::loadExportSource(session, caseId, QString(), accounts);
            outreach::ExportOptions options;
            options.format = format;
            options.directory = directory;
            return QVariant::fromValue(outreach::writeExport(source.info, source.people, options));
        },
        [this, caseId](const QVariant &answer) {
            const auto result = answer.value<outreach::ExportResult>();
            emit exported(result, result.summary(caseId));
        },
        [this](const QString &message, bool) { emit exportFailed(message); });
}

} // namespace payops::workspace
