using Cohortly.Common;
using Cohortly.Payments;

namespace Cohortly.Integrations.Payments;

public sealed partial class TestGatewaySessionGrain : ITestGatewayInstallmentsGrain
{
    public async Task ChargeSavedCardAsync(ChargeAttempt attempt, string currency)
    {
        if (!state.State.ChargeAttemptIds.Add(attempt.AttemptId))
        {
            return;
        }
        // No card saved (a session from before plans): Stripe declines an off-session charge without a payment method too.
        var succeeds = state.State.SavedCard == TestCardOutcome.Succeeds;
        Queue(gateway.InvoiceEventFor(PaymentId, attempt, currency, succeeds), TimeSpan.Zero);
        await state.WriteStateAsync();
        await ArmReminderAsync(TimeSpan.Zero);
        ScheduleAttempt();
    }

    public async Task PayOwedAsync(OwedCharges owed, TestCardOutcome card, string webhookUrl)
    {
        if (card == TestCardOutcome.Unknown)
        {
            throw DomainException.Validation("cardNumber", "Use one of the test card numbers listed on the page.");
        }
        // A card that declines is not saved (Stripe refuses to attach it); one that attaches replaces the saved card.
        if (card is TestCardOutcome.Succeeds or TestCardOutcome.FailsLaterCharges)
        {
            state.State.SavedCard = card;
        }
        state.State.WebhookUrl = webhookUrl;
        foreach (var attempt in owed.Attempts.Where(a => state.State.ChargeAttemptIds.Add(a.AttemptId)))
        {
            Queue(gateway.InvoiceEventFor(PaymentId, attempt, owed.Currency, card == TestCardOutcome.Succeeds), TimeSpan.Zero);
        }
        await state.WriteStateAsync();
        await ArmReminderAsync(TimeSpan.Zero);
        ScheduleAttempt();
    }
}
