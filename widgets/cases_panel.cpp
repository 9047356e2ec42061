#include "cases_panel.h"

#include "items/query_table_model.h"
#include "ops/cases.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace payops {

CasesPanel::CasesPanel(QWidget *parent)
    : QWidget(parent)
    , m_casesTable(new QTableView(this))
    , m_timelineTable(new QTableView(this))
    , m_note(new QLineEdit(this))
    , m_chain(new QLabel(this))
    , m_restore(new QPushButton(tr("Restore…"), this))
{
    m_casesTable->setObjectName(QStringLiteral("casesTable"));
    m_timelineTable->setObjectName(QStringLiteral("timelineTable"));
    for (QTableView *table : {m_casesTable, m_timelineTable}) {
        table->setSelectionBehavior(QAbstractItemView::SelectRows);
        table->setSelectionMode(QAbstractItemView::SingleSelection);
        table->verticalHeader()->hide();
        table->horizontalHeader()->setStretchLastSection(true);
    }
    m_note->setObjectName(QStringLiteral("caseNote"));
    m_note->setPlaceholderText(tr("Add a note to the selected case…"));
    m_chain->setObjectName(QStringLiteral("auditChainStatus"));
    m_chain->setWordWrap(true);
    auto *addNote = new QPushButton(tr("Add note"), this);
    connect(addNote, &QPushButton::clicked, this, [this] {
        if (selectedCase() > 0 && !m_note->text().trimmed().isEmpty()) {
            emit noteRequested(selectedCase(), m_note->text().trimmed());
            m_note->clear();
        }
    });
    connect(m_note, &QLineEdit::returnPressed, addNote, &QPushButton::click);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_casesTable);
    splitter->addWidget(m_timelineTable);
    auto *noteRow = new QHBoxLayout;
    noteRow->addWidget(m_note, 1);
    noteRow->addWidget(addNote);
    noteRow->addWidget(m_restore);
    m_restore->setObjectName(QStringLiteral("caseRestoreButton"));
    setRestoreAllowed(false, tr("Connect first."));
    connect(m_restore, &QPushButton::clicked, this, [this] {
        if (selectedCase() > 0)
            emit restoreRequested(selectedCase());
    });
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter, 1);
    layout->addLayout(noteRow);
    layout->addWidget(m_chain);
}

void CasesPanel::setModels(QueryTableModel *cases, QueryTableModel *timeline)
{
    m_cases = cases;
    m_timeline = timeline;
    m_casesTable->setModel(cases);
    m_timelineTable->setModel(timeline);
    if (!cases || !timeline)
        return;
    connect(m_casesTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &CasesPanel::showTimeline);
    connect(cases, &QueryTableModel::pageLoaded, this, [this] {
        m_casesTable->resizeColumnsToContents();
        for (int r = 0; r < m_cases->rowCount(); ++r)
            if (m_pendingSelection == 0 ||
                m_cases->rawValue(r, 0).toLongLong() == m_pendingSelection) {
                m_casesTable->selectRow(r);
                break;
            }
        m_pendingSelection = 0;
    });
    connect(timeline, &QueryTableModel::pageLoaded, m_timelineTable,
            &QTableView::resizeColumnsToContents);
}

void CasesPanel::refresh(qint64 selectCase)
{
    m_pendingSelection = selectCase;
    if (m_cases)
        m_cases->setQuery(ops::casesSql());
}

void CasesPanel::showTimeline()
{
    if (m_timeline && selectedCase() > 0)
        m_timeline->setQuery(ops::caseTimelineSql(selectedCase()));
}

qint64 CasesPanel::selectedCase() const
{
    if (!m_cases || !m_casesTable->currentIndex().isValid())
        return 0;
    return m_cases->rawValue(m_casesTable->currentIndex().row(), 0).toLongLong();
}

void CasesPanel::setChainStatus(const QString &text, bool intact)
{
    m_chain->setText(text);
    m_chain->setStyleSheet(intact ? QStringLiteral("color: #1b5e20;")
                                  : QStringLiteral("color: #8e0000; font-weight: bold;"));
}

void CasesPanel::setRestoreAllowed(bool allowed, const QString &why)
{
    m_restore->setEnabled(allowed);
    m_restore->setToolTip(allowed ? tr("Resume the selected case's restore at its current step, "
                                       "or start one in it")
                                  : why);
}

} // namespace payops
