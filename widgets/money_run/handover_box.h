#pragma once

#include <QGroupBox>
#include <QStringList>

class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace payops {

// For a batch handed to an acquirer as files: the folder the hand-over
// files are written to (and found again), and, once the acquirer answered,
// its result file to import. The import's problem lines (no such item,
// an item twice, another amount) are listed here; they are never applied.
class HandoverBox : public QGroupBox
{
    Q_OBJECT
public:
    explicit HandoverBox(QWidget *parent = nullptr);

    QString handoverDir() const;
    QString resultsFile() const;
    void showProblems(int applied, const QStringList &problems);
    // why: why the import may not run now (empty when it may).
    void setImportAllowed(const QString &why);

    QLineEdit *folderEdit() const { return m_folder; }
    QLineEdit *resultsEdit() const { return m_results; }
    QPushButton *importButton() const { return m_import; }
    QPlainTextEdit *problems() const { return m_problems; }

signals:
    void changed();
    void importRequested();

private:
    QLineEdit *m_folder;
    QLineEdit *m_results;
    QPushButton *m_import;
    QPlainTextEdit *m_problems;
    QString m_importRefusal;
};

} // namespace payops
