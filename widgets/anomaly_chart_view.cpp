#include "anomaly_chart_view.h"

#include <QAreaSeries>
#include <QDateTimeAxis>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMouseEvent>
#include <QRubberBand>
#include <QScatterSeries>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace payops {

namespace {

qreal msecs(const QDateTime &time)
{
    return qreal(time.toMSecsSinceEpoch());
}

QString number(double value)
{
    return value == std::floor(value) ? formatCount(qint64(value)) : QString::number(value, 'f', 1);
}

} // namespace

AnomalyChartView::AnomalyChartView(QWidget *parent)
    : QChartView(parent)
{
    setObjectName(QStringLiteral("anomalyChart"));
    setRenderHint(QPainter::Antialiasing);
    setRubberBand(QChartView::HorizontalRubberBand);
    setMinimumHeight(220);
    setFocusPolicy(Qt::StrongFocus);
    chart()->legend()->setAlignment(Qt::AlignBottom);
    chart()->setMargins(QMargins(4, 4, 4, 4));
    hide();
}

void AnomalyChartView::clear()
{
    chart()->removeAllSeries();
    delete m_bandLow;
    delete m_bandHigh;
    // removeAxis hands the axis back instead of deleting it.
    for (QAbstractAxis *axis : chart()->axes()) {
        chart()->removeAxis(axis);
        delete axis;
    }
    m_events = nullptr;
    m_anomalous = nullptr;
    m_selectedMarker = nullptr;
    m_selected = -1;
    m_points.clear();
    hide();
}

void AnomalyChartView::setFinding(const Finding &finding)
{
    clear();
    if (finding.series.isEmpty())
        return;
    m_points = finding.series;
    m_bucketSeconds = finding.bucketSeconds;
    const bool days = finding.bucketSeconds >= 86400;
    QChart *c = chart();
    c->setTitle(days ? tr("Events per day (click a day to list its rows)")
                     : tr("Events per hour (click an hour to list its rows)"));
    // Counts as people write them: 10,619, not 10619.
    c->setLocale(QLocale(QLocale::English, QLocale::UnitedStates));
    c->setLocalizeNumbers(true);

    // The usual range: an area between low and high where there was a
    // baseline to judge by (a silence or a share jump has none drawn).
    auto *low = new QLineSeries;
    auto *high = new QLineSeries;
    auto *median = new QLineSeries;
    m_events = new QLineSeries;
    m_anomalous = new QScatterSeries;
    m_selectedMarker = new QScatterSeries;
    double top = 0;
    for (const SeriesPoint &p : m_points) {
        const qreal x = msecs(p.start);
        m_events->append(x, p.events);
        top = std::max(top, p.events);
        if (p.expected >= 0) {
            low->append(x, p.low);
            high->append(x, p.high);
            median->append(x, p.expected);
            top = std::max(top, p.high);
        }
        if (p.anomalous)
            m_anomalous->append(x, p.events);
    }
    m_bandLow = low;
    m_bandHigh = high;
    QList<QAbstractSeries *> drawn;
    if (high->count() > 0) {
        auto *band = new QAreaSeries(high, low);
        band->setName(tr("usual range: no alarm inside it"));
        band->setColor(QColor(21, 101, 192, 50));
        band->setBorderColor(QColor(21, 101, 192, 90));
        median->setName(tr("usual"));
        QPen dashed(QColor(21, 101, 192));
        dashed.setStyle(Qt::DashLine);
        median->setPen(dashed);
        drawn << band << median;
    } else {
        delete median;
    }
    m_events->setName(tr("events"));
    m_events->setPen(QPen(QColor(33, 33, 33), 1.5));
    m_events->setPointsVisible(true);
    m_anomalous->setName(tr("anomalous"));
    m_anomalous->setColor(QColor(198, 40, 40));
    m_anomalous->setBorderColor(QColor(198, 40, 40));
    m_anomalous->setMarkerSize(9);
    m_selectedMarker->setName(tr("selected"));
    m_selectedMarker->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    m_selectedMarker->setColor(QColor(255, 160, 0));
    m_selectedMarker->setBorderColor(QColor(120, 70, 0));
    m_selectedMarker->setMarkerSize(13);
    drawn << m_events << m_anomalous << m_selectedMarker;
    for (QAbstractSeries *series : drawn)
        c->addSeries(series);
    // Only what explains the chart goes in the legend.
    for (QLegendMarker *marker : c->legend()->markers(m_selectedMarker))
        marker->setVisible(false);

    auto *x = new QDateTimeAxis;
    auto *y = new QValueAxis;
    // Round ticks: 0, 2,500, 5,000… and never fractions of an event.
    y->setRange(0, std::max(4.0, top * 1.08));
    y->setTickCount(5);
    y->applyNiceNumbers();
    y->setLabelFormat(QStringLiteral("%.0f")); // localized: "10,000" (a "%d" draws nothing then)
    c->addAxis(x, Qt::AlignBottom);
    c->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries *series : c->series()) {
        series->attachAxis(x);
        series->attachAxis(y);
    }
    setTimeRange();
    connect(m_events, &QLineSeries::hovered, this, &AnomalyChartView::showPointTip);
    connect(m_anomalous, &QScatterSeries::hovered, this, &AnomalyChartView::showPointTip);
    show();
}

void AnomalyChartView::setTimeRange()
{
    auto *x = qobject_cast<QDateTimeAxis *>(chart()->axes(Qt::Horizontal).value(0));
    if (!x || m_points.isEmpty())
        return;
    // Ticks on round times: a step of whole hours or days that gives at
    // most 8 intervals, the range widened to whole steps.
    const qint64 first = m_points.first().start.toSecsSinceEpoch();
    const qint64 last = m_points.last().start.toSecsSinceEpoch() + m_bucketSeconds;
    const qint64 hour = 3600, day = 86400;
    qint64 step = 0;
    for (const qint64 candidate : {hour, 2 * hour, 3 * hour, 6 * hour, 12 * hour, day, 2 * day,
                                   7 * day, 14 * day, 28 * day, 56 * day, 112 * day}) {
        step = candidate;
        if (candidate >= m_bucketSeconds && (last - first + candidate - 1) / candidate <= 8)
            break;
    }
    const qint64 from = first / step * step;
    const qint64 to = (last + step - 1) / step * step;
    x->setRange(QDateTime::fromSecsSinceEpoch(from, Qt::UTC),
                QDateTime::fromSecsSinceEpoch(to, Qt::UTC));
    x->setTickCount(int((to - from) / step) + 1);
    x->setFormat(step >= day ? QStringLiteral("d MMM") : QStringLiteral("d MMM HH:mm"));
}

QString AnomalyChartView::bucketName(const QDateTime &start, int seconds)
{
    const QDateTime utc = start.toUTC();
    if (seconds >= 86400)
        return utc.toString(QStringLiteral("yyyy-MM-dd"));
    return QStringLiteral("%1-%2 UTC")
        .arg(utc.toString(QStringLiteral("yyyy-MM-dd HH:mm")),
             utc.addSecs(seconds).toString(QStringLiteral("HH:mm")));
}

int AnomalyChartView::nearestBucket(qreal at) const
{
    int best = -1;
    for (int i = 0; i < m_points.size(); ++i)
        if (best < 0 ||
            std::abs(msecs(m_points[i].start) - at) < std::abs(msecs(m_points[best].start) - at))
            best = i;
    return best;
}

void AnomalyChartView::selectBucketAt(qreal at)
{
    const int index = nearestBucket(at);
    if (index < 0)
        return;
    m_selected = index;
    const SeriesPoint &p = m_points[index];
    m_selectedMarker->replace(QList<QPointF>{QPointF(msecs(p.start), p.events)});
    emit bucketClicked(p.start, m_bucketSeconds);
}

QString AnomalyChartView::bucketTip(int index) const
{
    if (index < 0 || index >= m_points.size())
        return {};
    const SeriesPoint &p = m_points[index];
    const QString when =
        p.start.toUTC().toString(m_bucketSeconds >= 86400 ? QStringLiteral("yyyy-MM-dd")
                                                          : QStringLiteral("yyyy-MM-dd HH:mm"));
    QString text = p.events == 0   ? tr("%1 UTC: no events").arg(when)
                   : p.events == 1 ? tr("%1 UTC: 1 event").arg(when)
                                   : tr("%1 UTC: %2 events").arg(when, number(p.events));
    if (p.expected >= 0)
        text += tr("\nusually %1 (no alarm from %2 to %3)")
                    .arg(number(p.expected), number(p.low), number(p.high));
    if (p.anomalous)
        text += p.events == 0 ? tr("\nanomalous: silent") : tr("\nanomalous");
    text += tr("\nclick to list its rows");
    return text;
}

void AnomalyChartView::showPointTip(const QPointF &point, bool state)
{
    if (!state) {
        QToolTip::hideText();
        return;
    }
    const int index = nearestBucket(point.x());
    if (index >= 0)
        QToolTip::showText(QCursor::pos(), bucketTip(index), this);
}

namespace {

// The axis labels as the chart drew them: text items below the plot area
// (times) or left of it (counts).
QStringList drawnLabels(const QChart *chart, bool times)
{
    QList<std::pair<qreal, QString>> found;
    const QRectF plot = chart->plotArea();
    for (QGraphicsItem *item : chart->scene()->items()) {
        const auto *text = dynamic_cast<const QGraphicsTextItem *>(item);
        if (!text || !text->isVisible() || text->toPlainText().isEmpty() ||
            chart->legend()->isAncestorOf(item) || chart->legend() == item)
            continue;
        const QRectF box = text->sceneBoundingRect();
        if (times && box.top() >= plot.bottom() - 1 && box.center().x() >= plot.left() - 40 &&
            box.center().x() <= plot.right() + 40 && box.top() < plot.bottom() + 40)
            found.append({box.center().x(), text->toPlainText()});
        else if (!times && box.right() <= plot.left() + 1 && box.center().y() >= plot.top() - 20 &&
                 box.center().y() <= plot.bottom() + 20 && box.right() > plot.left() - 120)
            found.append({-box.center().y(), text->toPlainText()});
    }
    std::sort(found.begin(), found.end());
    QStringList labels;
    for (const auto &label : found)
        labels << label.second;
    return labels;
}

} // namespace

QStringList AnomalyChartView::timeTickLabels() const
{
    return drawnLabels(chart(), true);
}

QStringList AnomalyChartView::countTickLabels() const
{
    return drawnLabels(chart(), false);
}

int AnomalyChartView::eventPointCount() const
{
    return m_events ? int(m_events->count()) : 0;
}

int AnomalyChartView::anomalousPointCount() const
{
    return m_anomalous ? int(m_anomalous->count()) : 0;
}

void AnomalyChartView::zoomTime(qreal factor, qreal centre)
{
    const QRectF area = chart()->plotArea();
    if (area.width() <= 0)
        return;
    const qreal x = std::clamp(centre, area.left(), area.right());
    QRectF visible = area;
    visible.setLeft(x - (x - area.left()) * factor);
    visible.setWidth(area.width() * factor);
    chart()->zoomIn(visible);
}

void AnomalyChartView::wheelEvent(QWheelEvent *event)
{
    if (event->angleDelta().y() == 0) {
        event->ignore();
        return;
    }
    // Around the pointer, so the bucket under it stays put.
    const QPointF at = chart()->mapFromScene(mapToScene(event->position().toPoint()));
    zoomTime(event->angleDelta().y() > 0 ? 0.8 : 1.25, at.x());
    event->accept();
}

void AnomalyChartView::keyPressEvent(QKeyEvent *event)
{
    const qreal step = chart()->plotArea().width() / 10;
    switch (event->key()) {
    case Qt::Key_Left:
        chart()->scroll(-step, 0);
        break;
    case Qt::Key_Right:
        chart()->scroll(step, 0);
        break;
    case Qt::Key_Plus:
        zoomTime(0.8, chart()->plotArea().center().x());
        break;
    case Qt::Key_Minus:
        zoomTime(1.25, chart()->plotArea().center().x());
        break;
    case Qt::Key_0:
        chart()->zoomReset();
        setTimeRange();
        break;
    default:
        QChartView::keyPressEvent(event);
    }
}

void AnomalyChartView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton)
        m_pressedAt = event->pos();
    if (event->button() == Qt::RightButton) {
        m_panning = true;
        m_panFrom = event->pos();
        event->accept();
        return;
    }
    QChartView::mousePressEvent(event);
}

void AnomalyChartView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_panning) {
        const QPoint delta = event->pos() - m_panFrom;
        chart()->scroll(-delta.x(), 0);
        m_panFrom = event->pos();
        event->accept();
        return;
    }
    QChartView::mouseMoveEvent(event);
}

void AnomalyChartView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_panning && event->button() == Qt::RightButton) {
        m_panning = false; // a right click must not zoom out (the rubber band's default)
        event->accept();
        return;
    }
    // A click, not a drag of the rubber band: select the bucket under it,
    // wherever in the plot (on the line, on a red marker or above them).
    const bool click =
        event->button() == Qt::LeftButton && (event->pos() - m_pressedAt).manhattanLength() < 4;
    const QPointF at = chart()->mapFromScene(mapToScene(event->pos()));
    if (click && m_events && chart()->plotArea().contains(at)) {
        // The press started a rubber band of no width; a click zooms nothing.
        for (QRubberBand *band : findChildren<QRubberBand *>())
            band->hide();
        selectBucketAt(chart()->mapToValue(at, m_events).x());
        event->accept();
        return;
    }
    QChartView::mouseReleaseEvent(event);
}

void AnomalyChartView::mouseDoubleClickEvent(QMouseEvent *event)
{
    chart()->zoomReset();
    setTimeRange();
    event->accept();
}

} // namespace payops
