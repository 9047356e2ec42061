#pragma once

#include <QDialog>

class QPlainTextEdit;

namespace payops {

// Shows the exact SQL behind a finding so an operator can copy it and re-run
// it in psql; in editable mode it takes a read-only query to run.
class SqlDialog : public QDialog
{
    Q_OBJECT
public:
    SqlDialog(const QString &title, const QString &sql, bool editable, QWidget *parent = nullptr);
    QString sql() const;

signals:
    void runRequested(const QString &sql);

private:
    QPlainTextEdit *m_editor;
};

} // namespace payops
