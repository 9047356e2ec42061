#include "verify_page.h"

#include "restore_wizard.h"

#include "workspace/restore_plan_runner.h"

#include <QLabel>
#include <QListWidget>
#include <QVBoxLayout>

namespace payops {

VerifyPage::VerifyPage(RestoreWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_verdict(new QLabel(this))
    , m_differing(new QListWidget(this))
    , m_recorded(new QLabel(this))
{
    setTitle(tr("Verify"));
    setSubTitle(tr("Exactly the rows the restore wrote, compared again with the backup."));
    m_verdict->setObjectName(QStringLiteral("verifyVerdict"));
    m_verdict->setWordWrap(true);
    m_recorded->setObjectName(QStringLiteral("verifyRecorded"));
    m_recorded->setWordWrap(true);
    m_differing->setObjectName(QStringLiteral("verifyDiffering"));
    connect(m_wizard->runner(), &workspace::RestorePlanRunner::verified, this,
            [this](qint64 batchId, const restore::VerifyReport &report) {
                if (batchId != m_wizard->batchId())
                    return;
                m_report = report;
                m_verdict->setText(report.summary());
                m_verdict->setStyleSheet(
                    report.holds()
                        ? QStringLiteral("color: #1b5e20; font-weight: bold; font-size: 14pt;")
                        : QStringLiteral("color: #8e0000; font-weight: bold; font-size: 14pt;"));
                m_differing->clear();
                m_differing->addItems(report.differing);
                m_differing->setVisible(!report.differing.isEmpty());
                m_recorded->setText(
                    tr("Writing the outcome to case %1's timeline…").arg(m_wizard->caseId()));
            });
    connect(m_wizard->runner(), &workspace::RestorePlanRunner::verificationRecorded, this,
            [this](qint64 caseId) {
                m_done = true;
                m_recorded->setText(tr("Written to case %1's timeline.").arg(caseId));
                emit m_wizard->verificationRecorded(caseId);
                emit completeChanged();
                emit verifiedShown(m_report.holds());
            });
    connect(m_wizard->runner(), &workspace::RestorePlanRunner::failed, this,
            [this](const QString &step, const QString &message) {
                if (m_wizard->currentPage() != this)
                    return;
                m_recorded->setText(tr("Could not %1: %2").arg(step, message));
                m_recorded->setStyleSheet(QStringLiteral("color: #8e0000;"));
            });
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_verdict);
    layout->addWidget(m_differing, 1);
    layout->addWidget(m_recorded);
    layout->addStretch(1);
}

void VerifyPage::initializePage()
{
    m_done = false;
    m_differing->setVisible(false);
    m_verdict->setStyleSheet(QString());
    m_verdict->setText(tr("Comparing the rows batch %1 wrote with %2…")
                           .arg(m_wizard->batchId())
                           .arg(m_wizard->backup().name));
    m_recorded->clear();
    m_wizard->runner()->verify(m_wizard->batchId(), m_wizard->caseId(), m_wizard->backup());
}

bool VerifyPage::isComplete() const
{
    return m_done;
}

} // namespace payops
