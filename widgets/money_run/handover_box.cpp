#include "handover_box.h"

#include "core/money.h"

#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>

namespace payops {

HandoverBox::HandoverBox(QWidget *parent)
    : QGroupBox(tr("Hand-over files"), parent)
    , m_folder(new QLineEdit(this))
    , m_results(new QLineEdit(this))
    , m_import(new QPushButton(tr("Import the result file"), this))
    , m_problems(new QPlainTextEdit(this))
{
    m_folder->setObjectName(QStringLiteral("handoverFolder"));
    m_results->setObjectName(QStringLiteral("resultsFile"));
    m_import->setObjectName(QStringLiteral("importButton"));
    m_problems->setObjectName(QStringLiteral("importProblems"));
    m_folder->setPlaceholderText(tr("The folder the acquirer collects files from"));
    m_results->setPlaceholderText(tr("The acquirer's result file, once it came"));
    m_problems->setReadOnly(true);
    m_problems->setMaximumHeight(110);
    m_problems->setVisible(false);
    auto *chooseFolder = new QPushButton(tr("Choose…"), this);
    auto *chooseResults = new QPushButton(tr("Choose…"), this);
    connect(chooseFolder, &QPushButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Hand-over folder"), m_folder->text());
        if (!dir.isEmpty())
            m_folder->setText(dir);
    });
    connect(chooseResults, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("The acquirer's result file"),
            m_folder->text().isEmpty() ? QDir::homePath() : m_folder->text(),
            tr("CSV files (*.csv);;All files (*)"));
        if (!file.isEmpty())
            m_results->setText(file);
    });
    connect(m_folder, &QLineEdit::textChanged, this, &HandoverBox::changed);
    connect(m_results, &QLineEdit::textChanged, this,
            [this] { setImportAllowed(m_importRefusal); });
    connect(m_import, &QPushButton::clicked, this, &HandoverBox::importRequested);

    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(chooseFolder);
    auto *resultsRow = new QHBoxLayout;
    resultsRow->addWidget(m_results, 1);
    resultsRow->addWidget(chooseResults);
    resultsRow->addWidget(m_import);
    auto *form = new QFormLayout(this);
    form->addRow(tr("Hand-over folder:"), folderRow);
    form->addRow(tr("Result file:"), resultsRow);
    form->addRow(m_problems);
    setImportAllowed(QString());
}

QString HandoverBox::handoverDir() const
{
    return m_folder->text().trimmed();
}

QString HandoverBox::resultsFile() const
{
    return m_results->text().trimmed();
}

void HandoverBox::showProblems(int applied, const QStringList &problems)
{
    QStringList lines{tr("%1 lines to apply; %2 not applied:")
                          .arg(formatCount(applied), formatCount(problems.size()))};
    for (const QString &problem : problems)
        lines << tr("Not applied: %1").arg(problem);
    m_problems->setPlainText(lines.join(u'\n'));
    m_problems->setVisible(true);
}

void HandoverBox::setImportAllowed(const QString &why)
{
    m_importRefusal = why;
    QString refusal = why;
    if (refusal.isEmpty() && handoverDir().isEmpty())
        refusal = tr("Choose the hand-over folder first.");
    if (refusal.isEmpty() && resultsFile().isEmpty())
        refusal = tr("Choose the acquirer's result file first.");
    m_import->setEnabled(refusal.isEmpty());
    m_import->setToolTip(refusal.isEmpty()
                             ? tr("Apply the lines that match an item exactly; the others are "
                                  "listed, never applied")
                             : refusal);
}

} // namespace payops
