#include "outreach/message_template.h"

#include "core/user_error.h"

#include <QFile>
#include <QRegularExpression>
#include <QStringDecoder>

namespace payops::outreach {

namespace {

// One line of a template, cut into literal text and fields.
struct Piece
{
    bool isField = false;
    QString text; // the literal, or the field's name
    QString fallback;
};

struct Line
{
    QChar condition; // '?', '!' or null
    QString conditionField;
    QVector<Piece> pieces;
};

bool knownField(const QString &name, QString &problem)
{
    if (templateFields().contains(name))
        return true;
    problem = QStringLiteral("unknown field {%1} (the fields are %2)")
                  .arg(name, templateFields().join(QStringLiteral(", ")));
    return false;
}

// Cuts one line; sets `problem` (without the line number) when it is malformed.
Line parseLine(const QString &text, QString &problem)
{
    Line line;
    int i = 0;
    const int n = text.size();
    if (text.startsWith(QLatin1String("{?")) || text.startsWith(QLatin1String("{!"))) {
        const int close = text.indexOf(QLatin1Char('}'));
        if (close < 0) {
            problem = QStringLiteral("an unclosed {");
            return line;
        }
        line.condition = text.at(1);
        line.conditionField = text.mid(2, close - 2).trimmed();
        if (!knownField(line.conditionField, problem))
            return line;
        i = close + 1;
    }
    QString literal;
    const auto flush = [&] {
        if (!literal.isEmpty())
            line.pieces.append({false, literal, QString()});
        literal.clear();
    };
    while (i < n) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('{')) {
            if (i + 1 < n && text.at(i + 1) == QLatin1Char('{')) {
                literal += QLatin1Char('{');
                i += 2;
                continue;
            }
            const int close = text.indexOf(QLatin1Char('}'), i + 1);
            if (close < 0) {
                problem = QStringLiteral("an unclosed { (write {{ for a literal one)");
                return line;
            }
            const QString inner = text.mid(i + 1, close - i - 1);
            if (inner.startsWith(QLatin1Char('?')) || inner.startsWith(QLatin1Char('!'))) {
                problem = QStringLiteral("{%1} may only open a line").arg(inner);
                return line;
            }
            const QString name = inner.section(QLatin1Char('|'), 0, 0).trimmed();
            if (!knownField(name, problem))
                return line;
            flush();
            line.pieces.append({true, name, inner.section(QLatin1Char('|'), 1)});
            i = close + 1;
        } else if (c == QLatin1Char('}')) {
            if (i + 1 < n && text.at(i + 1) == QLatin1Char('}')) {
                literal += QLatin1Char('}');
                i += 2;
                continue;
            }
            problem = QStringLiteral("a } without its { (write }} for a literal one)");
            return line;
        } else {
            literal += c;
            ++i;
        }
    }
    flush();
    return line;
}

QStringList linesOf(const QString &text)
{
    QString normal = text;
    normal.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    normal.replace(QLatin1Char('\r'), QLatin1Char('\n'));
    return normal.split(QLatin1Char('\n'));
}

// The problems of a section that starts at line `firstLine` of a file.
QStringList problemsOf(const QString &text, int firstLine)
{
    QStringList problems;
    const QStringList lines = linesOf(text);
    for (int i = 0; i < lines.size(); ++i) {
        QString problem;
        parseLine(lines[i], problem);
        if (!problem.isEmpty())
            problems << QStringLiteral("line %1: %2").arg(firstLine + i).arg(problem);
    }
    return problems;
}

QString trimmedLines(const QStringList &lines)
{
    int from = 0, to = lines.size();
    while (from < to && lines[from].trimmed().isEmpty())
        ++from;
    while (to > from && lines[to - 1].trimmed().isEmpty())
        --to;
    return lines.mid(from, to - from).join(QLatin1Char('\n'));
}

UserError malformed(const QString &origin, const QString &problem)
{
    return UserError(QStringLiteral("The template %1 is malformed: %2.").arg(origin, problem),
                     QStringLiteral("Fix the file (its format is in docs/OUTREACH.md) and export "
                                    "again; nothing was written."));
}

} // namespace

const QStringList &templateFields()
{
    static const QStringList fields = {
        QStringLiteral("name"),          QStringLiteral("email"),  QStringLiteral("phone"),
        QStringLiteral("account"),       QStringLiteral("amount"), QStringLiteral("recoverable"),
        QStringLiteral("unrecoverable"), QStringLiteral("rows"),   QStringLiteral("dates"),
        QStringLiteral("status"),        QStringLiteral("case"),   QStringLiteral("case_title"),
        QStringLiteral("sender")};
    return fields;
}

QString renderTemplate(const QString &text, const QMap<QString, QString> &fields)
{
    QStringList out;
    for (const QString &raw : linesOf(text)) {
        QString problem;
        const Line line = parseLine(raw, problem);
        if (!line.condition.isNull()) {
            const bool known = !fields.value(line.conditionField).isEmpty();
            if (known != (line.condition == QLatin1Char('?')))
                continue;
        }
        QString rendered;
        for (const Piece &piece : line.pieces) {
            if (!piece.isField) {
                rendered += piece.text;
                continue;
            }
            const QString value = fields.value(piece.text);
            rendered += value.isEmpty() ? piece.fallback : value;
        }
        out << rendered;
    }
    return out.join(QLatin1Char('\n'));
}

QString templateProblem(const QString &text)
{
    return problemsOf(text, 1).join(QStringLiteral("; "));
}

MessageTemplate parseTemplate(const QString &text, const QString &origin)
{
    MessageTemplate t;
    t.name = origin;
    static const QRegularExpression sectionLine(QStringLiteral("^\\[([A-Za-z_]+)\\]$"));
    static const QRegularExpression headerLine(QStringLiteral("^([A-Za-z]+):\\s*(.*)$"));
    const QStringList lines = linesOf(text);
    QString section;
    QMap<QString, QStringList> sections;
    QMap<QString, int> firstLine;
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines[i];
        const auto sectionMatch = sectionLine.match(line.trimmed());
        if (sectionMatch.hasMatch()) {
            const QString name = sectionMatch.captured(1).toLower();
            if (name != u"subject" && name != u"body" && name != u"call")
                throw malformed(origin, QStringLiteral("line %1: unknown section [%2] (the "
                                                       "sections are [subject], [body], [call])")
                                            .arg(i + 1)
                                            .arg(sectionMatch.captured(1)));
            if (sections.contains(name))
                throw malformed(origin,
                                QStringLiteral("line %1: a second [%2]").arg(i + 1).arg(name));
            section = name;
            sections.insert(name, {});
            firstLine.insert(name, i + 2);
            continue;
        }
        if (!section.isEmpty()) {
            sections[section].append(line);
            continue;
        }
        if (line.trimmed().isEmpty() || line.trimmed().startsWith(QLatin1Char('#')))
            continue;
        const auto header = headerLine.match(line.trimmed());
        const QString key = header.captured(1).toLower();
        if (header.hasMatch() && key == u"from")
            t.from = header.captured(2).trimmed();
        else if (header.hasMatch() && key == u"name")
            t.name = header.captured(2).trimmed();
        else
            throw malformed(origin,
                            QStringLiteral("line %1: \"%2\" is neither a from: or name: line nor "
                                           "a section ([subject], [body], [call])")
                                .arg(i + 1)
                                .arg(line.trimmed().left(60)));
    }
    // Leading blank lines are trimmed; the first line of a section's text
    // may then be further down than its header.
    const auto text_of = [&](const QString &name) {
        QStringList lines = sections.value(name);
        while (!lines.isEmpty() && lines.constFirst().trimmed().isEmpty()) {
            lines.removeFirst();
            ++firstLine[name];
        }
        return trimmedLines(lines);
    };
    t.subject = text_of(QStringLiteral("subject"));
    t.body = text_of(QStringLiteral("body"));
    t.call = text_of(QStringLiteral("call"));
    if (t.subject.isEmpty())
        throw malformed(origin, QStringLiteral("it has no [subject] (a section with one line)"));
    if (t.subject.contains(QLatin1Char('\n')))
        throw malformed(origin, QStringLiteral("line %1: the subject is one line, and [subject] "
                                               "has more")
                                    .arg(firstLine.value(QStringLiteral("subject"))));
    if (t.body.isEmpty())
        throw malformed(origin, QStringLiteral("it has no [body], or an empty one"));
    QStringList problems;
    for (const QString &name :
         {QStringLiteral("subject"), QStringLiteral("body"), QStringLiteral("call")})
        problems << problemsOf(name == u"subject" ? t.subject
                               : name == u"body"  ? t.body
                                                  : t.call,
                               firstLine.value(name));
    problems.removeAll(QString());
    if (!problems.isEmpty())
        throw malformed(origin, problems.join(QStringLiteral("; ")));
    return t;
}

MessageTemplate loadTemplateFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw UserError(
            QStringLiteral("Cannot read the template %1: %2.").arg(path, file.errorString()),
            QStringLiteral("Check the path given to --template; nothing was written."));
    const QByteArray bytes = file.read(1024 * 1024 + 1);
    if (bytes.size() > 1024 * 1024)
        throw malformed(path, QStringLiteral("it is larger than 1 MB"));
    QStringDecoder utf8(QStringDecoder::Utf8);
    const QString text = utf8.decode(bytes);
    if (utf8.hasError())
        throw malformed(path, QStringLiteral("it is not UTF-8 text"));
    return parseTemplate(text, path);
}

} // namespace payops::outreach
