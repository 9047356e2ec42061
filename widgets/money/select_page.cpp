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
    , m_origin(new QLabel(this))
    , m_shape(new QLabel(this))
    , m_sql(new QPlainTextEdit(this))
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
    auto *operations = new QButtonGroup(this);
    operations->addButton(m_refund);
    operations->addButton(m_reversal);
    m_origin->setObjectName(QStringLiteral("selectOrigin"));
    m_origin->setWordWrap(true);
    m_shape->setWordWrap(true);
    m_sql->setObjectName(QStringLiteral("rowsSql"));
    m_sql->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_sql->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_ledger->setObjectName(QStringLiteral("ledgerBox"));
    m_ledgerHint->setWordWrap(true);
    m_ledgerHint->setText(
        tr("The refunds table's columns the schema profile does not map need a value, one "
           "COLUMN=VALUE a line (the plan names any that are missing):"));
    m_ledgerValues->setObjectName(QStringLiteral("ledgerValues"));
    m_ledgerValues->setPlaceholderText(tr("reason=duplicate charge\nsource_app=payops"));
    m_ledgerValues->setMaximumHeight(80);
    m_ledgerValues->setEnabled(false);
    m_ledgerHint->setEnabled(false);

    connect(m_refund, &QRadioButton::toggled, this, &MoneySelectPage::operationChanged);
    connect(m_sql, &QPlainTextEdit::textChanged, this, &MoneySelectPage::completeChanged);
    connect(m_ledgerValues, &QPlainTextEdit::textChanged, this, &MoneySelectPage::completeChanged);
    connect(m_ledger, &QCheckBox::toggled, this, [this](bool on) {
        m_ledgerValues->setEnabled(on);
        m_ledgerHint->setEnabled(on);
        emit completeChanged();
    });

    auto *operationBox = new QGroupBox(tr("Operation"), this);
    auto *operationLayout = new QVBoxLayout(operationBox);
    operationLayout->addWidget(m_refund);
    operationLayout->addWidget(m_reversal);
    auto *sqlBox = new QGroupBox(tr("The rows (read-only SQL)"), this);
    auto *sqlLayout = new QVBoxLayout(sqlBox);
    sqlLayout->addWidget(m_origin);
    sqlLayout->addWidget(m_shape);
    sqlLayout->addWidget(m_sql, 1);
    auto *ledgerBox = new QGroupBox(tr("Where refunds are written"), this);
    auto *ledgerLayout = new QVBoxLayout(ledgerBox);
    ledgerLayout->addWidget(new QLabel(tr("By default each refund is asked of the payment "
                                          "provider that took the charge."),
                                       this));
    ledgerLayout->addWidget(m_ledger);
    ledgerLayout->addWidget(m_ledgerHint);
    ledgerLayout->addWidget(m_ledgerValues);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(operationBox);
    layout->addWidget(sqlBox, 1);
    layout->addWidget(ledgerBox);
}

void MoneySelectPage::initializePage()
{
    if (m_initialized)
        return; // coming back keeps what was chosen and typed
    m_initialized = true;
    const MoneyStart &start = m_wizard->start();
    // A finding says which operation it calls for; only a blank start may choose.
    m_refund->setEnabled(!start.finding);
    m_reversal->setEnabled(!start.finding);
    if (start.finding)
        m_origin->setText(
            start.operation == MoneyOperation::Refund
                ? tr("From the finding “%1”: the charges its rows lead to.")
                      .arg(start.finding->title)
                : tr("From the finding “%1”: the refunds its rows are.").arg(start.finding->title));
    else
        m_origin->setText(tr("Write the query that picks them; a finding's rows SQL (Show SQL "
                             "on a finding) can be pasted in."));
    m_template = start.rowsSql;
    m_sql->setPlainText(start.rowsSql);
    (start.operation == MoneyOperation::Refund ? m_refund : m_reversal)->setChecked(true);
    operationChanged();
}

void MoneySelectPage::operationChanged()
{
    const MoneyOperation operation =
        m_refund->isChecked() ? MoneyOperation::Refund : MoneyOperation::Reversal;
    // An unedited template follows the operation; typed SQL is kept.
    if (!m_wizard->start().finding &&
        (m_sql->toPlainText() == m_template || m_sql->toPlainText().isEmpty())) {
        m_template = workspace::moneyRowsTemplate(operation, m_wizard->runner()->schemaProfile());
        m_sql->setPlainText(m_template);
    }
    m_shape->setText(operation == MoneyOperation::Refund
                         ? tr("Its “charge” column names the charges; each is refunded for what "
                              "may still be refunded of it (its amount less the refunds "
                              "recorded).")
                         : tr("Its “refund” column names the refunds; each is reversed for its "
                              "whole amount."));
    m_ledger->setEnabled(operation == MoneyOperation::Refund);
    if (operation != MoneyOperation::Refund)
        m_ledger->setChecked(false);
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
    request.operation = m_refund->isChecked() ? MoneyOperation::Refund : MoneyOperation::Reversal;
    request.rowsSql = m_sql->toPlainText().trimmed();
    // The planner wraps the query as a subquery: a trailing semicolon would end it.
    while (request.rowsSql.endsWith(QLatin1Char(';')))
        request.rowsSql.chop(1);
    request.ledger = request.operation == MoneyOperation::Refund && m_ledger->isChecked();
    if (request.ledger)
        parseLedgerValues(&request.ledgerValues);
    return request;
}

bool MoneySelectPage::isComplete() const
{
    return !m_sql->toPlainText().trimmed().isEmpty() &&
           (!m_ledger->isChecked() || parseLedgerValues(nullptr));
}

bool MoneySelectPage::validatePage()
{
    m_wizard->setRequest(request());
    return true;
}

} // namespace payops
