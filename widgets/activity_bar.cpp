#include "activity_bar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

namespace payops {

ActivityBar::ActivityBar(QWidget *parent)
    : QWidget(parent)
    , m_label(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_progress);
    layout->addWidget(m_cancel);
    m_progress->setMaximumWidth(160);
    m_progress->setTextVisible(false);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setToolTip(tr("Cancel every running query (the server stops it)"));
    connect(m_cancel, &QPushButton::clicked, this, &ActivityBar::cancelRequested);
    setBusy(false);
}

void ActivityBar::setBusy(bool busy, const QString &what)
{
    m_busy = busy;
    m_progress->setVisible(busy);
    m_progress->setRange(0, 0); // busy indicator until a job reports real progress
    m_cancel->setEnabled(busy);
    m_label->setText(busy ? what : tr("Idle"));
}

QString ActivityBar::text() const
{
    return m_label->text();
}

void ActivityBar::setProgress(int percent, const QString &text)
{
    if (percent > 0) {
        m_progress->setRange(0, 100);
        m_progress->setValue(percent);
    }
    if (!text.isEmpty())
        m_label->setText(text);
}

} // namespace payops
