#include "user_history_dialog.h"

#include "core/connection_secrets.h"
#include "report/user_report_html.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMap>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTextDocument>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace payops {

namespace {

// diff::findUsers lists at most this many accounts: a full list may leave
// out the one the operator wants.
constexpr int kListedMatches = diff::kMaxUsersFound;

QColor colorOf(const QString &kind)
{
    if (kind == u"deleted")
        return QColor(QStringLiteral("#c62828"));
    if (kind == u"created") // only live, yet dated before the backup: worth a look
        return QColor(QStringLiteral("#6a1b9a"));
    if (kind == u"new") // created after the backup: normal activity
        return QColor(QStringLiteral("#2e7d32"));
    if (kind == u"changed")
        return QColor(QStringLiteral("#ef6c00"));
    return QColor(QStringLiteral("#757575"));
}

// A file name part from an account key or database name: keys may hold
// characters that file systems refuse.
QString fileNamePart(const QString &text)
{
    QString part = text;
    return part.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._@-]")),
                        QStringLiteral("_"));
}

} // namespace

UserHistoryDialog::UserHistoryDialog(QWidget *parent)
    : QDialog(parent)
    , m_user(new QLineEdit(this))
    , m_compare(new QPushButton(tr("Compare"), this))
    , m_pickLabel(new QLabel(tr("Account"), this))
    , m_matches(new QComboBox(this))
    , m_pickNote(new QLabel(this))
    , m_status(new QLabel(this))
    , m_tree(new QTreeWidget(this))
    , m_exportJson(new QPushButton(tr("Export JSON…"), this))
    , m_exportCsv(new QPushButton(tr("Export CSV…"), this))
    , m_print(new QPushButton(tr("Print…"), this))
    , m_restore(new QPushButton(tr("Restore this account…"), this))
{
    setObjectName(QStringLiteral("userHistoryDialog"));
    setWindowTitle(tr("A user's records against the backup"));
    resize(900, 600);
    m_user->setObjectName(QStringLiteral("userIdEdit"));
    m_user->setPlaceholderText(tr("Account id, e-mail or name"));
    m_matches->setObjectName(QStringLiteral("userMatchPick"));
    m_matches->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_pickNote->setObjectName(QStringLiteral("userMatchNote"));
    setPickVisible(false); // until a search matches several accounts
    m_tree->setObjectName(QStringLiteral("userHistoryTree"));
    m_tree->setHeaderLabels({tr("Record"), tr("Change"), tr("Backup"), tr("Live")});
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_status->setObjectName(QStringLiteral("userHistoryStatus"));
    m_status->setWordWrap(true);
    m_exportJson->setObjectName(QStringLiteral("exportJsonButton"));
    m_exportCsv->setObjectName(QStringLiteral("exportCsvButton"));
    m_print->setObjectName(QStringLiteral("printButton"));
    for (QPushButton *button : {m_exportJson, m_exportCsv, m_print}) {
        button->setEnabled(false);     // nothing to export until an answer arrives
        button->setAutoDefault(false); // Enter in the search field only searches
    }

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("User"), this));
    top->addWidget(m_user, 1);
    top->addWidget(m_compare);
    auto *pick = new QHBoxLayout;
    pick->addWidget(m_pickLabel);
    pick->addWidget(m_matches);
    pick->addWidget(m_pickNote, 1);
    auto *bottom = new QHBoxLayout;
    bottom->addStretch(1);
    bottom->addWidget(m_exportJson);
    bottom->addWidget(m_exportCsv);
    bottom->addWidget(m_print);
    bottom->addWidget(m_restore);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(pick);
    layout->addWidget(m_status);
    layout->addWidget(m_tree, 1);
    layout->addLayout(bottom);

    askSavePath = [this](const QString &caption, const QString &suggestedName,
                         const QString &filter) {
        const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        return QFileDialog::getSaveFileName(this, caption, QDir(folder).filePath(suggestedName),
                                            filter);
    };

    auto ask = [this] {
        const QString text = m_user->text().trimmed();
        if (text.isEmpty())
            return;
        // A new search: the old matches and records no longer apply.
        m_matches->clear();
        setPickVisible(false);
        m_shownUser.clear();
        m_records.clear();
        m_tree->clear();
        m_status->setText(tr("Looking for %1 and comparing with the backup…").arg(text));
        setBusy(true);
        emit compareRequested(text);
    };
    connect(m_compare, &QPushButton::clicked, this, ask);
    connect(m_user, &QLineEdit::returnPressed, this, ask);
    // activated: only the operator's choice, not the list being filled.
    connect(m_matches, &QComboBox::activated, this, [this](int index) {
        const QString key = m_matches->itemData(index).toString();
        if (key.isEmpty() || key == m_shownUser)
            return;
        m_shownUser.clear();
        m_records.clear();
        m_tree->clear();
        m_status->setText(tr("Comparing account %1 with the backup…").arg(key));
        setBusy(true);
        emit userPicked(key);
    });
    connect(m_exportJson, &QPushButton::clicked, this, [this] { exportAs(Format::Json); });
    connect(m_exportCsv, &QPushButton::clicked, this, [this] { exportAs(Format::Csv); });
    m_restore->setObjectName(QStringLiteral("restoreButton"));
    setRestoreAllowed(false, tr("Connect first."));
    connect(m_restore, &QPushButton::clicked, this,
            [this] { emit restoreRequested(m_shownUser, m_backupName); });
    connect(m_print, &QPushButton::clicked, this, &UserHistoryDialog::print);
}

void UserHistoryDialog::setBackupName(const QString &name)
{
    // Shown, exported and printed: a backup named after its URI goes
    // without the URI's password.
    m_backupName = withoutPassword(name);
    setWindowTitle(tr("A user's records against %1").arg(m_backupName));
}

void UserHistoryDialog::setPickVisible(bool visible)
{
    m_pickLabel->setVisible(visible);
    m_matches->setVisible(visible);
    m_pickNote->setVisible(visible);
}

void UserHistoryDialog::setBusy(bool busy)
{
    m_compare->setEnabled(!busy);
    m_matches->setEnabled(!busy);
    for (QPushButton *button : {m_exportJson, m_exportCsv, m_print})
        button->setEnabled(!busy && !m_shownUser.isEmpty());
    m_restore->setEnabled(m_restoreAllowed && !busy && !m_shownUser.isEmpty());
}

void UserHistoryDialog::setRestoreAllowed(bool allowed, const QString &why)
{
    m_restoreAllowed = allowed;
    m_restore->setEnabled(allowed && !m_shownUser.isEmpty());
    m_restore->setToolTip(allowed ? tr("Put back from the backup what this account lost, as a "
                                       "batch for approval")
                                  : why);
}

void UserHistoryDialog::showRecords(const QString &user, const QVector<diff::UserRecord> &records)
{
    m_shownUser = user;
    m_records = records;
    setBusy(false);
    m_tree->clear();
    QMap<QString, QTreeWidgetItem *> tables;
    QMap<QString, int> counts;
    for (const diff::UserRecord &record : records) {
        const diff::RowChange &c = record.change;
        const QString kind = diff::changeName(record);
        ++counts[kind];
        QTreeWidgetItem *&table = tables[c.table];
        if (!table) {
            table = new QTreeWidgetItem(m_tree, {c.table});
            table->setExpanded(true);
        }
        auto *item = new QTreeWidgetItem(table, {c.key, kind});
        item->setForeground(1, colorOf(kind));
        item->setData(1, Qt::UserRole, kind);
        for (const diff::FieldChange &change : diff::fieldChanges(record)) {
            auto *field = new QTreeWidgetItem(item, {change.column, tr("changed"),
                                                     diff::jsonValueText(change.backup),
                                                     diff::jsonValueText(change.live)});
            field->setForeground(1, colorOf(QStringLiteral("changed")));
            field->setBackground(3, QColor(QStringLiteral("#fff3e0")));
        }
        item->setExpanded(!c.changedColumns.isEmpty() && c.changedColumns.size() <= 4);
    }
    for (QTreeWidgetItem *table : tables)
        table->setText(1, table->childCount() == 1 ? tr("1 record")
                                                   : tr("%1 records").arg(table->childCount()));
    QString status = records.isEmpty()
                         ? tr("User %1 has no records on either side.").arg(user)
                         : tr("User %1: %2 deleted, %3 changed, %4 new since the backup, %5 "
                              "created (not known to be newer than the backup), %6 the same.")
                               .arg(user)
                               .arg(counts.value(QStringLiteral("deleted")))
                               .arg(counts.value(QStringLiteral("changed")))
                               .arg(counts.value(QStringLiteral("new")))
                               .arg(counts.value(QStringLiteral("created")))
                               .arg(counts.value(QStringLiteral("same")));
    m_summary = status;
    m_status->setText(status);
}

void UserHistoryDialog::showMatches(const QVector<diff::UserMatch> &matches, const QString &shown)
{
    m_matches->clear();
    for (const diff::UserMatch &match : matches)
        m_matches->addItem(diff::matchLabel(match), match.key);
    m_matches->setCurrentIndex(qMax(0, m_matches->findData(shown)));
    // A full list may leave out the account the operator wants: say so.
    m_pickNote->setText(
        matches.size() >= kListedMatches
            ? tr("%1 or more accounts match: type more to narrow the search.").arg(kListedMatches)
            : tr("%1 accounts match.").arg(matches.size()));
    setPickVisible(matches.size() > 1);
}

void UserHistoryDialog::showFailure(const QString &message)
{
    setBusy(false);
    m_status->setText(message);
}

QString UserHistoryDialog::statusText() const
{
    return m_status->text();
}

report::UserReport UserHistoryDialog::report() const
{
    return {m_shownUser, m_backupName, QDateTime::currentDateTimeUtc(), m_records};
}

void UserHistoryDialog::printTo(QPrinter &printer) const
{
    QTextDocument document;
    document.setHtml(report::userReportHtml(report()));
    document.print(&printer);
}

void UserHistoryDialog::exportAs(Format format)
{
    if (m_shownUser.isEmpty())
        return;
    const bool json = format == Format::Json;
    const QString suggested = QStringLiteral("user-%1-vs-%2.%3")
                                  .arg(fileNamePart(m_shownUser), fileNamePart(m_backupName),
                                       json ? QStringLiteral("json") : QStringLiteral("csv"));
    const QString path =
        askSavePath(json ? tr("Export user %1 as JSON").arg(m_shownUser)
                         : tr("Export user %1 as CSV").arg(m_shownUser),
                    suggested, json ? tr("JSON files (*.json)") : tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    const report::UserReport shown = report();
    // QSaveFile: a failed write leaves no half-written file behind.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(json ? report::userReportJson(shown) : report::userReportCsv(shown)) < 0 ||
        !file.commit()) {
        m_status->setText(m_summary + QLatin1Char(' ') +
                          tr("Could not write %1: %2. Choose another file or folder.")
                              .arg(QDir::toNativeSeparators(path), file.errorString()));
        return;
    }
    m_status->setText(m_summary + QLatin1Char(' ') +
                      tr("Saved %1 records to %2.")
                          .arg(shown.records.size())
                          .arg(QDir::toNativeSeparators(path)));
}

void UserHistoryDialog::print()
{
    QPrinter printer(QPrinter::HighResolution);
    printer.setDocName(tr("User %1 against %2").arg(m_shownUser, m_backupName));
    QPrintDialog dialog(&printer, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    printTo(printer);
    const QString where = printer.outputFileName().isEmpty()
                              ? printer.printerName()
                              : QDir::toNativeSeparators(printer.outputFileName());
    m_status->setText(m_summary + QLatin1Char(' ') + tr("Printed to %1.").arg(where));
}

} // namespace payops
