#include "case_checks_panel.h"

#include "core/money.h"
#include "outreach/database_reason.h"
#include "workspace/case_checks_runner.h"
#include "workspace/workspace.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace payops {

namespace {

QString outcomeWords(const ops::CaseCheck &check)
{
    if (check.waiting())
        return QObject::tr("To check");
    return check.outcome == u"correct" ? QObject::tr("Correct") : QObject::tr("Wrong");
}

} // namespace

CaseChecksPanel::CaseChecksPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new QStandardItemModel(this))
    , m_table(new QTableView(this))
    , m_counts(new QLabel(this))
    , m_note(new QLineEdit(this))
    , m_correct(new QPushButton(tr("Correct"), this))
    , m_wrong(new QPushButton(tr("Wrong"), this))
    , m_message(new QLabel(this))
{
    m_table->setObjectName(QStringLiteral("caseChecksTable"));
    m_counts->setObjectName(QStringLiteral("caseChecksCounts"));
    m_note->setObjectName(QStringLiteral("caseCheckNote"));
    m_correct->setObjectName(QStringLiteral("caseCheckCorrect"));
    m_wrong->setObjectName(QStringLiteral("caseCheckWrong"));
    m_message->setObjectName(QStringLiteral("caseChecksMessage"));
    m_model->setHorizontalHeaderLabels(
        {tr("Account"), tr("Billing state"), tr("Note"), tr("Checked by"), tr("When")});
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_counts->setWordWrap(true);
    m_note->setPlaceholderText(tr("What you looked at, or what is wrong (needed for Wrong)"));
    m_message->setWordWrap(true);
    m_message->setVisible(false);

    connect(m_correct, &QPushButton::clicked, this, [this] { tick(true); });
    connect(m_wrong, &QPushButton::clicked, this, [this] { tick(false); });
    connect(m_note, &QLineEdit::textChanged, this, &CaseChecksPanel::updateButtons);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &CaseChecksPanel::updateButtons);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_note, 1);
    buttons->addWidget(m_correct);
    buttons->addWidget(m_wrong);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_counts);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_message);
    showChecks(0, {});
}

void CaseChecksPanel::attach(workspace::Workspace *workspace)
{
    detach();
    if (!workspace)
        return;
    m_runner = workspace->createCaseChecks(this);
    connect(m_runner, &workspace::CaseChecksRunner::loaded, this, &CaseChecksPanel::showChecks);
    connect(m_runner, &workspace::CaseChecksRunner::ticked, this,
            [this](qint64 caseId, int accounts, int waiting) {
                showMessage(tr("%1 ticked off; %2 of the list still to check.")
                                .arg(accounts == 1 ? tr("1 account")
                                                   : tr("%1 accounts").arg(formatCount(accounts)))
                                .arg(formatCount(waiting)),
                            false);
                m_note->clear();
                emit ticked(caseId);
                if (m_runner)
                    m_runner->load(caseId);
            });
    connect(m_runner, &workspace::CaseChecksRunner::failed, this,
            [this](qint64, const QString &message) {
                // The note stays as typed: nothing was recorded.
                showMessage(databaseReason(message), true);
                m_message->setToolTip(message);
            });
}

void CaseChecksPanel::detach()
{
    delete m_runner;
    m_runner = nullptr;
    m_role.clear();
    m_caseId = 0;
    showChecks(0, {});
}

void CaseChecksPanel::setConsoleRole(const QString &role)
{
    m_role = role;
    updateButtons();
}

void CaseChecksPanel::showCase(qint64 caseId)
{
    m_caseId = caseId;
    m_message->setVisible(false);
    if (m_runner && caseId > 0)
        m_runner->load(caseId);
    else
        showChecks(caseId, {});
}

void CaseChecksPanel::showChecks(qint64 caseId, const QVector<ops::CaseCheck> &checks)
{
    if (caseId != m_caseId)
        return; // an answer for a case no longer shown
    m_model->removeRows(0, m_model->rowCount());
    int waiting = 0, wrong = 0;
    for (const ops::CaseCheck &check : checks) {
        waiting += check.waiting() ? 1 : 0;
        wrong += check.outcome == u"wrong" ? 1 : 0;
        QList<QStandardItem *> row{
            new QStandardItem(check.account), new QStandardItem(outcomeWords(check)),
            new QStandardItem(check.note), new QStandardItem(check.checkedBy),
            new QStandardItem(check.checkedAt)};
        row[0]->setToolTip(check.question);
        if (check.outcome == u"wrong")
            row[1]->setForeground(QColor(0xb0, 0x20, 0x20));
        m_model->appendRow(row);
    }
    if (caseId <= 0)
        m_counts->setText(tr("Select a case in the Cases tab to see its re-check list."));
    else if (checks.isEmpty())
        m_counts->setText(tr("Case %1 has no accounts to re-check. A refund plan puts every "
                             "refunded account here, to look at again once the money is back.")
                              .arg(caseId));
    else
        m_counts->setText(
            tr("Case %1: %2 to look at again; %3 to check, %4 correct, %5 wrong.\nThe question: "
               "%6")
                .arg(caseId)
                .arg(checks.size() == 1 ? tr("1 account")
                                        : tr("%1 accounts").arg(formatCount(checks.size())),
                     formatCount(waiting), formatCount(checks.size() - waiting - wrong),
                     formatCount(wrong), checks.first().question));
    m_table->resizeColumnsToContents();
    updateButtons();
}

QStringList CaseChecksPanel::selectedAccounts() const
{
    QStringList accounts;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows(0))
        accounts << index.data().toString();
    return accounts;
}

void CaseChecksPanel::tick(bool correct)
{
    if (!m_runner || m_caseId <= 0)
        return;
    m_runner->tick(m_caseId, selectedAccounts(), correct, m_note->text());
}

void CaseChecksPanel::updateButtons()
{
    const bool mayTick = m_role == u"operator";
    const bool selected = !m_table->selectionModel()->selectedRows().isEmpty();
    QString why;
    if (!mayTick)
        why = tr("Only an operator (payops_operator) ticks the re-check list; you are signed in "
                 "as %1.")
                  .arg(m_role.isEmpty() ? tr("someone without a payops role") : m_role);
    else if (!selected)
        why = tr("Select the accounts you looked at first.");
    m_correct->setEnabled(why.isEmpty());
    m_correct->setToolTip(why.isEmpty() ? tr("The selected accounts' billing state is correct now.")
                                        : why);
    const bool noted = !m_note->text().trimmed().isEmpty();
    const QString whyNotWrong =
        !why.isEmpty() ? why : (noted ? QString() : tr("Write in the note what is wrong first."));
    m_wrong->setEnabled(whyNotWrong.isEmpty());
    m_wrong->setToolTip(whyNotWrong.isEmpty()
                            ? tr("The selected accounts are not right yet: the note says what is "
                                 "wrong (the case cannot close until they are checked again).")
                            : whyNotWrong);
    m_note->setEnabled(mayTick);
}

void CaseChecksPanel::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #b02020;") : QString());
    m_message->setToolTip(QString());
    m_message->setVisible(true);
}

} // namespace payops
