#pragma once

#include "core/finding.h"

#include <QChartView>
#include <QPointer>

class QLineSeries;
class QScatterSeries;

namespace payops {

// One stream anomaly as a time series: the events, the band the baseline
// expected (low..high) with its median dashed, and the anomalous buckets
// in red. Zoom with a horizontal rubber band or the wheel, pan with the
// arrow keys or a right-button drag, double-click to see it all again;
// hovering over a point tells that bucket's numbers. Hidden for findings
// without a series.
class AnomalyChartView : public QChartView
{
    Q_OBJECT
public:
    explicit AnomalyChartView(QWidget *parent = nullptr);

    void setFinding(const Finding &finding);
    void clear();

    // For tests: points of the events line and of the anomalous markers.
    int eventPointCount() const;
    int anomalousPointCount() const;

signals:
    // A bucket was clicked: its start and size, to show its rows.
    void bucketClicked(const QDateTime &start, int seconds);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;

private:
    void showPointTip(const QPointF &point, bool state);
    // Zooms the time axis only (counts keep their scale) around the plot
    // x position `centre`; factor < 1 zooms in.
    void zoomTime(qreal factor, qreal centre);

    QLineSeries *m_events = nullptr;
    QScatterSeries *m_anomalous = nullptr;
    // The band's edges are not added to the chart, so the chart does not
    // delete them; clear() does.
    QPointer<QLineSeries> m_bandLow;
    QPointer<QLineSeries> m_bandHigh;
    QVector<SeriesPoint> m_points;
    int m_bucketSeconds = 3600;
    QPoint m_panFrom;
    bool m_panning = false;
};

} // namespace payops
