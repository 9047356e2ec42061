#pragma once

#include "core/finding.h"

#include <QChartView>
#include <QPointer>

class QLineSeries;
class QScatterSeries;

namespace payops {

// One finding's events over time, hour or day buckets (bursts, leaks,
// silences, share jumps): the events, the usual range the baseline expected
// (low..high) with its median dashed where there was a baseline, and the
// anomalous buckets in red. Ticks fall on round hours or days and counts
// carry thousands separators. A click anywhere over a bucket (the line, the
// red marker or the space above it) selects that bucket and says so
// (bucketClicked); zoom with a horizontal rubber band or the wheel, pan with
// the arrow keys or a right-button drag, double-click to see it all again;
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
    // The index into the finding's series of the selected bucket, -1 for none.
    int selectedBucket() const { return m_selected; }
    // What hovering over the bucket at `index` tells.
    QString bucketTip(int index) const;
    // The labels of the axes' ticks as drawn, for tests: times, then counts.
    QStringList timeTickLabels() const;
    QStringList countTickLabels() const;
    // "2026-04-18 14:00-15:00 UTC" or "2026-04-18": a bucket as people name it.
    static QString bucketName(const QDateTime &start, int seconds);
    // Selects the bucket nearest the time `msecs` as a click there does.
    void selectBucketAt(qreal msecs);

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
    int nearestBucket(qreal msecs) const;
    void setTimeRange();
    // Zooms the time axis only (counts keep their scale) around the plot
    // x position `centre`; factor < 1 zooms in.
    void zoomTime(qreal factor, qreal centre);

    QLineSeries *m_events = nullptr;
    QScatterSeries *m_anomalous = nullptr;
    QScatterSeries *m_selectedMarker = nullptr;
    int m_selected = -1;
    QPoint m_pressedAt;
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
