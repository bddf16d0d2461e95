namespace Cohortly.Integrations.Payments;

/// <summary>How the embedded gateway's test cards behave: as in Stripe's test mode.</summary>
public enum TestCardOutcome
{
    Succeeds,
    Declined,
    InsufficientFunds,
    /// <summary>
    /// Stripe's 4000 0000 0000 0341 ("attaches, but charges fail"), for installment plans: the checkout's first payment
    /// goes through and the card is saved, every later charge on it is declined.
    /// </summary>
    FailsLaterCharges,
    /// <summary>Not one of the test numbers: the page says so and nothing is charged.</summary>
    Unknown,
}

public static class TestCards
{
    public const string Succeeds = "4242424242424242";
    public const string Declines = "4000000000000002";
    public const string InsufficientFunds = "4000000000009995";
    public const string FailsLaterCharges = "4000000000000341";

    /// <summary>Spaces and dashes are how people type card numbers; they are ignored.</summary>
    public static TestCardOutcome OutcomeOf(string cardNumber) =>
        new string([.. cardNumber.Where(char.IsAsciiDigit)]) switch
        {
            Succeeds => TestCardOutcome.Succeeds,
            Declines => TestCardOutcome.Declined,
            InsufficientFunds => TestCardOutcome.InsufficientFunds,
            FailsLaterCharges => TestCardOutcome.FailsLaterCharges,
            _ => TestCardOutcome.Unknown,
        };
}
