#pragma once

#include "outreach/person_record.h"
#include "outreach/roster.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace payops {

// One person of a roster: how to reach them, what the incident did to
// them, their history (every recorded change, in order), the batch items
// that move their money, and what support records next (status, note,
// assignee, next step and its date). A save that fails keeps what was
// typed and shows the database's reason under it.
class PersonPage : public QWidget
{
    Q_OBJECT
public:
    explicit PersonPage(QWidget *parent = nullptr);

    void showPerson(const outreach::RosterPerson &person);
    void showRecord(const outreach::PersonRecord &record);
    void clear();
    QString account() const { return m_account; }
    // Whether the signed-in person may record; `why` says why not.
    void setRecordAllowed(bool allowed, const QString &why);
    void showSaveFailed(const QString &message);
    // The save went through: the note is cleared, the rest stays.
    void saved();
    void setKnownAssignees(const QStringList &names);

    QComboBox *statusBox() const { return m_status; }
    QPlainTextEdit *noteEdit() const { return m_note; }
    QComboBox *assigneeBox() const { return m_assignee; }
    QLineEdit *nextStepEdit() const { return m_nextStep; }
    QCheckBox *datedBox() const { return m_dated; }
    QDateTimeEdit *nextStepAtEdit() const { return m_nextStepAt; }
    QPushButton *saveButton() const { return m_save; }
    QLabel *saveError() const { return m_error; }
    QTableWidget *historyTable() const { return m_history; }
    QTableWidget *itemsTable() const { return m_items; }
    QLabel *refusalLabel() const { return m_refusal; }

signals:
    // In order: a next step whose text or date alone is dropped takes two.
    void saveRequested(const QString &account,
                       const QVector<payops::outreach::OutreachUpdate> &updates);

private:
    QVector<outreach::OutreachUpdate> typedUpdates() const;
    void updateSaveButton();

    QString m_account;
    outreach::RosterPerson m_person;
    QLabel *m_title;
    QLabel *m_facts;
    QComboBox *m_status;
    QPlainTextEdit *m_note;
    QComboBox *m_assignee;
    QLineEdit *m_nextStep;
    QCheckBox *m_dated;
    QDateTimeEdit *m_nextStepAt;
    QPushButton *m_save;
    QLabel *m_error;
    QLabel *m_refusal; // why the form is closed, in words beside it
    QTableWidget *m_history;
    QTableWidget *m_items;
    QLabel *m_noItems;
    bool m_allowed = false;
    QString m_why;
    bool m_saving = false;
};

} // namespace payops
