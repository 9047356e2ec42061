#include "person_page.h"

#include "database_reason.h"

#include "core/user_error.h"
#include "outreach/impact.h"
#include "outreach/status_words.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace payops {

namespace {

QTableWidget *table(const QStringList &headers, QWidget *parent)
{
    auto *t = new QTableWidget(0, headers.size(), parent);
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setStretchLastSection(true);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setWordWrap(true);
    return t;
}

void setRow(QTableWidget *t, int row, const QStringList &cells)
{
    for (int c = 0; c < cells.size(); ++c) {
        auto *item = new QTableWidgetItem(cells[c]);
        item->setToolTip(cells[c]);
        t->setItem(row, c, item);
    }
}

QString itemStateWords(const QString &state)
{
    if (state.isEmpty())
        return QObject::tr("not run yet");
    if (state == u"held")
        return QObject::tr("held for consent");
    return QString(state).replace(QLatin1Char('_'), QLatin1Char(' '));
}

// A next step's usual date: tomorrow, 09:00 UTC.
QDateTime tomorrowMorning()
{
    return QDateTime(QDate::currentDate().addDays(1), QTime(9, 0), Qt::UTC);
}

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

} // namespace

PersonPage::PersonPage(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_facts(new QLabel(this))
    , m_status(new QComboBox(this))
    , m_note(new QPlainTextEdit(this))
    , m_assignee(new QComboBox(this))
    , m_nextStep(new QLineEdit(this))
    , m_dated(new QCheckBox(tr("on"), this))
    , m_nextStepAt(new QDateTimeEdit(this))
    , m_save(new QPushButton(tr("Save"), this))
    , m_error(new QLabel(this))
    , m_refusal(new QLabel(this))
    , m_history(table({tr("When (UTC)"), tr("Who"), tr("What")}, this))
    , m_items(table({tr("Batch"), tr("Item"), tr("Amount"), tr("State")}, this))
    , m_noItems(new QLabel(tr("No batch of this case moves their money (yet)."), this))
{
    setObjectName(QStringLiteral("personPage"));
    m_title->setObjectName(QStringLiteral("personTitle"));
    m_title->setTextFormat(Qt::RichText);
    m_facts->setObjectName(QStringLiteral("personFacts"));
    m_facts->setTextFormat(Qt::RichText);
    m_facts->setWordWrap(true);
    m_facts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setObjectName(QStringLiteral("personStatus"));
    for (const QString &status : outreach::outreachStatuses())
        m_status->addItem(outreach::statusWords(status), status);
    m_note->setObjectName(QStringLiteral("personNote"));
    m_note->setPlaceholderText(tr("What was said or done (kept in the person's history)"));
    m_note->setTabChangesFocus(true);
    m_note->setFixedHeight(m_note->fontMetrics().lineSpacing() * 3 + 12);
    m_assignee->setObjectName(QStringLiteral("personAssignee"));
    m_assignee->setEditable(true);
    m_assignee->setInsertPolicy(QComboBox::NoInsert);
    m_nextStep->setObjectName(QStringLiteral("personNextStep"));
    m_nextStep->setPlaceholderText(tr("e.g. call back, send the written explanation"));
    m_dated->setObjectName(QStringLiteral("personNextStepDated"));
    m_nextStepAt->setObjectName(QStringLiteral("personNextStepAt"));
    m_nextStepAt->setCalendarPopup(true);
    m_nextStepAt->setTimeSpec(Qt::UTC);
    m_nextStepAt->setDisplayFormat(QStringLiteral("d MMM yyyy HH:mm 'UTC'"));
    m_nextStepAt->setEnabled(false);
    m_save->setObjectName(QStringLiteral("personSave"));
    m_error->setObjectName(QStringLiteral("personSaveError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #8e0000;"));
    m_error->hide();
    m_refusal->setObjectName(QStringLiteral("personRefusal"));
    m_refusal->setWordWrap(true);
    m_refusal->setStyleSheet(QStringLiteral("color: #5d4000;"));
    m_refusal->hide();
    m_noItems->setStyleSheet(QStringLiteral("color: #666;"));
    m_history->setObjectName(QStringLiteral("personHistory"));
    m_items->setObjectName(QStringLiteral("personItems"));

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Status"), m_status);
    form->addRow(tr("Note"), m_note);
    form->addRow(tr("Assignee"), m_assignee);
    auto *next = new QHBoxLayout;
    next->addWidget(m_nextStep, 1);
    next->addWidget(m_dated);
    next->addWidget(m_nextStepAt);
    form->addRow(tr("Next step"), next);
    auto *saveRow = new QHBoxLayout;
    saveRow->addWidget(m_error, 1);
    saveRow->addWidget(m_save, 0, Qt::AlignTop);
    form->addRow(saveRow);
    form->addRow(m_refusal);
    auto *record = new QGroupBox(tr("Record"), this);
    record->setLayout(form);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_title);
    layout->addWidget(m_facts);
    layout->addWidget(record);
    layout->addWidget(new QLabel(tr("History"), this));
    layout->addWidget(m_history, 2);
    layout->addWidget(new QLabel(tr("Batch items that move their money"), this));
    layout->addWidget(m_noItems);
    layout->addWidget(m_items, 1);

    connect(m_dated, &QCheckBox::toggled, m_nextStepAt,
            [this](bool on) { m_nextStepAt->setEnabled(on && m_allowed && !m_account.isEmpty()); });
    connect(m_save, &QPushButton::clicked, this, [this] {
        if (m_account.isEmpty() || !m_allowed || m_saving)
            return;
        const QVector<outreach::OutreachUpdate> updates = typedUpdates();
        if (updates.isEmpty()) {
            m_error->setText(tr("Nothing to save: change the status, or type a note, an "
                                "assignee or a next step."));
            m_error->show();
            return;
        }
        m_error->hide();
        m_saving = true;
        updateSaveButton();
        emit saveRequested(m_account, updates);
    });
    clear();
}

void PersonPage::clear()
{
    m_account.clear();
    m_person = outreach::RosterPerson();
    m_title->setText(tr("<b>Pick a person in the table</b>"));
    m_facts->clear();
    m_note->clear();
    m_nextStep->clear();
    m_dated->setChecked(false);
    m_error->hide();
    m_history->setRowCount(0);
    m_items->setRowCount(0);
    m_items->hide();
    m_noItems->hide();
    m_nextStepAt->setDateTime(tomorrowMorning());
    m_saving = false;
    updateSaveButton();
}

void PersonPage::showPerson(const outreach::RosterPerson &person)
{
    const bool another = person.account != m_account;
    m_account = person.account;
    m_person = person;
    m_title->setText(
        QStringLiteral("<b>%1</b> &nbsp;·&nbsp; account %2")
            .arg(escaped(person.name.isEmpty() ? tr("(no name on record)") : person.name),
                 escaped(person.account)));
    QStringList facts;
    facts << tr("E-mail: %1")
                 .arg(person.email.isEmpty() ? tr("none on record") : escaped(person.email));
    facts << tr("Phone: %1")
                 .arg(person.phone.isEmpty() ? tr("none on record") : escaped(person.phone));
    try {
        const outreach::Impact impact = outreach::readImpact(person.impact);
        if (!outreach::contactsNote(impact).isEmpty())
            facts << QStringLiteral("<i>%1</i>").arg(escaped(outreach::contactsNote(impact)));
        QStringList what;
        for (const QString &line : outreach::whatHappened(impact))
            what << escaped(line);
        facts << tr("What happened: %1").arg(what.join(QStringLiteral("<br>")));
    } catch (const UserError &e) {
        facts << tr("What happened: cannot be read (%1)").arg(escaped(e.message()));
    }
    facts << tr("Status: <b>%1</b>%2")
                 .arg(outreach::statusWords(person.status),
                      person.assignee.isEmpty()
                          ? tr(", nobody assigned")
                          : tr(", assigned to %1").arg(escaped(person.assignee)));
    m_facts->setText(facts.join(QStringLiteral("<br>")));
    // What was typed for this person stays while their page refreshes.
    if (another) {
        m_status->setCurrentIndex(std::max(0, m_status->findData(person.status)));
        m_assignee->setCurrentText(person.assignee);
        m_nextStep->setText(person.nextStep);
        m_dated->setChecked(person.nextStepAt.isValid());
        m_nextStepAt->setDateTime(person.nextStepAt.isValid() ? person.nextStepAt.toUTC()
                                                              : tomorrowMorning());
        m_note->clear();
        m_error->hide();
        m_history->setRowCount(0);
        m_items->setRowCount(0);
    }
    updateSaveButton();
}

void PersonPage::showRecord(const outreach::PersonRecord &record)
{
    if (record.account != m_account)
        return;
    m_history->setRowCount(record.history.size());
    for (int r = 0; r < record.history.size(); ++r) {
        const outreach::RosterEvent &e = record.history[r];
        setRow(m_history, r,
               {e.createdAt.toUTC().toString(QStringLiteral("d MMM yyyy HH:mm")), e.createdBy,
                outreach::eventWords(e)});
    }
    // Time and who fit their text; what was said takes the rest.
    m_history->resizeColumnToContents(0);
    m_history->resizeColumnToContents(1);
    m_history->resizeRowsToContents();
    m_history->scrollToBottom();
    m_items->setRowCount(record.items.size());
    for (int r = 0; r < record.items.size(); ++r) {
        const outreach::PersonBatchItem &i = record.items[r];
        QString state = itemStateWords(i.itemState);
        if (!i.detail.isEmpty())
            state += QStringLiteral(": ") + i.detail;
        setRow(m_items, r,
               {tr("%1 batch %2 (%3)")
                    .arg(i.batchKind)
                    .arg(i.batchId)
                    .arg(QString(i.batchState).replace(QLatin1Char('_'), QLatin1Char(' '))),
                QString::number(i.itemNo), i.amount.toDisplayString(), state});
    }
    for (int c = 0; c + 1 < m_items->columnCount(); ++c)
        m_items->resizeColumnToContents(c);
    m_items->setVisible(!record.items.isEmpty());
    m_noItems->setVisible(record.items.isEmpty());
}

void PersonPage::setRecordAllowed(bool allowed, const QString &why)
{
    m_allowed = allowed;
    m_why = why;
    m_refusal->setText(why);
    m_refusal->setVisible(!allowed && !why.isEmpty());
    updateSaveButton();
}

void PersonPage::updateSaveButton()
{
    // Nothing can be typed that could not be saved (nobody picked, or the
    // role is missing, which the label beside says).
    const bool open = m_allowed && !m_account.isEmpty();
    for (QWidget *w :
         std::initializer_list<QWidget *>{m_status, m_note, m_assignee, m_nextStep, m_dated}) {
        w->setToolTip(m_allowed ? QString() : m_why);
        w->setEnabled(open);
    }
    m_nextStepAt->setEnabled(open && m_dated->isChecked());
    m_save->setEnabled(open && !m_saving);
    m_save->setToolTip(!m_allowed            ? m_why
                       : m_account.isEmpty() ? tr("Pick a person in the table first.")
                                             : tr("Record the status, note, assignee and next "
                                                  "step for this person"));
}

void PersonPage::showSaveFailed(const QString &message)
{
    m_saving = false;
    m_error->setText(tr("Not saved: %1").arg(databaseReason(message)));
    m_error->setToolTip(message);
    m_error->show();
    updateSaveButton();
}

void PersonPage::saved()
{
    m_saving = false;
    m_note->clear();
    m_error->hide();
    updateSaveButton();
}

void PersonPage::setKnownAssignees(const QStringList &names)
{
    const QString typed = m_assignee->currentText();
    m_assignee->clear();
    m_assignee->addItems(names);
    m_assignee->setCurrentText(typed);
}

QVector<outreach::OutreachUpdate> PersonPage::typedUpdates() const
{
    outreach::OutreachUpdate first;
    const QString status = m_status->currentData().toString();
    if (status != m_person.status)
        first.status = status;
    first.note = m_note->toPlainText().trimmed();
    const QString assignee = m_assignee->currentText().trimmed();
    if (!assignee.isEmpty() && assignee != m_person.assignee)
        first.assignee = assignee;
    // The next step: a null text leaves it as it is, "" clears it with its
    // date, and a date alone keeps the text; so dropping only one of the
    // two is a clear followed by what stays.
    const QString step = m_nextStep->text().trimmed();
    const QDateTime at = m_dated->isChecked() ? m_nextStepAt->dateTime().toUTC() : QDateTime();
    const QDateTime was = m_person.nextStepAt;
    const bool stepChanged = step != m_person.nextStep;
    const bool dateChanged = at.isValid() != was.isValid() || (at.isValid() && at != was);
    QVector<outreach::OutreachUpdate> updates;
    if (stepChanged || dateChanged) {
        outreach::OutreachUpdate rest;
        rest.nextStep = step.isEmpty() ? QString() : step;
        rest.nextStepAt = at;
        const bool dropped =
            (step.isEmpty() && !m_person.nextStep.isEmpty()) || (!at.isValid() && was.isValid());
        if (dropped) {
            first.nextStep = QStringLiteral("");
            updates << first;
            if (!step.isEmpty() || at.isValid())
                updates << rest;
            return updates;
        }
        first.nextStep = rest.nextStep;
        first.nextStepAt = rest.nextStepAt;
    }
    if (!first.status.isEmpty() || !first.note.isEmpty() || !first.assignee.isEmpty() ||
        !first.nextStep.isNull() || first.nextStepAt.isValid())
        updates << first;
    return updates;
}

} // namespace payops
