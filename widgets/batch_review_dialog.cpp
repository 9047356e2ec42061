#include "batch_review_dialog.h"

#include "db/db_worker.h"
#include "db/session.h"
#include "items/query_table_model.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace payops {

BatchReviewDialog::BatchReviewDialog(qint64 batchId, db::DbWorker *browseWorker,
                                     const ConnectionProfile &profile, QWidget *parent)
    : QDialog(parent)
    , m_batchId(batchId)
    , m_browseWorker(browseWorker)
    , m_profile(profile)
    , m_items(new QueryTableModel(browseWorker, this))
    , m_header(new QLabel(this))
    , m_outcome(new QLabel(this))
    , m_table(new QTableView(this))
    , m_reason(new QLineEdit(this))
    , m_approve(new QPushButton(tr("Approve…"), this))
    , m_reject(new QPushButton(tr("Reject"), this))
{
    setObjectName(QStringLiteral("batchReviewDialog"));
    setWindowTitle(tr("Review batch %1").arg(batchId));
    resize(900, 600);
    m_header->setTextFormat(Qt::RichText);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setWordWrap(true);
    m_outcome->setObjectName(QStringLiteral("reviewOutcome"));
    m_outcome->setWordWrap(true);
    m_table->setModel(m_items);
    m_reason->setPlaceholderText(tr("Reason (required to reject)"));
    m_reason->setObjectName(QStringLiteral("rejectReason"));
    m_approve->setObjectName(QStringLiteral("approveButton"));
    m_reject->setObjectName(QStringLiteral("rejectButton"));
    m_approve->setEnabled(false);
    m_reject->setEnabled(false);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_reason, 1);
    buttons->addWidget(m_reject);
    buttons->addWidget(m_approve);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_header);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_outcome);
    layout->addLayout(buttons);

    askPassword = [this](const QString &question, bool *ok) {
        return QInputDialog::getText(this, tr("Confirm your password"), question,
                                     QLineEdit::Password, QString(), ok);
    };
    connect(m_approve, &QPushButton::clicked, this, [this] { decide(true); });
    connect(m_reject, &QPushButton::clicked, this, [this] { decide(false); });
    connect(m_reason, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_reject->setEnabled(m_review.state == u"submitted" && !text.trimmed().isEmpty());
    });

    browseWorker->call(
        this, tr("load batch"),
        [batchId](db::Session &session, const db::JobProgress &) {
            return QVariant::fromValue(ops::loadBatchReview(session, batchId));
        },
        [this](const QVariant &result) { showReview(result.value<ops::BatchReview>()); },
        [this](const QString &message, bool) { m_outcome->setText(message); });
    m_items->setQuery(ops::batchItemsSql(batchId));
}

BatchReviewDialog::~BatchReviewDialog()
{
    delete m_decisionWorker;
}

void BatchReviewDialog::showReview(const ops::BatchReview &r)
{
    m_review = r;
    m_header->setText(
        tr("<b>Batch %1: %2</b> (%3)<br>%4<br>Built by <b>%5</b> at %6, submitted by <b>%7</b><br>"
           "Bound to database <b>%8</b> on cluster %9, environment <b>%10</b><br>"
           "%11 items, totals: <b>%12</b><br>Content hash (what you sign): <tt>%13</tt><br>%14")
            .arg(r.id)
            .arg(r.kind.toHtmlEscaped(), r.state.toHtmlEscaped(), r.description.toHtmlEscaped(),
                 r.createdBy.toHtmlEscaped(), r.createdAt.toHtmlEscaped(),
                 r.submittedBy.toHtmlEscaped(), r.databaseName.toHtmlEscaped(),
                 r.systemIdentifier.toHtmlEscaped())
            .arg(r.environment.toHtmlEscaped(), formatCount(r.itemCount),
                 r.totals.toDisplayString().toHtmlEscaped(), r.contentHash,
                 r.decisions.isEmpty() ? tr("No decisions yet.")
                                       : r.decisions.join(QStringLiteral("<br>")).toHtmlEscaped()));
    m_approve->setEnabled(r.state == u"submitted");
    emit loaded();
}

void BatchReviewDialog::decide(bool approve)
{
    const QString reason = m_reason->text().trimmed();
    bool ok = false;
    // Re-authenticate even when the password sits in the keychain: the
    // signature is the person at the keyboard, now.
    const QString password =
        askPassword(tr("%1 batch %2 (%3) as %4: type your database password.")
                        .arg(approve ? tr("Approve") : tr("Reject"))
                        .arg(m_batchId)
                        .arg(m_review.totals.toDisplayString(),
                             m_profile.user.isEmpty() ? tr("yourself") : m_profile.user),
                    &ok);
    if (!ok)
        return;
    m_approve->setEnabled(false);
    m_reject->setEnabled(false);
    delete m_decisionWorker;
    db::SessionOptions options;
    options.readOnly = false; // the payops functions write; the database decides who may
    options.purpose = QStringLiteral("approval");
    m_decisionWorker =
        new db::DbWorker(m_profile, password, options, QStringLiteral("payops-console"));
    const qint64 batchId = m_batchId;
    const QString hash = m_review.contentHash;
    auto finish = [this](const QString &text, bool accepted) {
        m_outcome->setText(text);
        m_outcome->setStyleSheet(accepted ? QStringLiteral("color: #1b5e20;")
                                          : QStringLiteral("color: #8e0000;"));
        m_approve->setEnabled(!accepted && m_review.state == u"submitted");
        emit decided(text, accepted);
    };
    connect(m_decisionWorker, &db::DbWorker::openFailed, this,
            [finish](const QString &message) { finish(message, false); });
    connect(m_decisionWorker, &db::DbWorker::jobFinished, this,
            [finish, approve](quint64, const QVariant &state) {
                finish(approve ? tr("Approved; the batch is now %1.").arg(state.toString())
                               : tr("Rejected."),
                       true);
            });
    connect(m_decisionWorker, &db::DbWorker::jobFailed, this,
            [finish](quint64, const QString &message) { finish(message, false); });
    // The decision is sent only once the connection opened with the typed
    // password is up, so a wrong password is reported as exactly that.
    db::DbWorker *worker = m_decisionWorker;
    connect(worker, &db::DbWorker::opened, this, [worker, approve, batchId, hash, reason] {
        worker->submit(
            approve ? tr("approve batch") : tr("reject batch"),
            [approve, batchId, hash, reason](db::Session &session, const db::JobProgress &) {
                if (approve)
                    return QVariant(ops::approveBatch(session, batchId, hash));
                ops::rejectBatch(session, batchId, reason);
                return QVariant(QStringLiteral("rejected"));
            });
    });
    worker->open();
}

QString BatchReviewDialog::outcome() const
{
    return m_outcome->text();
}

} // namespace payops
