#include "cases_panel.h"

#include "items/query_table_model.h"
#include "ops/cases.h"

#include <QCheckBox>
#include <QComboBox>
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
    , m_addNote(new QPushButton(tr("Add note"), this))
    , m_chain(new QLabel(this))
    , m_restore(new QPushButton(tr("Restore…"), this))
    , m_moveTo(new QComboBox(this))
    , m_moveReason(new QLineEdit(this))
    , m_override(new QCheckBox(tr("Close even though work is still open"), this))
    , m_move(new QPushButton(tr("Move case"), this))
    , m_dossier(new QPushButton(tr("Dossier…"), this))
    , m_caseMessage(new QLabel(this))
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
    m_addNote->setObjectName(QStringLiteral("addNoteButton"));
    connect(m_addNote, &QPushButton::clicked, this, [this] {
        if (selectedCase() > 0 && !m_note->text().trimmed().isEmpty())
            emit noteRequested(selectedCase(), m_note->text().trimmed());
    });
    connect(m_note, &QLineEdit::returnPressed, m_addNote, &QPushButton::click);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_casesTable);
    splitter->addWidget(m_timelineTable);
    auto *noteRow = new QHBoxLayout;
    noteRow->addWidget(m_note, 1);
    noteRow->addWidget(m_addNote);
    noteRow->addWidget(m_restore);
    m_restore->setObjectName(QStringLiteral("caseRestoreButton"));
    setRestoreAllowed(false, tr("Connect first."));
    connect(m_restore, &QPushButton::clicked, this, [this] {
        if (selectedCase() > 0)
            emit restoreRequested(selectedCase());
    });
    // The lifecycle: open, mitigating, monitoring, resolved, closed.
    for (const auto &[words, state] :
         {std::pair{tr("Mitigating"), "mitigating"}, std::pair{tr("Monitoring"), "monitoring"},
          std::pair{tr("Resolved"), "resolved"}, std::pair{tr("Closed"), "closed"}})
        m_moveTo->addItem(words, QLatin1String(state));
    m_moveTo->setObjectName(QStringLiteral("caseMoveTarget"));
    m_moveReason->setObjectName(QStringLiteral("caseMoveReason"));
    m_moveReason->setPlaceholderText(tr("Why (recorded in the timeline)…"));
    m_override->setObjectName(QStringLiteral("caseMoveOverride"));
    m_move->setObjectName(QStringLiteral("caseMoveButton"));
    m_dossier->setObjectName(QStringLiteral("caseDossierButton"));
    m_dossier->setToolTip(tr("Write the selected case's dossier (PDF and Markdown) into a folder"));
    m_caseMessage->setObjectName(QStringLiteral("caseMessage"));
    m_caseMessage->setWordWrap(true);
    m_caseMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(m_move, &QPushButton::clicked, this, [this] {
        if (selectedCase() <= 0)
            return;
        if (m_moveReason->text().trimmed().isEmpty()) {
            showCaseMessage(tr("Say why the case moves: the reason is recorded with it."), true);
            return;
        }
        emit moveRequested(
            selectedCase(), m_moveTo->currentData().toString(), m_moveReason->text().trimmed(),
            m_override->isChecked() && m_moveTo->currentData().toString() == u"closed");
    });
    connect(m_dossier, &QPushButton::clicked, this, [this] {
        if (selectedCase() > 0)
            emit dossierRequested(selectedCase());
    });
    // Two rows: the reason needs the width of the pane.
    auto *moveRow = new QHBoxLayout;
    moveRow->addWidget(new QLabel(tr("Move to"), this));
    moveRow->addWidget(m_moveTo);
    moveRow->addWidget(m_moveReason, 1);
    auto *moveButtons = new QHBoxLayout;
    moveButtons->addWidget(m_override, 1);
    moveButtons->addWidget(m_move);
    moveButtons->addWidget(m_dossier);
    setCaseMovesAllowed(false, tr("Connect first."));

    // An empty list says why, and who fills it.
    m_noCases = new QLabel(tr("No cases yet on this database. An on-call engineer opens one "
                              "from a finding or an incident (Open case…); its timeline, "
                              "notes and the people to contact then appear here."),
                           this);
    m_noCases->setObjectName(QStringLiteral("noCasesHint"));
    m_noCases->setWordWrap(true);
    m_noCases->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_noCases);
    layout->addWidget(splitter, 1);
    layout->addLayout(noteRow);
    layout->addLayout(moveRow);
    layout->addLayout(moveButtons);
    layout->addWidget(m_caseMessage);
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
        m_noCases->setVisible(m_cases->rowCount() == 0);
        m_casesTable->resizeColumnsToContents();
        for (int r = 0; r < m_cases->rowCount(); ++r)
            if (m_pendingSelection == 0 ||
                m_cases->rawValue(r, 0).toLongLong() == m_pendingSelection) {
                m_casesTable->selectRow(r);
                break;
            }
        m_pendingSelection = 0;
    });
    connect(timeline, &QueryTableModel::pageLoaded, m_timelineTable, [this] {
        // The last column names each event for scripts (batch.submit); the
        // words before it are what a person reads.
        const int action = int(m_timeline->columnNames().indexOf(QStringLiteral("action")));
        if (action >= 0)
            m_timelineTable->setColumnHidden(action, true);
        m_timelineTable->resizeColumnsToContents();
    });
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

void CasesPanel::setCaseMovesAllowed(bool allowed, const QString &why)
{
    for (QWidget *w :
         std::initializer_list<QWidget *>{m_moveTo, m_moveReason, m_override, m_move}) {
        w->setEnabled(allowed);
        w->setToolTip(why);
    }
    if (allowed) {
        m_moveTo->setToolTip(QString());
        m_moveReason->setToolTip(QString());
        m_override->setToolTip(tr("Close it although a batch of it still runs or waits, or "
                                  "people wait without a next step; the reason must say why "
                                  "that is right"));
        m_move->setToolTip(tr("Move the selected case to the chosen state, with the reason"));
    }
}

void CasesPanel::setNotesAllowed(bool allowed, const QString &why)
{
    m_note->setEnabled(allowed);
    m_addNote->setEnabled(allowed);
    m_note->setToolTip(why);
    m_addNote->setToolTip(allowed ? tr("Add the note to the selected case's timeline") : why);
}

void CasesPanel::noteSaved()
{
    m_note->clear();
}

void CasesPanel::showCaseMessage(const QString &text, bool error)
{
    m_caseMessage->setText(text);
    m_caseMessage->setStyleSheet(error ? QStringLiteral("color: #8e0000;") : QString());
}

void CasesPanel::setRestoreAllowed(bool allowed, const QString &why)
{
    m_restore->setEnabled(allowed);
    m_restore->setToolTip(allowed ? tr("Resume the selected case's restore at its current step, "
                                       "or start one in it")
                                  : why);
}

} // namespace payops
