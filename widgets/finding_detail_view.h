#pragma once

#include "core/finding.h"
#include "schema/schema_profile.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace payops {

class AnomalyChartView;
class QueryTableModel;

// One finding in full: what, how much per currency, the explanation, the
// chart of a stream anomaly, the affected rows or users in a lazily loaded
// table with filter and sorting, and the buttons to see the SQL and export
// what is shown. A finding that is a money incident (charges on closed
// accounts, refunds from a non-production source, users paid twice)
// offers the money batch that repairs it.
class FindingDetailView : public QWidget
{
    Q_OBJECT
public:
    explicit FindingDetailView(QWidget *parent = nullptr);

    // The model that loads rows; owned elsewhere (it goes with the connection).
    void setRowsModel(QueryTableModel *model);
    void showFinding(const Finding &finding);
    // Whether the view shows this finding now (a second show would only
    // reload the same rows).
    bool isShowing(const Finding &finding) const;
    void showQuery(const QString &title, const QString &sql);
    // hint: what to do to see a finding here (empty: connect and scan).
    void clear(const QString &hint = {});

    QTableView *table() const { return m_table; }
    QLineEdit *filterEdit() const { return m_filter; }
    // "1,204 rows of 2026-04-18 11:00-12:00 UTC": what the table lists.
    QString rowsStatusText() const;
    QString currentSql() const { return m_rowsSql; }
    AnomalyChartView *chart() const { return m_chart; }
    QPushButton *usersButton() const { return m_showUsers; }
    QPushButton *rowsButton() const { return m_showRows; }
    QPushButton *restoreButton() const { return m_restore; }
    QPushButton *moneyButton() const { return m_money; }
    QPushButton *openCaseButton() const { return m_openCase; }
    QPushButton *customersButton() const { return m_customers; }
    // Whether the signed-in person may build a restore; `why` says why not.
    void setRestoreAllowed(bool allowed, const QString &why);
    // Whether they may open a case or attach to one (operators), and put
    // people on a case's roster (operators and support); `why` says why not.
    void setCaseAllowed(bool allowed, const QString &why);
    void setCustomersAllowed(bool allowed, const QString &why);
    // The same for money batches (refunds, reversals, claw-backs).
    void setMoneyAllowed(bool allowed, const QString &why);
    // How the database maps onto the console's concepts: which findings
    // are money incidents depends on it (workspace::moneyFromFinding).
    void setSchemaProfile(const schema::SchemaProfile &profile);

signals:
    void showSqlRequested(const QString &title, const QString &sql);
    // The rows as the table shows them (filter and sort kept), and a file
    // name that says what they are.
    void exportRequested(const QString &sql, const QString &suggestedName);
    void openCaseRequested(const payops::Finding &finding);
    // The people its rows name, to a case's roster for support.
    void customersRequested(const payops::Finding &finding);
    void restoreRequested(const payops::Finding &finding);
    void moneyRequested(const payops::Finding &finding);

private:
    void loadRows(const QString &sql);
    void updateMoneyButton();

    QLabel *m_title;
    QLabel *m_summary;
    QLabel *m_explanation;
    AnomalyChartView *m_chart;
    QPushButton *m_showRows;
    QPushButton *m_showUsers;
    QLineEdit *m_filter;
    QLabel *m_rowsStatus;
    QString m_rowsScope; // the chart's bucket the table lists, empty for all rows
    QTableView *m_table;
    QPushButton *m_showSql;
    QPushButton *m_export;
    QPushButton *m_openCase;
    QPushButton *m_customers;
    QPushButton *m_restore;
    QPushButton *m_money;
    bool m_restoreAllowed = false;
    bool m_caseAllowed = true;
    bool m_customersAllowed = true;
    bool m_moneyAllowed = false;
    QString m_moneyRefusal;
    schema::SchemaProfile m_schemaProfile = schema::SchemaProfile::demo();
    Finding m_finding;
    QueryTableModel *m_model = nullptr;
    QString m_rowsSql;
    QString m_summarySql;
};

} // namespace payops
