namespace Cohortly.Payments;

/// <summary>
/// Gives invoice numbers for one seller and year (key <c>{seller}/{year}</c>), one after another with no gaps: calls run
/// one at a time and each number is stored before it is answered.
/// </summary>
[Alias("cohortly.payments.invoice-number")]
public interface IInvoiceNumberGrain : IGrainWithStringKey
{
    /// <summary>The next number, or the one this payment already got (a retried allocation takes no second number).</summary>
    [Alias("allocate")]
    Task<long> AllocateAsync(string paymentId);

    public static string KeyOf(string seller, int year) => $"{seller}/{year}";
}
