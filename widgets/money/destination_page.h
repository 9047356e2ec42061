#pragma once

#include "workspace/money_groups.h"
#include "workspace/money_request.h"

#include <QWizardPage>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace payops {

class MoneyWizard;
class QueryTableModel;
class RowsTableModel;

// Step 3: where the money goes, before anything is drafted. For a refund
// asked of a provider or a reversal handed to an acquirer, the
// destinations a database owner registered on this database that fit
// (payops allow-money --destination: an HTTP one for the provider, a file
// one for the acquirer), each with its name, address, environment and how
// it takes money, for the operator to pick one; none registered says what
// is missing and who registers it, and Next waits. A reversal whose
// refunds several acquirers paid out may become one batch per acquirer,
// each with the destination picked for it. Ledger refunds and claw-backs
// go to no destination outside the database. Then the environment the
// batches are bound to (ops::batchEnvironment, in the environment
// banner's colours), the database, the money and the people, and the case
// they are drafted into with the description the approver reads. Next
// drafts them and puts the plan's people on the case's roster.
class MoneyDestinationPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit MoneyDestinationPage(MoneyWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

    QLabel *destination() const { return m_destination; }
    // The registered destinations that fit, as the operator reads them:
    // name, where it goes, environment, how it takes money.
    RowsTableModel *destinations() const { return m_destinations; }
    QTableView *destinationsView() const { return m_destinationsView; }
    // What is missing when no registered destination fits, and what to do.
    QLabel *missingDestination() const { return m_missing; }
    QPushButton *rereadButton() const { return m_reread; }
    // One batch per acquirer (shown when the refunds went through several).
    QCheckBox *splitBox() const { return m_split; }
    // Per acquirer group, in the plan's group order: where its batch goes.
    const QVector<QComboBox *> &groupChoices() const { return m_groupChoices; }
    const QVector<workspace::ProviderGroup> &groups() const { return m_groups; }
    QLabel *environment() const { return m_environment; }
    QLabel *money() const { return m_money; }
    // Shown when a reversal's refunds were paid out by several acquirers
    // and they are kept in one batch.
    QLabel *severalAcquirers() const { return m_acquirers; }
    QLabel *status() const { return m_status; }
    QComboBox *caseChoice() const { return m_case; }
    QLineEdit *newCaseTitle() const { return m_newCase; }
    QPlainTextEdit *description() const { return m_description; }
    // The batches Next would draft (a claw-back: none, it drafts its own two).
    QVector<workspace::MoneyDraft> drafts() const;

signals:
    void destinationShown();

private:
    void showBinding(const workspace::MoneyBinding &binding);
    void showGroups();
    void showSplit();
    void showChoice();
    void fillCases();
    QString describe() const;
    bool destinationsChosen() const;
    // The one destination picked for a batch of the whole plan; -1 for none.
    int pickedDestination() const;

    MoneyWizard *m_wizard;
    bool m_known = false;
    bool m_drafting = false;
    bool m_several = false; // a reversal whose refunds several acquirers paid out
    QString m_adapter;      // what the plan's money needs: http, file, or nothing
    QVector<exec::MoneyDestination> m_fitting;
    QVector<workspace::ProviderGroup> m_groups;
    QString m_described; // the description as last written here; edited, it is kept
    QLabel *m_destination;
    RowsTableModel *m_destinations;
    QTableView *m_destinationsView;
    QLabel *m_missing;
    QPushButton *m_reread;
    QCheckBox *m_split;
    QWidget *m_groupsBox;
    QFormLayout *m_groupsForm;
    QVector<QComboBox *> m_groupChoices;
    QLabel *m_environment;
    QLabel *m_money;
    QLabel *m_acquirers;
    QLabel *m_status;
    QComboBox *m_case;
    QLineEdit *m_newCase;
    QLabel *m_descriptionLabel;
    QPlainTextEdit *m_description;
    QueryTableModel *m_cases;
};

} // namespace payops
