#include "sql_dialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace payops {

SqlDialog::SqlDialog(const QString &title, const QString &sql, bool editable, QWidget *parent)
    : QDialog(parent)
    , m_editor(new QPlainTextEdit(sql, this))
{
    setWindowTitle(title);
    setObjectName(QStringLiteral("sqlDialog"));
    resize(760, 480);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(editable
                                     ? tr("A query to run read-only on the connected database:")
                                     : tr("The exact SQL behind this finding. It only reads; "
                                          "run it in psql to check the console."),
                                 this));
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setReadOnly(!editable);
    if (editable)
        m_editor->setPlaceholderText(
            tr("Type one query. It runs read-only, in pages, and can be cancelled."));
    m_editor->setObjectName(QStringLiteral("sqlText"));
    layout->addWidget(m_editor);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *copy = buttons->addButton(tr("Copy"), QDialogButtonBox::ActionRole);
    connect(copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_editor->toPlainText()); });
    if (editable) {
        QPushButton *run = buttons->addButton(tr("Run"), QDialogButtonBox::AcceptRole);
        run->setObjectName(QStringLiteral("runButton"));
        connect(run, &QPushButton::clicked, this, [this] { emit runRequested(this->sql()); });
    }
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    layout->addWidget(buttons);
}

QString SqlDialog::sql() const
{
    return m_editor->toPlainText();
}

} // namespace payops
