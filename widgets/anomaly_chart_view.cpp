#include "anomaly_chart_view.h"

#include <QAreaSeries>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QMouseEvent>
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
    QChart *c = chart();
    c->setTitle(finding.bucketSeconds >= 86400 ? tr("Events per day") : tr("Events per hour"));

    // The baseline band: an area between low and high where there was a
    // baseline to judge by.
    auto *low = new QLineSeries;
    auto *high = new QLineSeries;
    auto *median = new QLineSeries;
    m_events = new QLineSeries;
    m_anomalous = new QScatterSeries;
    double top = 1;
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
    auto *band = new QAreaSeries(high, low);
    band->setName(tr("no alarm below"));
    band->setColor(QColor(21, 101, 192, 50));
    band->setBorderColor(QColor(21, 101, 192, 90));
    median->setName(tr("usual"));
    QPen dashed(QColor(21, 101, 192));
    dashed.setStyle(Qt::DashLine);
    median->setPen(dashed);
    m_events->setName(tr("events"));
    m_events->setPen(QPen(QColor(33, 33, 33), 1.5));
    m_anomalous->setName(tr("anomalous"));
    m_anomalous->setColor(QColor(198, 40, 40));
    m_anomalous->setBorderColor(QColor(198, 40, 40));
    m_anomalous->setMarkerSize(9);
    for (QAbstractSeries *series :
         std::initializer_list<QAbstractSeries *>{band, median, m_events, m_anomalous})
        c->addSeries(series);

    auto *x = new QDateTimeAxis;
    x->setFormat(finding.bucketSeconds >= 86400 ? QStringLiteral("MM-dd")
                                                : QStringLiteral("MM-dd HH:mm"));
    x->setTickCount(6);
    auto *y = new QValueAxis;
    y->setRange(0, top * 1.08);
    y->setLabelFormat(QStringLiteral("%d"));
    c->addAxis(x, Qt::AlignBottom);
    c->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries *series : c->series()) {
        series->attachAxis(x);
        series->attachAxis(y);
    }
    connect(m_events, &QLineSeries::hovered, this, &AnomalyChartView::showPointTip);
    connect(m_anomalous, &QScatterSeries::hovered, this, &AnomalyChartView::showPointTip);
    connect(m_events, &QLineSeries::clicked, this, [this](const QPointF &point) {
        emit bucketClicked(QDateTime::fromMSecsSinceEpoch(qint64(point.x()), Qt::UTC),
                           m_bucketSeconds);
    });
    show();
}

void AnomalyChartView::showPointTip(const QPointF &point, bool state)
{
    if (!state) {
        QToolTip::hideText();
        return;
    }
    // The nearest bucket to the pointer.
    const auto nearest = std::min_element(
        m_points.cbegin(), m_points.cend(), [&](const SeriesPoint &a, const SeriesPoint &b) {
            return std::abs(msecs(a.start) - point.x()) < std::abs(msecs(b.start) - point.x());
        });
    if (nearest == m_points.cend())
        return;
    const QString when = nearest->start.toUTC().toString(m_bucketSeconds >= 86400
                                                             ? QStringLiteral("yyyy-MM-dd")
                                                             : QStringLiteral("yyyy-MM-dd HH:mm"));
    QString text = tr("%1 UTC: %2 events").arg(when, number(nearest->events));
    if (nearest->expected >= 0)
        text += tr("\nexpected %1 (band %2 to %3)")
                    .arg(number(nearest->expected), number(nearest->low), number(nearest->high));
    else
        text += tr("\nno baseline yet");
    if (nearest->anomalous)
        text += tr("\nanomalous");
    QToolTip::showText(QCursor::pos(), text, this);
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
        break;
    default:
        QChartView::keyPressEvent(event);
    }
}

void AnomalyChartView::mousePressEvent(QMouseEvent *event)
{
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
    QChartView::mouseReleaseEvent(event);
}

void AnomalyChartView::mouseDoubleClickEvent(QMouseEvent *event)
{
    chart()->zoomReset();
    event->accept();
}

} // namespace payops
