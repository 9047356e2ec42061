#include "findings_timeline.h"

#include "severity_colors.h"

#include <QPainter>

#include <algorithm>

namespace payops {

namespace {
const int kRuler = 22;
const int kBar = 20;
const int kMargin = 8;
} // namespace

FindingsTimeline::FindingsTimeline(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("findingsTimeline"));
    setMinimumHeight(kRuler + 2 * kBar);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void FindingsTimeline::clear()
{
    m_findings.clear();
    updateGeometry();
    update();
}

void FindingsTimeline::addFinding(const Finding &finding)
{
    if (!finding.windowStart.isValid())
        return;
    m_findings << finding;
    // Earliest first: the order the incidents happened in.
    std::stable_sort(m_findings.begin(), m_findings.end(), [](const Finding &a, const Finding &b) {
        return a.windowStart < b.windowStart;
    });
    updateGeometry();
    update();
}

QDate FindingsTimeline::firstDay() const
{
    QDate first;
    for (const Finding &f : m_findings)
        if (!first.isValid() || f.windowStart.toUTC().date() < first)
            first = f.windowStart.toUTC().date();
    return first;
}

QDate FindingsTimeline::lastDay() const
{
    QDate last;
    for (const Finding &f : m_findings) {
        const QDateTime end = f.windowEnd.isValid() ? f.windowEnd : f.windowStart;
        if (!last.isValid() || end.toUTC().date() > last)
            last = end.toUTC().date();
    }
    return last;
}

QStringList FindingsTimeline::dayLabels() const
{
    QStringList labels;
    if (m_findings.isEmpty())
        return labels;
    const qint64 days = firstDay().daysTo(lastDay()) + 1;
    // At most about a dozen labels, on whole days.
    const qint64 step = std::max<qint64>(1, (days + 11) / 12);
    for (qint64 d = 0; d < days; d += step)
        labels << firstDay().addDays(d).toString(QStringLiteral("d MMM"));
    return labels;
}

QSize FindingsTimeline::sizeHint() const
{
    return {600, kRuler + kMargin + std::max<int>(2, int(m_findings.size())) * kBar};
}

void FindingsTimeline::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    if (m_findings.isEmpty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("No finding with a time window yet."));
        return;
    }
    const QDateTime from(firstDay().startOfDay(Qt::UTC));
    const QDateTime to(lastDay().addDays(1).startOfDay(Qt::UTC));
    const double span = std::max<qint64>(1, from.secsTo(to));
    const int left = kMargin;
    const int width = std::max(1, this->width() - 2 * kMargin);
    const auto xOf = [&](const QDateTime &t) {
        return left + int(width * (from.secsTo(t.toUTC()) / span));
    };

    // The ruler: a tick and a label per shown day (UTC, as the data's days are).
    painter.setPen(palette().color(QPalette::Mid));
    const qint64 days = firstDay().daysTo(lastDay()) + 1;
    const qint64 step = std::max<qint64>(1, (days + 11) / 12);
    for (qint64 d = 0; d < days; d += step) {
        const QDateTime day = from.addDays(d);
        const int x = xOf(day);
        painter.drawLine(x, kRuler - 4, x, height());
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(x + 3, 2, 80, kRuler - 4, Qt::AlignLeft | Qt::AlignVCenter,
                         day.date().toString(QStringLiteral("d MMM")));
        painter.setPen(palette().color(QPalette::Mid));
    }

    int y = kRuler + 2;
    for (const Finding &f : m_findings) {
        const int x0 = xOf(f.windowStart);
        const int x1 = std::max(x0 + 4, xOf(f.windowEnd.isValid() ? f.windowEnd : f.windowStart));
        const QColor color(severityColor(f.severity));
        painter.fillRect(QRect(x0, y + 3, x1 - x0, kBar - 6), color);
        // The title after the bar, or before it when the bar ends near the edge.
        painter.setPen(palette().color(QPalette::Text));
        const QString title = f.title;
        const int textWidth = painter.fontMetrics().horizontalAdvance(title) + 6;
        // After the bar, else before it, else inside it in white.
        QRect textBox(x1 + 4, y, textWidth, kBar);
        if (x1 + textWidth >= left + width) {
            textBox = QRect(x0 - textWidth - 4, y, textWidth, kBar);
            if (textBox.left() < left) {
                textBox = QRect(x0 + 4, y, std::max(10, x1 - x0 - 8), kBar);
                painter.setPen(Qt::white);
            }
        }
        painter.drawText(textBox, Qt::AlignLeft | Qt::AlignVCenter,
                         painter.fontMetrics().elidedText(title, Qt::ElideRight, textBox.width()));
        y += kBar;
    }
}

} // namespace payops
