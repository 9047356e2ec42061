#include "restore_words.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

namespace payops::restore_words {

QString table(const QString &qualified)
{
    // Quoted as SQL needs it ("public"."accounts"); people read accounts.
    QString name = qualified;
    name.remove(QLatin1Char('"'));
    return name.startsWith(QStringLiteral("public.")) ? name.mid(7) : name;
}

QString row(const QString &keyJson)
{
    const QJsonObject key = QJsonDocument::fromJson(keyJson.toUtf8()).object();
    if (key.isEmpty())
        return keyJson;
    QStringList parts;
    for (auto it = key.constBegin(); it != key.constEnd(); ++it)
        parts << it.key() + QLatin1Char(' ') + it.value().toVariant().toString();
    return parts.join(QStringLiteral(", "));
}

QString conflictReason(const QString &reason)
{
    static const QHash<QString, QString> words = {
        {QStringLiteral("key_reused"), QStringLiteral("the key is already used by another row")},
        {QStringLiteral("unique_taken"), QStringLiteral("a unique value is already taken")},
        {QStringLiteral("changed_since"), QStringLiteral("changed again after the incident")},
        {QStringLiteral("parent_missing"), QStringLiteral("the row it belongs to is missing")},
        {QStringLiteral("row_missing"), QStringLiteral("the row is no longer there")},
        {QStringLiteral("shape_changed"), QStringLiteral("the table's columns changed")},
        {QStringLiteral("table_not_registered"),
         QStringLiteral("the table is not open to corrective batches")},
        {QStringLiteral("check_refused"), QStringLiteral("a check of the table refuses it")},
        {QStringLiteral("trigger_refused"), QStringLiteral("a trigger of the table refuses it")},
        {QStringLiteral("refused"), QStringLiteral("the database refuses it")}};
    return words.value(reason, reason);
}

QString effect(const QString &effect, const QString &reason)
{
    if (effect == u"inserted")
        return QStringLiteral("put back");
    if (effect == u"updated")
        return QStringLiteral("values put back");
    if (effect == u"deleted")
        return QStringLiteral("deleted");
    if (effect == u"conflict")
        return QStringLiteral("conflict: ") + conflictReason(reason);
    return effect;
}

QString batchState(const QString &state)
{
    static const QHash<QString, QString> words = {
        {QStringLiteral("draft"), QStringLiteral("a draft, not submitted yet")},
        {QStringLiteral("submitted"), QStringLiteral("waiting for a second person's approval")},
        {QStringLiteral("approved"), QStringLiteral("approved, ready to execute")},
        {QStringLiteral("rejected"), QStringLiteral("rejected")},
        {QStringLiteral("executing"), QStringLiteral("executing (paused or running)")},
        {QStringLiteral("done"), QStringLiteral("executed: every item applied")},
        {QStringLiteral("partly_failed"),
         QStringLiteral("executed: some items met a conflict or failed")},
        {QStringLiteral("cancelled"), QStringLiteral("cancelled")}};
    return words.value(state, state);
}

} // namespace payops::restore_words
