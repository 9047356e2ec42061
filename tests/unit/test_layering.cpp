// The layering of the code, guarded: every #include of one part by another
// must be allowed by the matrix written once in docs/ARCHITECTURE.md
// ("Which part may include which"), libpqxx is included only in db/ and
// QtKeychain only in secrets/. The matrix is read from the document, so the
// document and the code cannot drift apart.
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

namespace {

using Matrix = QMap<QString, QSet<QString>>;

// The table under the heading "## Which part may include which":
// | part | may include |, the second cell a comma-separated list of parts
// (any other words in it are prose, such as "nothing of the project").
Matrix readMatrix(const QString &markdown, QString &problem)
{
    Matrix matrix;
    const int start = markdown.indexOf(QStringLiteral("## Which part may include which"));
    if (start < 0) {
        problem = QStringLiteral("docs/ARCHITECTURE.md has no section \"Which part may include "
                                 "which\"");
        return matrix;
    }
    static const QRegularExpression row(QStringLiteral("^\\|\\s*`?([a-z]+)/?`?\\s*\\|([^|]*)\\|"));
    static const QRegularExpression word(QStringLiteral("\\b([a-z]+)\\b"));
    const QStringList lines = markdown.mid(start).split(QLatin1Char('\n')).mid(1);
    QStringList rows;
    for (const QString &line : lines) {
        if (line.startsWith(QStringLiteral("## ")))
            break;
        const auto match = row.match(line);
        if (match.hasMatch() && match.captured(1) != u"part")
            rows << line;
    }
    for (const QString &line : rows)
        matrix.insert(row.match(line).captured(1), {});
    for (const QString &line : rows) {
        const auto match = row.match(line);
        auto words = word.globalMatch(match.captured(2));
        while (words.hasNext()) {
            const QString name = words.next().captured(1);
            if (matrix.contains(name))
                matrix[match.captured(1)].insert(name);
        }
    }
    if (matrix.isEmpty())
        problem = QStringLiteral("the matrix in docs/ARCHITECTURE.md has no rows");
    return matrix;
}

// Which part a source file belongs to: models/<part>/..., widgets/..., app/...
QString partOf(const QString &relativePath)
{
    const QStringList segments = relativePath.split(QLatin1Char('/'));
    if (segments.value(0) == u"models")
        return segments.value(1);
    return segments.value(0);
}

// The parts a file's includes name ("diff/table_differ.h" names diff;
// "cli/..." in app/ and a bare "x.h" in widgets/ name the file's own part).
QStringList violations(const QString &relativePath, const QString &text, const Matrix &matrix)
{
    QStringList found;
    const QString part = partOf(relativePath);
    static const QRegularExpression include(
        QStringLiteral("^\\s*#\\s*include\\s*([\"<])([^\">]+)[\">]"),
        QRegularExpression::MultilineOption);
    auto it = include.globalMatch(text);
    while (it.hasNext()) {
        const auto match = it.next();
        const QString path = match.captured(2);
        const bool system = match.captured(1) == u"<";
        if (system) {
            if (path.startsWith(QStringLiteral("pqxx")) && part != u"db")
                found << QStringLiteral("%1 includes <%2>: libpqxx belongs to db/ alone")
                             .arg(relativePath, path);
            if (path.startsWith(QStringLiteral("qt6keychain")) && part != u"secrets")
                found << QStringLiteral("%1 includes <%2>: QtKeychain belongs to secrets/ alone")
                             .arg(relativePath, path);
            if (relativePath.startsWith(QStringLiteral("models/")) &&
                (path.startsWith(QStringLiteral("QtWidgets")) || path == u"QWidget" ||
                 path == u"QApplication" || path == u"QDialog" || path == u"QMainWindow"))
                found << QStringLiteral("%1 includes <%2>: the engine has no widgets")
                             .arg(relativePath, path);
            continue;
        }
        const QString first = path.section(QLatin1Char('/'), 0, 0);
        if (!path.contains(QLatin1Char('/')) || first == part)
            continue; // the file's own part
        if (part == u"app" && (first == u"cli" || first == u"console"))
            continue;
        if (!matrix.contains(first))
            continue; // not a part of the project (a generated header, say)
        if (!matrix.value(part).contains(first))
            found << QStringLiteral("%1 includes \"%2\": %3 may not include %4")
                         .arg(relativePath, path, part, first);
    }
    return found;
}

} // namespace

class TestLayering : public QObject
{
    Q_OBJECT

    Matrix m_matrix;

private slots:
    void initTestCase()
    {
        QFile doc(QStringLiteral(PAYOPS_SOURCE_DIR "/docs/ARCHITECTURE.md"));
        QVERIFY(doc.open(QIODevice::ReadOnly));
        QString problem;
        m_matrix = readMatrix(QString::fromUtf8(doc.readAll()), problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    // The checker itself catches what it is for.
    void aForbiddenIncludeIsCaught()
    {
        QVERIFY(m_matrix.contains(QStringLiteral("widgets")));
        QVERIFY(!m_matrix.value(QStringLiteral("widgets")).contains(QStringLiteral("db")));
        QCOMPARE(violations(QStringLiteral("widgets/x.cpp"),
                            QStringLiteral("#include \"db/session.h\"\n"), m_matrix)
                     .size(),
                 1);
        QCOMPARE(violations(QStringLiteral("models/diff/x.cpp"),
                            QStringLiteral("#include <pqxx/pqxx>\n"), m_matrix)
                     .size(),
                 1);
        QCOMPARE(violations(QStringLiteral("models/core/x.cpp"),
                            QStringLiteral("#include <QWidget>\n"), m_matrix)
                     .size(),
                 1);
        QVERIFY(violations(QStringLiteral("models/db/x.cpp"),
                           QStringLiteral("#include \"core/money.h\"\n"), m_matrix)
                    .isEmpty());
    }

    void everyPartIsInTheMatrix()
    {
        QStringList missing;
        for (const QString &dir : QDir(QStringLiteral(PAYOPS_SOURCE_DIR "/models"))
                                      .entryList(QDir::Dirs | QDir::NoDotAndDotDot))
            if (!m_matrix.contains(dir))
                missing << dir;
        for (const char *top : {"widgets", "app"})
            if (!m_matrix.contains(QLatin1String(top)))
                missing << QLatin1String(top);
        QVERIFY2(
            missing.isEmpty(),
            qPrintable(QStringLiteral("parts missing from the matrix in docs/ARCHITECTURE.md: ") +
                       missing.join(QStringLiteral(", "))));
    }

    void everyIncludeIsAllowed()
    {
        QStringList found;
        int files = 0;
        const QDir root(QStringLiteral(PAYOPS_SOURCE_DIR));
        for (const char *top : {"models", "widgets", "app"}) {
            QDirIterator it(root.filePath(QLatin1String(top)),
                            {QStringLiteral("*.h"), QStringLiteral("*.cpp")}, QDir::Files,
                            QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString path = it.next();
                QFile file(path);
                QVERIFY(file.open(QIODevice::ReadOnly));
                found << violations(root.relativeFilePath(path), QString::fromUtf8(file.readAll()),
                                    m_matrix);
                ++files;
            }
        }
        QVERIFY(files > 100);
        QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
    }
};

QTEST_APPLESS_MAIN(TestLayering)
#include "test_layering.moc"
