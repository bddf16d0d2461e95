namespace Cohortly.Integrations.Payments;

/// <summary>How the embedded gateway's test cards behave: as in Stripe's test mode.</summary>
public enum TestCardOutcome
{
    Succeeds,
    Declined,
    InsufficientFunds,
    /// <summary>Not one of the test numbers: the page says so and nothing is charged.</summary>
    Unknown,
}

public static class TestCards
{
    public const string Succeeds = "4242424242424242";
    public const string Declines = "4000000000000002";
    public const string InsufficientFunds = "4000000000009995";

    /// <summary>Spaces and dashes are how people type card numbers; they are ignored.</summary>
    public static TestCardOutcome OutcomeOf(string cardNumber) =>
        new string([.. cardNumber.Where(char.IsAsciiDigit)]) switch
        {
            Succeeds => TestCardOutcome.Succeeds,
            Declines => TestCardOutcome.Declined,
            InsufficientFunds => TestCardOutcome.InsufficientFunds,
            _ => TestCardOutcome.Unknown,
        };
}
