#include "status_chart.h"

#include "outreach/roster.h"
#include "outreach/status_words.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QHorizontalBarSeries>
#include <QValueAxis>

#include <algorithm>

namespace payops {

namespace {

// A step for an axis of whole people: 1, 2, 5, 10, 20, 50, ...
int niceStep(int rough)
{
    for (int step = 1;; step *= 10)
        for (int m : {1, 2, 5})
            if (step * m >= rough)
                return step * m;
}

} // namespace

StatusChart::StatusChart(QWidget *parent)
    : QChartView(parent)
{
    setObjectName(QStringLiteral("outreachStatusChart"));
    setRenderHint(QPainter::Antialiasing);
    // Nine statuses, each label a line high: shorter, Qt Charts cuts them to "...".
    setMinimumHeight(300);
    QFont title = chart()->titleFont();
    title.setBold(true);
    chart()->setTitleFont(title);
    chart()->legend()->hide();
    chart()->setMargins(QMargins(2, 2, 8, 2));
    chart()->setTitle(tr("People per status"));
}

void StatusChart::setCounts(const QMap<QString, int> &counts)
{
    m_counts = counts;
    chart()->removeAllSeries();
    for (QAbstractAxis *axis : chart()->axes()) {
        chart()->removeAxis(axis);
        delete axis;
    }
    if (counts.isEmpty())
        return;
    auto *set = new QBarSet(tr("People"));
    set->setColor(QColor(0x1e, 0x63, 0xb4));
    set->setLabelColor(Qt::black);
    QStringList categories;
    int most = 0;
    // A horizontal chart draws its first category at the bottom.
    const QStringList &statuses = outreach::outreachStatuses();
    for (auto it = statuses.crbegin(); it != statuses.crend(); ++it) {
        const int n = counts.value(*it);
        *set << n;
        categories << outreach::statusWords(*it);
        most = std::max(most, n);
    }
    auto *series = new QHorizontalBarSeries;
    series->append(set);
    series->setLabelsVisible(true);
    series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    series->setLabelsFormat(QStringLiteral("@value"));
    series->setBarWidth(0.7);
    chart()->addSeries(series);
    auto *statusAxis = new QBarCategoryAxis;
    statusAxis->append(categories);
    statusAxis->setGridLineVisible(false);
    QFont small = statusAxis->labelsFont();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    statusAxis->setLabelsFont(small);
    chart()->addAxis(statusAxis, Qt::AlignLeft);
    series->attachAxis(statusAxis);
    auto *countAxis = new QValueAxis;
    // Whole people on round ticks, and room right of the longest bar for its label.
    const int step = niceStep(std::max(1, (most * 23 / 20 + 3) / 4));
    const int top = std::max(step * 2, (most * 23 / 20 / step + 1) * step);
    countAxis->setRange(0, top);
    countAxis->setLabelFormat(QStringLiteral("%d"));
    countAxis->setTickType(QValueAxis::TicksDynamic);
    countAxis->setTickAnchor(0);
    countAxis->setTickInterval(step);
    countAxis->setMinorTickCount(0);
    chart()->addAxis(countAxis, Qt::AlignBottom);
    series->attachAxis(countAxis);
}

} // namespace payops
