// The built-in messages, one per kind of harm. They are written for the
// person who reads them: what happened to them, in their money, what we did
// and what (if anything) they have to do. A template file (--template)
// replaces them; docs/OUTREACH.md has the format and these texts' fields.
#include "outreach/message_template.h"

namespace payops::outreach {

namespace {

MessageTemplate apology()
{
    MessageTemplate t;
    t.name = QStringLiteral("apology for wrong charges (refunded)");
    t.subject = QStringLiteral("We charged you {amount} by mistake and have refunded it");
    t.body = QStringLiteral(
        "Dear {name|customer},\n"
        "\n"
        "{?dates}On {dates} a fault in our billing system charged your account {account} "
        "{amount} for a subscription renewal you had not asked for.\n"
        "{!dates}A fault in our billing system charged your account {account} {amount} for a "
        "subscription renewal you had not asked for.\n"
        "Your account had been closed, and this charge should never have been made. We are "
        "sorry.\n"
        "\n"
        "We have refunded the full {amount} to the card or account it was taken from. "
        "Depending on your bank it can take up to ten working days to show on your "
        "statement. You do not need to do anything.\n"
        "\n"
        "Your account stays closed and nothing more will be charged to it. If you see "
        "anything else you do not recognise, reply to this message and quote our reference, "
        "case {case}.\n"
        "\n"
        "With our apologies,\n"
        "{sender}");
    t.call = QStringLiteral(
        "Introduce yourself and say you are calling about a charge of {amount} on their "
        "closed account.\n"
        "{?dates}The charge was made on {dates}.\n"
        "Explain: a fault in our billing system charged it by mistake; the full amount has "
        "been refunded and can take up to ten working days to show.\n"
        "Apologise. Ask whether they have seen the refund, and whether anything else on "
        "their account looks wrong to them.\n"
        "Confirm their e-mail address ({email|none on record}) for the written apology.");
    return t;
}

MessageTemplate reversalNotice()
{
    MessageTemplate t;
    t.name = QStringLiteral("notice of a reversed refund");
    t.subject = QStringLiteral("A refund of {amount} sent to you by mistake has been reversed");
    t.body = QStringLiteral(
        "Dear {name|customer},\n"
        "\n"
        "{?dates}On {dates} a test system of ours, pointed at the real payment network by "
        "mistake, sent a refund of {amount} to your account {account}.\n"
        "{!dates}A test system of ours, pointed at the real payment network by mistake, sent "
        "a refund of {amount} to your account {account}.\n"
        "Your original payment was correct and nothing was owed to you, so the bank has "
        "reversed that refund.\n"
        "\n"
        "Your statement may show both the refund and its reversal; together they come to "
        "zero. You do not need to do anything, and nothing else was taken from you.\n"
        "\n"
        "We are sorry for the confusion. If anything on your statement does not match this, "
        "reply to this message and quote our reference, case {case}.\n"
        "\n"
        "Kind regards,\n"
        "{sender}");
    t.call = QStringLiteral(
        "Say you are calling about a refund of {amount} they received.\n"
        "{?dates}It was sent on {dates}.\n"
        "Explain: it was sent by mistake by a test system; the bank has reversed it, so the "
        "refund and its reversal cancel out. Their original payment stands.\n"
        "Ask whether they see both entries, and whether anything else looks wrong.\n"
        "If they are out of pocket (bank fees, an overdraft), write it down in the note.");
    return t;
}

MessageTemplate clawbackRequest()
{
    MessageTemplate t;
    t.name = QStringLiteral("request to return a duplicate payout (claw-back)");
    t.subject = QStringLiteral("Interest of {amount} was paid to you twice: may we take the "
                               "duplicate back?");
    t.body = QStringLiteral(
        "Dear {name|customer},\n"
        "\n"
        "{?dates}On {dates} a fault in our payout system paid the interest on your account "
        "{account} twice.\n"
        "{!dates}A fault in our payout system paid the interest on your account {account} "
        "twice.\n"
        "The second payment, {amount}, was a duplicate: you received the interest you were "
        "owed, and then the same amount again.\n"
        "\n"
        "{?recoverable}With your agreement we would take back {recoverable}, which is what "
        "your balance still holds of it.\n"
        "{?unrecoverable}We will not ask you for the {unrecoverable} you have already "
        "withdrawn or reinvested.\n"
        "Nothing will be taken from your account unless you agree. To agree, reply to this "
        "message saying so, or tell us when we call. If you would like this explanation in "
        "writing first, with the two payments, say so and we will send it.\n"
        "\n"
        "We are sorry for the trouble, and grateful for your help.\n"
        "\n"
        "Kind regards,\n"
        "{sender}\n"
        "Our reference: case {case}");
    t.call = QStringLiteral(
        "Say you are calling about the interest paid to them: it was paid twice, and the "
        "duplicate was {amount}.\n"
        "{?dates}It was paid on {dates}.\n"
        "{?recoverable}Ask whether they agree that we take back {recoverable} from their "
        "balance (what it still holds of the duplicate).\n"
        "{?unrecoverable}Tell them we will not ask for the {unrecoverable} already withdrawn "
        "or reinvested.\n"
        "Make clear that nothing is taken without their agreement.\n"
        "If they want it in writing, record \"Written proof asked\" and send the explanation.\n"
        "If they refuse or dispute it, stay polite, write down their reasons in the note, and "
        "record \"Refused\" or \"Disputed\".");
    return t;
}

MessageTemplate notice()
{
    MessageTemplate t;
    t.name = QStringLiteral("notice of a billing error");
    t.subject = QStringLiteral("About an error on your account {account}");
    t.body = QStringLiteral(
        "Dear {name|customer},\n"
        "\n"
        "{?dates}On {dates} an error in our billing system affected your account {account}.\n"
        "{!dates}An error in our billing system affected your account {account}.\n"
        "{?amount}The amount concerned is {amount}.\n"
        "We have corrected it, and we are sorry.\n"
        "\n"
        "If anything on your account does not look right to you, reply to this message and "
        "quote our reference, case {case}.\n"
        "\n"
        "Kind regards,\n"
        "{sender}");
    t.call = QStringLiteral(
        "Say you are calling about an error on their account {account}.\n"
        "{?dates}It happened on {dates}.\n"
        "{?amount}The amount concerned is {amount}.\n"
        "Explain what was corrected, apologise, and ask whether anything else looks wrong.");
    return t;
}

} // namespace

MessageTemplate defaultTemplate(IncidentKind kind)
{
    switch (kind) {
    case IncidentKind::WrongCharge:
        return apology();
    case IncidentKind::ReversedRefund:
        return reversalNotice();
    case IncidentKind::DuplicatePayout:
        return clawbackRequest();
    case IncidentKind::Other:
        break;
    }
    return notice();
}

} // namespace payops::outreach
