#pragma once

#include <QString>

#include <stdexcept>

namespace payops {

// An error an operator can act on: one sentence of what was wrong and one of
// what to do. Engine code throws it; GUI and CLI show message() verbatim.
class UserError : public std::runtime_error
{
public:
    UserError(const QString &what, const QString &whatToDo)
        : std::runtime_error((what + QLatin1Char(' ') + whatToDo).toStdString())
        , m_what(what)
        , m_whatToDo(whatToDo)
    {
    }
    QString problem() const { return m_what; }
    QString remedy() const { return m_whatToDo; }
    QString message() const { return m_what + QLatin1Char(' ') + m_whatToDo; }

private:
    QString m_what;
    QString m_whatToDo;
};

} // namespace payops
