#include "report/dossier_pdf.h"

#include "core/user_error.h"
#include "report/dossier_chart.h"
#include "report/dossier_markdown.h"

#include <QDir>
#include <QFile>
#include <QFont>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>
#include <QUrl>

namespace payops::report {

namespace {

QString html(const DossierData &d)
{
    const auto e = [](const QString &text) {
        return text.toHtmlEscaped();
    };
    QString h =
        QStringLiteral("<html><body style=\"font-family: 'DejaVu Sans'; font-size: 10pt\">");
    h += QStringLiteral("<h1>Incident dossier: case %1, %2</h1>").arg(d.caseId).arg(e(d.title));
    h += QStringLiteral("<p>Severity: %1; status: %2; owner: %3; opened %4<br>Database: %5 (%6)<br>"
                        "Made: %7 UTC</p>")
             .arg(e(d.severity), e(d.status), e(d.owner), e(d.opened), e(d.database),
                  e(d.environment), d.madeAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    h += QStringLiteral("<h2>What was put right</h2><ul>");
    for (const QString &figure : dossierFigures(d))
        h += QStringLiteral("<li>%1</li>").arg(e(figure));
    h += QStringLiteral("</ul>");
    if (!d.rosterByStatus.isEmpty())
        h += QStringLiteral("<h2>The people</h2><p><img src=\"chart:roster\" width=\"600\"></p>");
    h += QStringLiteral("<h2>Corrective batches</h2>");
    if (d.batches.isEmpty()) {
        h += QStringLiteral("<p>None.</p>");
    } else {
        h += QStringLiteral(
            "<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\"><tr><th>Batch</th>"
            "<th>Kind</th><th>State</th><th>Items applied</th><th>Approved</th>"
            "<th>Applied</th><th>Failed</th><th>Held</th></tr>");
        for (const DossierBatch &b : d.batches)
            h += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4 of %5</td><td>%6</td>"
                                "<td>%7</td><td>%8</td><td>%9</td></tr>")
                     .arg(b.id)
                     .arg(e(b.kind), e(b.state), formatCount(b.appliedItems), formatCount(b.items),
                          moneyWords(b.approved), moneyWords(b.applied), moneyWords(b.failed),
                          moneyWords(b.held));
        h += QStringLiteral("</table>");
    }
    h += QStringLiteral("<h2>Timeline (UTC)</h2><table border=\"1\" cellspacing=\"0\" "
                        "cellpadding=\"3\"><tr><th>When</th><th>Who</th><th>What</th></tr>");
    for (const DossierEvent &ev : d.timeline)
        h += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td></tr>")
                 .arg(e(ev.at), e(ev.who), e(eventWords(ev)));
    h += QStringLiteral("</table>");
    h += QStringLiteral("<h2>Checking this dossier</h2><p>When it was made, the payops audit chain "
                        "held %1 rows; the newest (seq %2) has the hash</p><p><tt>%3</tt></p><p>"
                        "Anyone with read access can check the database still agrees: payops "
                        "audit verify, and SELECT row_hash FROM payops.audit_log WHERE seq = %2."
                        "</p></body></html>")
             .arg(formatCount(d.auditRows))
             .arg(d.auditHeadSeq)
             .arg(e(d.auditHeadHash));
    return h;
}

} // namespace

QStringList writeDossierFiles(const DossierData &dossier, const QString &folder)
{
    const QString base =
        QDir(folder).filePath(QStringLiteral("case-%1-dossier").arg(dossier.caseId));
    QSaveFile markdown(base + QStringLiteral(".md"));
    if (!markdown.open(QIODevice::WriteOnly) ||
        markdown.write(dossierMarkdown(dossier).toUtf8()) < 0 || !markdown.commit())
        throw UserError(
            QStringLiteral("Cannot write %1: %2.").arg(markdown.fileName(), markdown.errorString()),
            QStringLiteral("Choose a folder you may write to; nothing was written."));
    writeDossierPdf(dossier, base + QStringLiteral(".pdf"));
    return {base + QStringLiteral(".pdf"), base + QStringLiteral(".md")};
}

void writeDossierPdf(const DossierData &dossier, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        throw UserError(QStringLiteral("Cannot write %1: %2.").arg(path, file.errorString()),
                        QStringLiteral("Choose a folder you may write to; nothing was written."));
    QPdfWriter writer(&file);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setResolution(150);
    writer.setTitle(
        QStringLiteral("Incident dossier: case %1, %2").arg(dossier.caseId).arg(dossier.title));
    writer.setCreator(QStringLiteral("PayOps Incident Console"));
    QTextDocument document;
    document.setPageSize(QSizeF(writer.width(), writer.height()));
    // No ligatures: "Written off" stays six letters a reader can search for
    // and copy, not an "ff" glyph.
    QFont font(QStringLiteral("DejaVu Sans"), 10);
    font.setStyleStrategy(QFont::PreferNoShaping);
    document.setDefaultFont(font);
    QVector<QPair<QString, qint64>> bars;
    for (const auto &[status, people] : dossier.rosterByStatus)
        bars.append({statusWords(status), people});
    document.addResource(QTextDocument::ImageResource, QUrl(QStringLiteral("chart:roster")),
                         barChart(QStringLiteral("People by outreach status"), bars));
    document.setHtml(html(dossier));
    document.print(&writer);
}

} // namespace payops::report
