#include "select_page.h"

#include "money_wizard.h"

#include "workspace/money_finding.h"
#include "workspace/money_plan_runner.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QFontDatabase>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QRadioButton>
#include <QVBoxLayout>

namespace payops {

using workspace::MoneyOperation;

MoneySelectPage::MoneySelectPage(MoneyWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_refund(new QRadioButton(tr("Refund charges (what may still be refunded of each)"), this))
    , m_reversal(new QRadioButton(tr("Reverse refunds (each for its whole amount)"), this))
    , m_clawback(new QRadioButton(
          tr("Claw back payouts made twice (what each investor's balance still holds)"), this))
    , m_origin(new QLabel(this))
    , m_shape(new QLabel(this))
    , m_sql(new QPlainTextEdit(this))
    , m_ledgerBox(new QGroupBox(tr("Where refunds are written"), this))
    , m_ledger(new QCheckBox(tr("Write the refunds into the billing database's own refunds "
                                "table (ledger) instead of asking the payment provider"),
                             this))
    , m_ledgerHint(new QLabel(this))
    , m_ledgerValues(new QPlainTextEdit(this))
{
    setTitle(tr("What to move money against"));
    setSubTitle(tr("The query below picks the charges to refund or the refunds to reverse. It "
                   "runs on a read-only connection; nothing is written until a second person "
                   "approves the batch this becomes."));
    m_refund->setObjectName(QStringLiteral("refundChoice"));
    m_reversal->setObjectName(QStringLiteral("reversalChoice"));
    m_clawback->setObjectName(QStringLiteral("clawbackChoice"));
    auto *operations = new QButtonGroup(this);
    operations->addButton(m_refund);
    operations->addButton(m_reversal);
    operations->addButton(m_clawback);
    m_origin->setObjectName(QStringLiteral("selectOrigin"));
    m_origin->setWordWrap(true);
    m_shape->setWordWrap(true);
    m_sql->setObjectName(QStringLiteral("rowsSql"));
    m_sql->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_sql->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_ledger->setObjectName(QStringLiteral("ledgerBox"));
    m_ledgerHint->setWordWrap(true);
    m_ledgerValues->setObjectName(QStringLiteral("ledgerValues"));
    m_ledgerValues->setPlaceholderText(tr("reason=duplicate charge\nsource_app=payops"));
    m_ledgerValues->setMaximumHeight(80);
    m_ledgerValues->setEnabled(false);
    m_ledgerHint->setEnabled(false);

    connect(m_refund, &QRadioButton::toggled, this, &MoneySelectPage::operationChanged);
    connect(m_reversal, &QRadioButton::toggled, this, &MoneySelectPage::operationChanged);
    connect(m_sql, &QPlainTextEdit::textChanged, this, &MoneySelectPage::completeChanged);
    connect(m_ledgerValues, &QPlainTextEdit::textChanged, this, &MoneySelectPage::completeChanged);
    connect(m_ledger, &QCheckBox::toggled, this, &MoneySelectPage::operationChanged);

    auto *operationBox = new QGroupBox(tr("Operation"), this);
    auto *operationLayout = new QVBoxLayout(operationBox);
    operationLayout->addWidget(m_refund);
    operationLayout->addWidget(m_reversal);
    operationLayout->addWidget(m_clawback);
    auto *sqlBox = new QGroupBox(tr("The rows (read-only SQL)"), this);
    auto *sqlLayout = new QVBoxLayout(sqlBox);
    sqlLayout->addWidget(m_origin);
    sqlLayout->addWidget(m_shape);
    sqlLayout->addWidget(m_sql, 1);
    auto *ledgerLayout = new QVBoxLayout(m_ledgerBox);
    m_ledgerDefault = new QLabel(this);
    m_ledgerDefault->setWordWrap(true);
    ledgerLayout->addWidget(m_ledgerDefault);
    ledgerLayout->addWidget(m_ledger);
    ledgerLayout->addWidget(m_ledgerHint);
    ledgerLayout->addWidget(m_ledgerValues);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(operationBox);
    layout->addWidget(sqlBox, 1);
    layout->addWidget(m_ledgerBox);
}

void MoneySelectPage::initializePage()
{
    if (m_initialized)
        return; // coming back keeps what was chosen and typed
    m_initialized = true;
    const MoneyStart &start = m_wizard->start();
    // A finding says which operation it calls for; only a blank start may choose.
    for (QRadioButton *choice : {m_refund, m_reversal, m_clawback})
        choice->setEnabled(!start.finding);
    if (start.finding)
        m_origin->setText(
            start.operation == MoneyOperation::Refund
                ? tr("From the finding “%1”: the charges its rows lead to.")
                      .arg(start.finding->title)
            : start.operation == MoneyOperation::Reversal
                ? tr("From the finding “%1”: the refunds its rows are.").arg(start.finding->title)
                : tr("From the finding “%1”: the payouts its rows are, each a duplicate of one "
                     "made before.")
                      .arg(start.finding->title));
    else
        m_origin->setText(tr("Write the query that picks them; a finding's rows SQL (Show SQL "
                             "on a finding) can be pasted in."));
    m_template = start.rowsSql;
    m_sql->setPlainText(start.rowsSql);
    (start.operation == MoneyOperation::Refund     ? m_refund
     : start.operation == MoneyOperation::Reversal ? m_reversal
                                                   : m_clawback)
        ->setChecked(true);
    operationChanged();
}

MoneyOperation MoneySelectPage::chosenOperation() const
{
    return m_refund->isChecked()     ? MoneyOperation::Refund
           : m_reversal->isChecked() ? MoneyOperation::Reversal
                                     : MoneyOperation::Clawback;
}

void MoneySelectPage::operationChanged()
{
    const MoneyOperation operation = chosenOperation();
    // An unedited template follows the operation; typed SQL is kept.
    if (!m_wizard->start().finding &&
        (m_sql->toPlainText() == m_template || m_sql->toPlainText().isEmpty())) {
        m_template = workspace::moneyRowsTemplate(operation, m_wizard->runner()->schemaProfile());
        m_sql->setPlainText(m_template);
    }
    m_shape->setText(
        operation == MoneyOperation::Refund
            ? tr("Its “charge” column names the charges; each is refunded for what may still "
                 "be refunded of it (its amount less the refunds recorded).")
        : operation == MoneyOperation::Reversal
            ? tr("Its “refund” column names the refunds; each is reversed for its whole "
                 "amount.")
            : tr("Its “payout” column names the duplicate payouts; of each, what the "
                 "investor's balance still holds is taken back (spent on their duplicates in "
                 "the order they were paid), and the rest is written off."));
    const bool clawback = operation == MoneyOperation::Clawback;
    m_ledger->setEnabled(operation == MoneyOperation::Refund);
    if (operation != MoneyOperation::Refund)
        m_ledger->setChecked(false);
    // A claw-back writes balance movements: their unmapped columns take values here too.
    m_ledgerBox->setTitle(clawback ? tr("Values for the balance movements")
                                   : tr("Where refunds are written"));
    m_ledgerDefault->setText(
        clawback ? tr("Each claw-back is written as an entry of the investor's balance "
                      "movements, through the payops apply functions.")
                 : tr("By default each refund is asked of the payment provider that took the "
                      "charge."));
    m_ledger->setVisible(!clawback);
    m_ledgerHint->setText(
        clawback ? tr("The balance movements' columns the schema profile does not map need a "
                      "value, one COLUMN=VALUE a line (the plan names any that are missing; "
                      "the demo needs none):")
                 : tr("The refunds table's columns the schema profile does not map need a "
                      "value, one COLUMN=VALUE a line (the plan names any that are missing):"));
    const bool values = clawback || m_ledger->isChecked();
    m_ledgerValues->setEnabled(values);
    m_ledgerHint->setEnabled(values);
    emit completeChanged();
}

bool MoneySelectPage::parseLedgerValues(QMap<QString, QString> *values) const
{
    for (const QString &line :
         m_ledgerValues->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty())
            continue;
        const qsizetype equals = trimmed.indexOf(QLatin1Char('='));
        if (equals <= 0)
            return false;
        if (values)
            values->insert(trimmed.left(equals).trimmed(), trimmed.mid(equals + 1));
    }
    return true;
}

workspace::MoneyRequest MoneySelectPage::request() const
{
    workspace::MoneyRequest request;
    request.operation = chosenOperation();
    request.rowsSql = m_sql->toPlainText().trimmed();
    // The planner wraps the query as a subquery: a trailing semicolon would end it.
    while (request.rowsSql.endsWith(QLatin1Char(';')))
        request.rowsSql.chop(1);
    request.ledger = request.operation == MoneyOperation::Refund && m_ledger->isChecked();
    if (request.ledger || request.operation == MoneyOperation::Clawback)
        parseLedgerValues(&request.ledgerValues);
    return request;
}

bool MoneySelectPage::isComplete() const
{
    return !m_sql->toPlainText().trimmed().isEmpty() &&
           (!m_ledgerValues->isEnabled() || parseLedgerValues(nullptr));
}

int MoneySelectPage::nextId() const
{
    // A claw-back's plan is read per investor, on a page of its own.
    return chosenOperation() == MoneyOperation::Clawback ? MoneyWizard::ClawbackPlan
                                                         : MoneyWizard::Plan;
}

bool MoneySelectPage::validatePage()
{
    m_wizard->setRequest(request());
    return true;
}

} // namespace payops
