#pragma once

#include "core/finding.h"

#include <QWidget>

namespace payops {

// The findings across the data's days: one bar per finding with a time
// window, from its start to its end, coloured by severity and labelled with
// its title, under a ruler of days. The on-call engineer sees at a glance
// which incidents overlap and which came first.
class FindingsTimeline : public QWidget
{
    Q_OBJECT
public:
    explicit FindingsTimeline(QWidget *parent = nullptr);

    void clear();
    void addFinding(const Finding &finding);
    // The findings drawn (those with a time window), and the ruler's days.
    int barCount() const { return int(m_findings.size()); }
    QStringList dayLabels() const;
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QDate firstDay() const;
    QDate lastDay() const;
    QVector<Finding> m_findings;
};

} // namespace payops
