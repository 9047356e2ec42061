#pragma once

#include "workspace/money_request.h"

#include <QWizardPage>

class QCheckBox;
class QGroupBox;
class QLabel;
class QPlainTextEdit;
class QRadioButton;

namespace payops {

class MoneyWizard;

// Step 1: what to move money against. The operation (refund charges,
// reverse refunds, claw back payouts), the read-only query whose "charge",
// "refund" or "payout" column names them (prefilled from the finding,
// editable), for refunds whether they are written into the billing
// database's own refunds table instead of asked of the payment provider,
// and the values of the columns the profile does not map of the table a
// ledger refund or a claw-back writes. Builds the request.
class MoneySelectPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit MoneySelectPage(MoneyWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

    workspace::MoneyRequest request() const;
    QPlainTextEdit *sqlEdit() const { return m_sql; }
    QCheckBox *ledgerBox() const { return m_ledger; }
    QPlainTextEdit *ledgerValuesEdit() const { return m_ledgerValues; }
    QRadioButton *refundChoice() const { return m_refund; }
    QRadioButton *reversalChoice() const { return m_reversal; }
    QRadioButton *clawbackChoice() const { return m_clawback; }
    int nextId() const override;

private:
    void operationChanged();
    workspace::MoneyOperation chosenOperation() const;
    // COLUMN=VALUE lines; false when a line is not of that shape.
    bool parseLedgerValues(QMap<QString, QString> *values) const;

    MoneyWizard *m_wizard;
    bool m_initialized = false;
    QString m_template; // the SQL shown unedited, replaced when the operation changes
    QRadioButton *m_refund;
    QRadioButton *m_reversal;
    QRadioButton *m_clawback;
    QLabel *m_origin;
    QLabel *m_shape;
    QPlainTextEdit *m_sql;
    QGroupBox *m_ledgerBox;
    QCheckBox *m_ledger;
    QLabel *m_ledgerDefault = nullptr;
    QLabel *m_ledgerHint;
    QPlainTextEdit *m_ledgerValues;
};

} // namespace payops
