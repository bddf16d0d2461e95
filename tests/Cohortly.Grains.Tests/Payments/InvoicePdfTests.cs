using Cohortly.Integrations.Payments;
using Cohortly.Payments;

namespace Cohortly.Grains.Tests.Payments;

public sealed class InvoicePdfTests
{
    private static readonly DateTimeOffset PaidAt = new(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task AConfiguredTaxRateIsShownAsTheTaxIncludedInTheTotalWithTheSellersTaxId()
    {
        var payment = Payment(new InvoiceSeller("Bootcamps Ltd", "2 Quay Road, Leeds", "GB123456789", 20m));

        var text = Text(await InvoicePdf.RenderAsync(payment));

        foreach (var expected in new[] { "INV-2026-000042", "2026-03-14", "Bootcamps Ltd", "2 Quay Road, Leeds", "Tax ID: GB123456789", "Ada Buyer", "ada@example.com",
            "Bootcamp: Rust in production", "120.00 EUR", "of which tax (20 %, included)", "20.00 EUR" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("Refund", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Discount", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInstallmentPlansInvoiceListsTheInstallmentsPaidSoFarAndNotTheOnesToCome()
    {
        var payment = Payment(new InvoiceSeller("Bootcamps Ltd", "2 Quay Road, Leeds", null, null)) with
        {
            Plan = PaymentPlan.Installments,
            Schedule =
            [
                new ScheduledCharge("pay1-1", PaidAt, 4_000, ChargeStatus.Paid) { PaidAt = PaidAt },
                new ScheduledCharge("pay1-2", PaidAt.AddMonths(1), 4_000, ChargeStatus.Paid) { PaidAt = PaidAt.AddMonths(1).AddDays(2) },
                new ScheduledCharge("pay1-3", PaidAt.AddMonths(2), 4_000, ChargeStatus.Scheduled),
            ],
        };

        var text = Text(await InvoicePdf.RenderAsync(payment));

        Assert.Contains("Installment 1 of 3, paid 2026-03-14", text, StringComparison.Ordinal);
        Assert.Contains("Installment 2 of 3, paid 2026-04-16", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Installment 3 of 3", text, StringComparison.Ordinal);
        Assert.Contains("Paid so far 80.00 EUR", text, StringComparison.Ordinal);
    }

    [Fact]
    public void IncludedTaxRoundsToWholeMinorUnits()
    {
        Assert.Equal(2_000, PaymentRules.IncludedTax(12_000, 20m));
        Assert.Equal(16, PaymentRules.IncludedTax(99, 19m));
        Assert.Equal(0, PaymentRules.IncludedTax(0, 20m));
    }

    private static PaymentView Payment(InvoiceSeller seller) =>
        new PaymentView("pay1", "b1", "Rust in production", "u1", PaymentPlan.Full, PaymentStatus.Succeeded, 12_000, 0, 12_000, 0, "EUR", null, null,
            PaidAt, PaidAt.AddMinutes(30), null)
        {
            Invoice = new InvoiceInfo("INV-2026-000042", PaidAt, seller, "Ada Buyer", "ada@example.com"),
        };

    private static string Text(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(page => string.Join(" ", page.GetWords().Select(w => w.Text))));
    }
}
