#include "roster_from_finding_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace payops {

RosterFromFindingDialog::RosterFromFindingDialog(const Finding &finding,
                                                 const QVector<BackupSource> &backups,
                                                 QWidget *parent)
    : QDialog(parent)
    , m_finding(finding)
    , m_backups(backups)
    , m_case(new QComboBox(this))
    , m_backup(new QComboBox(this))
    , m_incident(new QLineEdit(finding.title, this))
    , m_add(new QPushButton(tr("Add to the roster"), this))
    , m_message(new QLabel(tr("Reading the open cases…"), this))
{
    setWindowTitle(tr("Customers to contact: %1").arg(finding.title));
    setObjectName(QStringLiteral("rosterFromFindingDialog"));
    m_case->setObjectName(QStringLiteral("rosterCase"));
    m_backup->setObjectName(QStringLiteral("rosterBackup"));
    m_incident->setObjectName(QStringLiteral("rosterIncident"));
    m_add->setObjectName(QStringLiteral("rosterAdd"));
    m_message->setObjectName(QStringLiteral("rosterMessage"));
    m_message->setWordWrap(true);
    m_add->setEnabled(false);
    m_incident->setToolTip(tr("What the incident did to them, in words; the messages pick their "
                              "template by it (\"refund reversed\", \"paid twice\", ...)"));
    m_backup->addItem(tr("None: contact details from the live data only"));
    for (const BackupSource &b : backups)
        m_backup->addItem(
            b.takenAt.isValid()
                ? tr("%1 (taken %2 UTC)")
                      .arg(b.name, b.takenAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")))
                : b.name);
    // Accounts deleted since the backup have their details only there.
    m_backup->setCurrentIndex(backups.isEmpty() ? 0 : 1);
    m_backup->setToolTip(tr("Accounts the live data no longer holds (deleted ones) take their "
                            "name, e-mail and phone from this backup; the roster says so"));

    auto *form = new QFormLayout;
    form->addRow(tr("Case:"), m_case);
    form->addRow(tr("What happened to them:"), m_incident);
    form->addRow(tr("Deleted accounts' contacts from:"), m_backup);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_add, QDialogButtonBox::ActionRole);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Puts the %1 people this finding's rows name on a case's "
                                    "roster; people on it already stay as they are.")
                                     .arg(finding.userCount),
                                 this));
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    resize(560, 240);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_add, &QPushButton::clicked, this, [this] {
        const qint64 caseId = m_case->currentData().toLongLong();
        if (caseId <= 0)
            return;
        const int b = m_backup->currentIndex() - 1;
        m_add->setEnabled(false);
        m_message->setText(b >= 0 ? tr("Adding; opening backup %1 for the deleted accounts…")
                                        .arg(m_backups.at(b).name)
                                  : tr("Adding…"));
        emit addRequested(caseId, m_finding.rowsSql, m_incident->text().trimmed(),
                          b >= 0 ? std::optional<BackupSource>(m_backups.at(b)) : std::nullopt);
    });
}

void RosterFromFindingDialog::showChoices(const QVector<ops::CaseChoice> &choices)
{
    m_case->clear();
    // The cases that hold this finding first: its people belong there.
    for (const bool holding : {true, false})
        for (const ops::CaseChoice &c : choices)
            if (c.holdsFinding == holding && c.status != u"closed")
                m_case->addItem(holding
                                    ? tr("Case %1 · %2 (holds this finding)").arg(c.id).arg(c.title)
                                    : tr("Case %1 · %2").arg(c.id).arg(c.title),
                                c.id);
    if (m_case->count() == 0) {
        m_message->setText(tr("No case is open: open one from the finding first (Open case), "
                              "then add its people."));
        m_add->setEnabled(false);
        return;
    }
    m_message->clear();
    m_add->setEnabled(true);
}

void RosterFromFindingDialog::showAdded(qint64, const QString &summary)
{
    m_message->setText(summary);
    m_add->setEnabled(true);
}

void RosterFromFindingDialog::showFailure(const QString &message)
{
    m_message->setText(tr("Nobody was added: %1").arg(message));
    m_add->setEnabled(m_case->count() > 0);
}

} // namespace payops
