#include "report/dossier_markdown.h"

namespace payops::report {

namespace {

// A table cell: one line, no pipe that would split it.
QString cell(QString text)
{
    return text.replace(u'\n', u' ').replace(u'|', QStringLiteral("\\|"));
}

} // namespace

QStringList dossierFigures(const DossierData &d)
{
    MoneyTotals held, open;
    for (const DossierBatch &b : d.batches) {
        for (const QString &c : b.held.currencies())
            held.add(c, b.held.minorFor(c));
        for (const QString &c : b.open.currencies())
            open.add(c, b.open.minorFor(c));
    }
    QStringList figures = {
        QStringLiteral("Refunded: %1").arg(moneyWords(d.appliedOf(QStringLiteral("refund")))),
        QStringLiteral("Reversed: %1").arg(moneyWords(d.appliedOf(QStringLiteral("reversal")))),
        QStringLiteral("Recovered: %1").arg(moneyWords(d.appliedOf(QStringLiteral("claw-back")))),
        QStringLiteral("Written off: %1").arg(moneyWords(d.appliedOf(QStringLiteral("write-off")))),
        QStringLiteral("Waiting for consent: %1").arg(moneyWords(held)),
        QStringLiteral("Not yet ended: %1").arg(moneyWords(open)),
        QStringLiteral("Rows restored: %1").arg(formatCount(d.restoredRows())),
        QStringLiteral("Costs: %1").arg(moneyWords(d.costs)),
        QStringLiteral("People contacted or to contact: %1").arg(formatCount(d.rosterPeople)),
    };
    for (const auto &[status, people] : d.rosterByStatus)
        figures << QStringLiteral("People %1: %2").arg(statusWords(status), formatCount(people));
    figures << QStringLiteral("Audit chain: %1 rows, head %2")
                   .arg(formatCount(d.auditRows), d.auditHeadHash.left(16));
    return figures;
}

QString dossierMarkdown(const DossierData &d)
{
    QString md;
    md += QStringLiteral("# Incident dossier: case %1, %2\n\n").arg(d.caseId).arg(d.title);
    md += QStringLiteral("- Severity: %1; status: %2; owner: %3; opened %4\n")
              .arg(d.severity, d.status, d.owner, d.opened);
    md += QStringLiteral("- Database: %1 (%2)\n").arg(d.database, d.environment);
    md += QStringLiteral("- Made: %1 UTC\n\n")
              .arg(d.madeAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")));

    md += QStringLiteral("## What was put right\n\n");
    for (const QString &figure : dossierFigures(d))
        md += QStringLiteral("- %1\n").arg(figure);

    md += QStringLiteral("\n## Corrective batches\n\n");
    if (d.batches.isEmpty()) {
        md += QStringLiteral("None.\n");
    } else {
        md +=
            QStringLiteral("| Batch | Kind | State | Items | Approved | Applied | Failed | Held |\n"
                           "| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (const DossierBatch &b : d.batches)
            md += QStringLiteral("| %1 | %2 | %3 | %4 of %5 | %6 | %7 | %8 | %9 |\n")
                      .arg(b.id)
                      .arg(b.kind, b.state, formatCount(b.appliedItems), formatCount(b.items),
                           moneyWords(b.approved), moneyWords(b.applied), moneyWords(b.failed),
                           moneyWords(b.held));
    }

    md += QStringLiteral("\n## The people\n\n");
    if (d.rosterByStatus.isEmpty()) {
        md += QStringLiteral("No one is on this case's roster.\n");
    } else {
        md += QStringLiteral("| Status | People |\n| --- | --- |\n");
        for (const auto &[status, people] : d.rosterByStatus)
            md += QStringLiteral("| %1 | %2 |\n").arg(statusWords(status), formatCount(people));
    }

    md += QStringLiteral("\n## Timeline (UTC)\n\n| When | Who | What |\n| --- | --- | --- |\n");
    for (const DossierEvent &e : d.timeline) {
        md += QStringLiteral("| %1 | %2 | %3 |\n").arg(e.at, cell(e.who), cell(eventWords(e)));
    }

    md += QStringLiteral(
              "\n## Checking this dossier\n\nWhen it was made, the payops audit chain held %1 "
              "rows; the newest (seq %2) has the hash\n\n    %3\n\nAnyone with read access can "
              "check the database still agrees: `payops audit verify`, and `SELECT row_hash "
              "FROM payops.audit_log WHERE seq = %2`.\n")
              .arg(formatCount(d.auditRows))
              .arg(d.auditHeadSeq)
              .arg(d.auditHeadHash);
    return md;
}

} // namespace payops::report
