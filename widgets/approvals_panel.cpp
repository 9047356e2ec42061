#include "approvals_panel.h"

#include "items/query_table_model.h"
#include "ops/batch_review.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace payops {

namespace {
QString batches(int count)
{
    return count == 1 ? QObject::tr("1 batch") : QObject::tr("%1 batches").arg(formatCount(count));
}
} // namespace

ApprovalsPanel::ApprovalsPanel(QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableView(this))
    , m_status(new QLabel(this))
    , m_run(new QPushButton(tr("Run…"), this))
    , m_review(new QPushButton(tr("Review…"), this))
{
    m_table->setObjectName(QStringLiteral("approvalsTable"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    auto *refreshButton = new QPushButton(tr("Refresh"), this);
    QPushButton *reviewButton = m_review;
    reviewButton->setObjectName(QStringLiteral("reviewButton"));
    m_status->setObjectName(QStringLiteral("approvalsStatus"));
    m_status->setWordWrap(true);
    m_status->setStyleSheet(QStringLiteral("font-size: 11pt;"));
    connect(refreshButton, &QPushButton::clicked, this, &ApprovalsPanel::refresh);
    auto review = [this] {
        if (const qint64 id = selectedBatch(); id > 0)
            emit reviewRequested(id);
    };
    connect(reviewButton, &QPushButton::clicked, this, review);
    m_run->setObjectName(QStringLiteral("runButton"));
    connect(m_run, &QPushButton::clicked, this, [this] {
        if (const qint64 id = selectedBatch(); id > 0)
            emit runRequested(id);
    });
    connect(m_table, &QTableView::doubleClicked, this, review);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_status, 1);
    buttons->addWidget(refreshButton);
    buttons->addWidget(reviewButton);
    buttons->addWidget(m_run);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
}

void ApprovalsPanel::setQueueModel(QueryTableModel *model)
{
    m_model = model;
    m_table->setModel(model);
    if (!model) {
        updateReviewButton();
        return;
    }
    connect(model, &QueryTableModel::pageLoaded, this, [this](int rows) {
        const MoneyTotals waiting = moneyWaiting();
        m_status->setText(rows == 0 ? tr("Nothing waits for approval.")
                          : waiting.isEmpty()
                              ? tr("%1 waiting; they move no money.").arg(batches(rows))
                              : tr("%1 waiting · <b>%2</b> in them, per currency.")
                                    .arg(batches(rows), waiting.toDisplayString().toHtmlEscaped()));
        m_table->resizeColumnsToContents();
        if (rows > 0 && !m_table->currentIndex().isValid())
            m_table->selectRow(0);
        updateRunButton();
        updateReviewButton();
    });
    connect(model, &QueryTableModel::loadFailed, m_status, &QLabel::setText);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ApprovalsPanel::updateRunButton);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ApprovalsPanel::updateReviewButton);
    updateRunButton();
    updateReviewButton();
}

void ApprovalsPanel::updateReviewButton()
{
    const qint64 batch = selectedBatch();
    m_review->setEnabled(batch > 0);
    m_review->setToolTip(batch > 0 ? tr("See batch %1 in full before deciding").arg(batch)
                         : m_model && m_model->rowCount() == 0
                             ? tr("Nothing waits for a decision.")
                             : tr("Pick a batch in the list first."));
}

MoneyTotals ApprovalsPanel::moneyWaiting() const
{
    // The queue's totals column is "1050 EUR; 300 USD" per batch (minor units).
    MoneyTotals totals;
    if (!m_model)
        return totals;
    const int column = int(m_model->columnNames().indexOf(QStringLiteral("totals_minor")));
    if (column < 0)
        return totals;
    for (int row = 0; row < m_model->rowCount(); ++row)
        for (const QString &piece :
             m_model->rawValue(row, column).split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
            const QStringList words = piece.trimmed().split(QLatin1Char(' '));
            if (words.size() == 2)
                totals.add(words[1], Money::parseMinor(words[0], words[1]));
        }
    return totals;
}

QString ApprovalsPanel::statusText() const
{
    return m_status->text();
}

void ApprovalsPanel::setRunAllowed(bool allowed, const QString &why)
{
    m_runRefusal = allowed ? QString() : why;
    updateRunButton();
}

void ApprovalsPanel::updateRunButton()
{
    // The queue says of each batch what it waits for; only an approved or
    // executing one runs (the run itself says why another may not).
    QString why = m_runRefusal;
    if (why.isEmpty()) {
        if (selectedBatch() == 0)
            why = tr("Pick a batch first.");
        else if (const QString waiting = m_model->rawValue(m_table->currentIndex().row(), 1);
                 waiting != u"ready to execute" && waiting != u"executing")
            why = tr("Batch %1 is %2: it runs once approved.").arg(selectedBatch()).arg(waiting);
    }
    m_run->setEnabled(why.isEmpty());
    m_run->setToolTip(why.isEmpty() ? tr("Run the approved batch, or reconcile its open items")
                                    : why);
}

void ApprovalsPanel::refresh()
{
    if (m_model)
        m_model->setQuery(ops::approvalQueueSql());
}

qint64 ApprovalsPanel::selectedBatch() const
{
    if (!m_model || !m_table->currentIndex().isValid())
        return 0;
    return m_model->rawValue(m_table->currentIndex().row(), 0).toLongLong();
}

} // namespace payops
