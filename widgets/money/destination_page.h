#pragma once

#include "workspace/money_request.h"

#include <QWizardPage>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace payops {

class MoneyWizard;
class QueryTableModel;

// Step 3: where the money goes, before anything is drafted: the
// destination (the payment provider over HTTP, the acquirer's files, or
// the billing database's own ledger), the environment the batch is bound
// to (ops::batchEnvironment, in the environment banner's colours), the
// database, the money and the accounts, and the case it is drafted into
// with the description the approver reads. Next drafts the batch.
class MoneyDestinationPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit MoneyDestinationPage(MoneyWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

    QLabel *destination() const { return m_destination; }
    QLabel *environment() const { return m_environment; }
    QLabel *money() const { return m_money; }
    // Shown when a reversal's refunds were paid out by several acquirers.
    QLabel *severalAcquirers() const { return m_acquirers; }
    QLabel *status() const { return m_status; }
    QComboBox *caseChoice() const { return m_case; }
    QLineEdit *newCaseTitle() const { return m_newCase; }
    QPlainTextEdit *description() const { return m_description; }

signals:
    void destinationShown();

private:
    void showDestination(const workspace::MoneyDestination &destination);
    void fillCases();
    QString describe() const;

    MoneyWizard *m_wizard;
    bool m_known = false;
    bool m_drafting = false;
    QLabel *m_destination;
    QLabel *m_environment;
    QLabel *m_money;
    QLabel *m_acquirers;
    QLabel *m_status;
    QComboBox *m_case;
    QLineEdit *m_newCase;
    QPlainTextEdit *m_description;
    QueryTableModel *m_cases;
};

} // namespace payops
