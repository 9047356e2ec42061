#pragma once

#include <QChartView>
#include <QMap>

namespace payops {

// How many people of the roster stand at each status, as horizontal bars
// (the statuses' words are long; on a horizontal chart they stay
// readable), in the order support meets them, top to bottom, each bar
// labelled with its count. Every status keeps its row, so the picture
// does not jump as people move on.
class StatusChart : public QChartView
{
    Q_OBJECT
public:
    explicit StatusChart(QWidget *parent = nullptr);

    // Per status code; an empty map (no roster) shows nothing.
    void setCounts(const QMap<QString, int> &counts);
    QMap<QString, int> counts() const { return m_counts; }

private:
    QMap<QString, int> m_counts;
};

} // namespace payops
