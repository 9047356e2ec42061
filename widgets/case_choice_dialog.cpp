#include "case_choice_dialog.h"

#include <QFont>

#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace payops {

namespace {

constexpr int kCaseRole = Qt::UserRole;      // the case's id; 0 for a new case
constexpr int kHoldsRole = Qt::UserRole + 1; // whether it holds the finding

QString stateWords(const QString &status)
{
    return status == u"open" ? QStringLiteral("open") : status;
}

} // namespace

CaseChoiceDialog::CaseChoiceDialog(const Finding &finding, QWidget *parent)
    : QDialog(parent)
    , m_finding(finding)
    , m_summary(new QLabel(tr("Reading the open cases…"), this))
    , m_list(new QListWidget(this))
    , m_choose(new QPushButton(tr("Open a new case"), this))
{
    setWindowTitle(tr("Open case: %1").arg(finding.title));
    setObjectName(QStringLiteral("caseChoiceDialog"));
    m_summary->setWordWrap(true);
    m_summary->setObjectName(QStringLiteral("caseChoiceSummary"));
    m_list->setObjectName(QStringLiteral("caseChoiceList"));
    m_choose->setObjectName(QStringLiteral("caseChoiceButton"));
    m_choose->setEnabled(false);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(m_choose, QDialogButtonBox::AcceptRole);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_list, 1);
    layout->addWidget(buttons);
    resize(560, 360);

    connect(m_list, &QListWidget::currentRowChanged, this, [this] { updateButton(); });
    connect(m_list, &QListWidget::itemDoubleClicked, m_choose, &QPushButton::click);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_choose, &QPushButton::clicked, this, [this] {
        const QListWidgetItem *item = m_list->currentItem();
        if (!item)
            return;
        const qint64 caseId = item->data(kCaseRole).toLongLong();
        if (caseId == 0)
            emit newCaseChosen(m_finding);
        else if (item->data(kHoldsRole).toBool())
            emit showChosen(caseId);
        else
            emit attachChosen(caseId, m_finding);
        accept();
    });
}

void CaseChoiceDialog::showChoices(const QVector<ops::CaseChoice> &choices)
{
    m_choices = choices;
    m_list->clear();
    auto *fresh = new QListWidgetItem(tr("A new case: \"%1\"").arg(m_finding.title), m_list);
    fresh->setData(kCaseRole, 0);
    fresh->setData(kHoldsRole, false);
    QStringList holding;
    int firstHolding = -1;
    for (const ops::CaseChoice &c : choices) {
        QString text = tr("Case %1 · %2 · %3").arg(c.id).arg(c.title, stateWords(c.status));
        auto *item = new QListWidgetItem(m_list);
        item->setData(kCaseRole, c.id);
        item->setData(kHoldsRole, c.holdsFinding);
        if (c.holdsFinding) {
            text += tr("  ✔ holds this finding (attached by %1, %2 UTC)")
                        .arg(c.attachedBy,
                             c.attachedAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
            QFont bold = item->font();
            bold.setBold(true);
            item->setFont(bold);
            holding << QString::number(c.id);
            if (firstHolding < 0)
                firstHolding = m_list->count() - 1;
        }
        item->setText(text);
    }
    m_summary->setText(
        holding.isEmpty()
            ? tr("Findings of one incident belong in one case: attach this one to a case already "
                 "open for it, or open a new case.")
            : tr("This finding is already in case %1: choose it to see its timeline. Attaching it "
                 "again would add nothing; a new case is for another incident.")
                  .arg(holding.join(QStringLiteral(", "))));
    m_list->setCurrentRow(firstHolding >= 0 ? firstHolding : 0);
    updateButton();
}

void CaseChoiceDialog::showFailure(const QString &message)
{
    // Still offer a new case: the cases could not be read, the finding can.
    m_summary->setText(tr("Could not read the open cases: %1").arg(message));
    showChoices({});
    m_summary->setText(tr("Could not read the open cases: %1").arg(message));
}

int CaseChoiceDialog::rowOfCase(qint64 caseId) const
{
    for (int r = 0; r < m_list->count(); ++r)
        if (m_list->item(r)->data(kCaseRole).toLongLong() == caseId)
            return r;
    return -1;
}

void CaseChoiceDialog::updateButton()
{
    const QListWidgetItem *item = m_list->currentItem();
    m_choose->setEnabled(item != nullptr);
    if (!item)
        return;
    const qint64 caseId = item->data(kCaseRole).toLongLong();
    bool held = false; // by a case listed: a new one would be its second
    for (const ops::CaseChoice &c : m_choices)
        held = held || c.holdsFinding;
    if (caseId == 0)
        m_choose->setText(held ? tr("Open a second case for it") : tr("Open a new case"));
    else if (item->data(kHoldsRole).toBool())
        m_choose->setText(tr("Show case %1").arg(caseId));
    else
        m_choose->setText(tr("Attach to case %1").arg(caseId));
}

} // namespace payops
