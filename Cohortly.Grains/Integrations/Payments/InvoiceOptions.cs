namespace Cohortly.Integrations.Payments;

/// <summary>
/// <c>Cohortly:Payments:Seller:*</c> and <c>Cohortly:Payments:TaxPercent</c>: who the invoices name as seller, and the tax
/// rate included in every price (prices are what the buyer pays; the invoice shows the tax inside them, never adds it).
/// </summary>
public sealed class InvoiceOptions
{
    public SellerOptions Seller { get; set; } = new();

    /// <summary>The tax rate included in prices, e.g. 20 for 20 % VAT; unset or 0 prints no tax line.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(decimal), "0", "100", ErrorMessage = "Cohortly:Payments:TaxPercent must be between 0 and 100.")]
    public decimal? TaxPercent { get; set; }
}

public sealed class SellerOptions
{
    public string Name { get; set; } = "Cohortly";

    public string Address { get; set; } = "Cohortly Learning, 1 Market Street, Springfield";

    /// <summary>The seller's VAT or tax number; printed when set.</summary>
    public string? TaxId { get; set; }
}
