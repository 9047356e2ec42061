#include "run_words.h"

#include "widgets/money/money_words.h"
#include "widgets/restore/restore_words.h"

#include "core/money.h"

namespace payops::money_run_words {

using workspace::MoneyRunSetup;

QString whyNotRunnable(const MoneyRunSetup &s)
{
    const qint64 id = s.review.id;
    if (!s.isMoney)
        return QStringLiteral("Batch %1 is a %2 batch, not money: it runs from its case's "
                              "restore wizard (Cases → Restore…).")
            .arg(id)
            .arg(s.review.kind);
    if (!s.destinationProblem.isEmpty())
        return s.destinationProblem;
    const QString &state = s.review.state;
    if (state == u"draft")
        return QStringLiteral("Batch %1 is a draft: submit it for approval first; it runs once "
                              "finance approved it.")
            .arg(id);
    if (state == u"submitted")
        return QStringLiteral("Batch %1 waits for approval: it runs only once finance (someone "
                              "who did not build it) approved it in Approvals.")
            .arg(id);
    if (state == u"rejected" || state == u"cancelled")
        return QStringLiteral("Batch %1 was %2: it never runs.").arg(id).arg(state);
    if (state == u"done" || state == u"partly_failed")
        return QStringLiteral("Batch %1 has ended (%2): nothing is left to send.")
            .arg(id)
            .arg(restore_words::batchState(state));
    if (state == u"executing" && s.counts.pending == 0 && s.counts.sending == 0 &&
        s.counts.unknown == 0)
        return QStringLiteral("Nothing of batch %1 is left to send or look up; held items wait "
                              "for their person's consent.")
            .arg(id);
    if (state != u"approved" && state != u"executing")
        return QStringLiteral("Batch %1 is %2.").arg(id).arg(restore_words::batchState(state));
    return {};
}

QString whereItGoes(const MoneyRunSetup &s)
{
    if (!s.isMoney)
        return QStringLiteral("the billing database's own tables");
    if (!s.sendsToProvider)
        return s.review.kind == u"write-off"
                   ? QStringLiteral("nowhere: a write-off records what will not be recovered")
                   : QStringLiteral("the billing database's own ledger and balances");
    if (!s.destinationProblem.isEmpty())
        return QStringLiteral("no registered destination it may use");
    return money_words::destinationLine(s.destination);
}

QString howItGoes(const MoneyRunSetup &s)
{
    if (!s.sendsToProvider)
        return QStringLiteral("through the payops apply functions, each item with its state in "
                              "one transaction");
    if (s.destination.adapter == u"http")
        return QStringLiteral("%1, each item once under its own key; the key from the keychain "
                              "(payops provider-key --destination %2) or PAYOPS_PROVIDER_KEY")
            .arg(money_words::adapterWords(s.destination.adapter), s.destination.name);
    if (s.destination.adapter == u"file")
        return QStringLiteral("%1: each chunk one file in the hand-over folder; the acquirer's "
                              "result file is imported later")
            .arg(money_words::adapterWords(s.destination.adapter));
    return money_words::adapterWords(s.destination.adapter);
}

QVector<QStringList> countRows(const exec::ItemCounts &c, bool sendsToProvider)
{
    QVector<QStringList> rows;
    rows.append(
        {sendsToProvider ? QStringLiteral("Succeeded at the provider") : QStringLiteral("Applied"),
         formatCount(c.applied)});
    rows.append({QStringLiteral("Failed"), formatCount(c.failed)});
    if (c.conflict > 0)
        rows.append({QStringLiteral("Conflicts, left alone"), formatCount(c.conflict)});
    rows.append({QStringLiteral("Still to send"), formatCount(c.pending)});
    if (sendsToProvider) {
        rows.append({QStringLiteral("Being sent"), formatCount(c.sending)});
        rows.append({QStringLiteral("Sent, outcome not known yet"), formatCount(c.unknown)});
    }
    rows.append({QStringLiteral("Held until their person agrees"), formatCount(c.held)});
    rows.append({QStringLiteral("Total"), formatCount(c.total())});
    return rows;
}

QString openState(const workspace::OpenMoneyItem &item)
{
    if (item.state == u"held")
        return QStringLiteral("held");
    if (!item.resendRequestedBy.isEmpty())
        return QStringLiteral("to be sent again under its key on the next run (asked by %1)")
            .arg(item.resendRequestedBy);
    if (item.absent)
        return QStringLiteral("the provider has nothing under its key");
    if (item.state == u"sending")
        return QStringLiteral("being sent, or cut off while it was");
    return QStringLiteral("sent, no definitive answer yet");
}

} // namespace payops::money_run_words
