#pragma once

#include "core/finding.h"
#include "ops/cases.h"

#include <QDialog>

class QLabel;
class QListWidget;
class QPushButton;

namespace payops {

// Where a finding goes when the person presses "Open case": a new case, or
// one already open for the same incident (findings of one incident belong
// in one case). The cases that hold this finding already are marked, and
// choosing one of them shows it instead of attaching it twice. The choices
// come from the workspace (showChoices); the dialog only says what was
// chosen.
class CaseChoiceDialog : public QDialog
{
    Q_OBJECT
public:
    explicit CaseChoiceDialog(const Finding &finding, QWidget *parent = nullptr);

    const Finding &finding() const { return m_finding; }
    void showChoices(const QVector<ops::CaseChoice> &choices);
    void showFailure(const QString &message);

    QListWidget *list() const { return m_list; }
    QPushButton *chooseButton() const { return m_choose; }
    QLabel *summary() const { return m_summary; }
    // The row of case `caseId` in the list (the new case is row 0); -1 when absent.
    int rowOfCase(qint64 caseId) const;

signals:
    void newCaseChosen(const payops::Finding &finding);
    void attachChosen(qint64 caseId, const payops::Finding &finding);
    // The case holds the finding already: nothing is to be written.
    void showChosen(qint64 caseId);

private:
    void updateButton();

    Finding m_finding;
    QVector<ops::CaseChoice> m_choices;
    QLabel *m_summary;
    QListWidget *m_list;
    QPushButton *m_choose;
};

} // namespace payops
