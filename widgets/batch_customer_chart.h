#pragma once

#include "ops/batch_review.h"

#include <QChartView>

namespace payops {

// The review's per-customer breakdown: the ten customers who get (or
// give back) the most in the batch's largest currency, as horizontal
// bars, each with its exact amount and item count in its label and
// tooltip. One customer with most of the money, or one with many items,
// is what an approver looks for before signing.
class BatchCustomerChart : public QChartView
{
    Q_OBJECT
public:
    explicit BatchCustomerChart(QWidget *parent = nullptr);

    void showReview(const ops::BatchReview &review);
    // What the chart draws, for tests: "account: amount (items)" per bar,
    // largest first, and its title.
    QStringList barLabels() const { return m_labels; }
    QString titleText() const;

private:
    QStringList m_labels;
};

} // namespace payops
