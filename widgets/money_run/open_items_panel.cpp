#include "open_items_panel.h"

#include "open_items_model.h"

#include "core/money.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace payops {

namespace {

QTableView *itemsTable(OpenItemsModel *model, const QString &name, QWidget *parent)
{
    auto *table = new QTableView(parent);
    table->setObjectName(name);
    table->setModel(model);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setMinimumHeight(110);
    return table;
}

// A button is usable when no reason says otherwise; the first reason is
// its tooltip.
void allow(QPushButton *button, const QStringList &reasons, const QString &whatItDoes)
{
    QString why;
    for (const QString &reason : reasons)
        if (!reason.isEmpty()) {
            why = reason;
            break;
        }
    button->setEnabled(why.isEmpty());
    button->setToolTip(why.isEmpty() ? whatItDoes : why);
}

} // namespace

OpenItemsPanel::OpenItemsPanel(QWidget *parent)
    : QWidget(parent)
    , m_unknown(new OpenItemsModel(OpenItemsModel::Kind::Sent, this))
    , m_absent(new OpenItemsModel(OpenItemsModel::Kind::Sent, this))
    , m_held(new OpenItemsModel(OpenItemsModel::Kind::Held, this))
    , m_unknownBox(new QGroupBox(this))
    , m_absentBox(new QGroupBox(this))
    , m_heldBox(new QGroupBox(this))
    , m_unknownTable(itemsTable(m_unknown, QStringLiteral("unknownItems"), this))
    , m_absentTable(itemsTable(m_absent, QStringLiteral("absentItems"), this))
    , m_heldTable(itemsTable(m_held, QStringLiteral("heldItems"), this))
    , m_reconcile(new QPushButton(tr("Reconcile"), this))
    , m_sendAgain(new QPushButton(tr("Send again under the same key"), this))
    , m_markFailed(new QPushButton(tr("Mark failed"), this))
    , m_giveUp(new QPushButton(tr("Give up this item"), this))
    , m_absentReason(new QLineEdit(this))
    , m_heldReason(new QLineEdit(this))
    , m_message(new QLabel(this))
{
    m_reconcile->setObjectName(QStringLiteral("reconcileButton"));
    m_sendAgain->setObjectName(QStringLiteral("sendAgainButton"));
    m_markFailed->setObjectName(QStringLiteral("markFailedButton"));
    m_giveUp->setObjectName(QStringLiteral("giveUpButton"));
    m_absentReason->setObjectName(QStringLiteral("absentReason"));
    m_heldReason->setObjectName(QStringLiteral("heldReason"));
    m_absentReason->setPlaceholderText(tr("Why (required; it goes into the audit log)"));
    m_heldReason->setPlaceholderText(tr("Why it will not be recovered (required)"));
    m_message->setObjectName(QStringLiteral("openItemsMessage"));
    m_message->setWordWrap(true);

    auto *unknownText = new QLabel(
        tr("The provider took these, or may have: a timeout, a lost answer or a crash left "
           "them without a definitive answer. Reconcile asks the provider what it holds under "
           "each key; none is ever sent again blindly."),
        this);
    unknownText->setWordWrap(true);
    auto *unknownLayout = new QVBoxLayout(m_unknownBox);
    unknownLayout->addWidget(unknownText);
    unknownLayout->addWidget(m_unknownTable);
    auto *reconcileRow = new QHBoxLayout;
    reconcileRow->addStretch(1);
    reconcileRow->addWidget(m_reconcile);
    unknownLayout->addLayout(reconcileRow);

    auto *absentText = new QLabel(
        tr("The provider has nothing under these keys, after its window for late arrivals. "
           "Send again under the same key (a late arrival is still booked once) or mark failed; "
           "either is recorded with your reason."),
        this);
    absentText->setWordWrap(true);
    auto *absentLayout = new QVBoxLayout(m_absentBox);
    absentLayout->addWidget(absentText);
    absentLayout->addWidget(m_absentTable);
    auto *absentRow = new QHBoxLayout;
    absentRow->addWidget(m_absentReason, 1);
    absentRow->addWidget(m_sendAgain);
    absentRow->addWidget(m_markFailed);
    absentLayout->addLayout(absentRow);

    auto *heldText = new QLabel(tr("Claw-back items wait until support records that their "
                                   "person agreed; a run takes those who agreed since. Finance "
                                   "may give one up (it is then not recovered)."),
                                this);
    heldText->setWordWrap(true);
    auto *heldLayout = new QVBoxLayout(m_heldBox);
    heldLayout->addWidget(heldText);
    heldLayout->addWidget(m_heldTable);
    auto *heldRow = new QHBoxLayout;
    heldRow->addWidget(m_heldReason, 1);
    heldRow->addWidget(m_giveUp);
    heldLayout->addLayout(heldRow);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_unknownBox);
    layout->addWidget(m_absentBox);
    layout->addWidget(m_heldBox);
    layout->addWidget(m_message);
    for (QGroupBox *box : {m_unknownBox, m_absentBox, m_heldBox})
        box->setVisible(false);

    connect(m_reconcile, &QPushButton::clicked, this, &OpenItemsPanel::reconcileRequested);
    auto decide = [this](bool sendAgain) {
        if (const int item = selectedItem(m_absentTable, m_absent); item > 0)
            emit decisionRequested(item, sendAgain, m_absentReason->text().trimmed());
    };
    connect(m_sendAgain, &QPushButton::clicked, this, [decide] { decide(true); });
    connect(m_markFailed, &QPushButton::clicked, this, [decide] { decide(false); });
    connect(m_giveUp, &QPushButton::clicked, this, [this] {
        if (const int item = selectedItem(m_heldTable, m_held); item > 0)
            emit giveUpRequested(item, m_heldReason->text().trimmed());
    });
    connect(m_absentReason, &QLineEdit::textChanged, this, &OpenItemsPanel::updateButtons);
    connect(m_heldReason, &QLineEdit::textChanged, this, &OpenItemsPanel::updateButtons);
    for (QTableView *table : {m_absentTable, m_heldTable})
        connect(table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
                &OpenItemsPanel::updateButtons);
    updateButtons();
}

void OpenItemsPanel::showItems(const workspace::OpenMoneyItems &items)
{
    m_unknown->setItems(items.unknown);
    m_absent->setItems(items.absent);
    m_held->setItems(items.held);
    m_unknownBox->setTitle(
        tr("Sent, outcome not known yet: %1").arg(formatCount(items.unknown.size())));
    m_absentBox->setTitle(
        tr("Nothing at the provider under their key: %1").arg(formatCount(items.absent.size())));
    m_heldBox->setTitle(
        tr("Held until their person agrees: %1").arg(formatCount(items.held.size())));
    m_unknownBox->setVisible(!items.unknown.isEmpty());
    m_absentBox->setVisible(!items.absent.isEmpty());
    m_heldBox->setVisible(!items.held.isEmpty());
    for (QTableView *table : {m_unknownTable, m_absentTable, m_heldTable})
        table->resizeColumnsToContents();
    updateButtons();
}

void OpenItemsPanel::setAllowed(const QString &runRefusal, const QString &giveUpRefusal,
                                const QString &busy)
{
    m_runRefusal = runRefusal;
    m_giveUpRefusal = giveUpRefusal;
    m_busy = busy;
    updateButtons();
}

void OpenItemsPanel::setExecuting(bool executing)
{
    m_executing = executing;
    updateButtons();
}

void OpenItemsPanel::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #8e0000;") : QString());
}

int OpenItemsPanel::selectedItem(QTableView *table, OpenItemsModel *model) const
{
    const QModelIndexList rows = table->selectionModel()->selectedRows();
    return rows.isEmpty() ? 0 : model->itemNoAt(rows.first().row());
}

void OpenItemsPanel::updateButtons()
{
    const QString notExecuting =
        m_executing ? QString() : tr("Only the items of a batch that is executing are decided.");
    allow(m_reconcile,
          {m_runRefusal, m_busy, notExecuting,
           m_unknown->rowCount() == 0 ? tr("Nothing waits for an answer.") : QString()},
          tr("Look these items up at the provider by their keys (never sends them again)"));
    const QString pickAbsent = selectedItem(m_absentTable, m_absent) == 0
                                   ? tr("Pick an item in the list first.")
                                   : QString();
    const QString sayWhy = m_absentReason->text().trimmed().isEmpty()
                               ? tr("Say why first: the reason is recorded with the decision.")
                               : QString();
    allow(m_sendAgain, {m_runRefusal, m_busy, notExecuting, pickAbsent, sayWhy},
          tr("Send it on the next run under the same key: a late arrival is still booked once"));
    allow(m_markFailed, {m_runRefusal, m_busy, notExecuting, pickAbsent, sayWhy},
          tr("End it as failed: the provider never took it"));
    allow(
        m_giveUp,
        {m_giveUpRefusal, m_busy, notExecuting,
         selectedItem(m_heldTable, m_held) == 0 ? tr("Pick an item in the list first.") : QString(),
         m_heldReason->text().trimmed().isEmpty()
             ? tr("Say why first: the reason is recorded with the decision.")
             : QString()},
        tr("It will not be clawed back; a write-off batch may record it"));
}

} // namespace payops
