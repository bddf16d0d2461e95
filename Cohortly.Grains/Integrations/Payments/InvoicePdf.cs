using Cohortly.Integrations.Certificates;
using Cohortly.Payments;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Cohortly.Integrations.Payments;

/// <summary>
/// One A4 page: seller and buyer, the invoice number and date, the bootcamp as the line item, the coupon's discount, the
/// total with the tax it includes (when a rate is configured), and each refund with what remains paid. Drawn only from
/// the stored payment and the invoice details fixed at its success, so it reads the same on every download.
/// </summary>
public static class InvoicePdf
{
    public static async Task<byte[]> RenderAsync(PaymentView payment)
    {
        var invoice = payment.Invoice ?? throw new InvalidOperationException($"Payment {payment.PaymentId} has no invoice yet.");
        CertificateFonts.EnsureInstalled();
        using var document = new PdfDocument();
        document.Info.Title = $"Invoice {invoice.Number}";
        document.Info.Author = invoice.Seller.Name;
        document.Info.CreationDate = invoice.IssuedAt.UtcDateTime;
        document.Info.ModificationDate = invoice.IssuedAt.UtcDateTime;
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            Draw(new Pen(gfx, page.Width.Point), payment, invoice);
        }
        using var output = new MemoryStream();
        await document.SaveAsync(output, closeStream: false);
        return output.ToArray();
    }

    private static void Draw(Pen pen, PaymentView payment, InvoiceInfo invoice)
    {
        string Money(long minor) => PaymentNotifications.Money(minor, payment.Currency);

        pen.Line("INVOICE", 22, bold: true);
        pen.Line($"Invoice number: {invoice.Number}", 11, bold: true);
        pen.Line($"Date: {invoice.IssuedAt.UtcDateTime:yyyy-MM-dd}", 11);
        pen.Line($"Payment reference: {payment.PaymentId}", 9);
        pen.Gap();
        pen.Line("Seller", 11, bold: true);
        pen.Line(invoice.Seller.Name, 10);
        pen.Line(invoice.Seller.Address, 10);
        if (invoice.Seller.TaxId is { } taxId)
        {
            pen.Line($"Tax ID: {taxId}", 10);
        }
        pen.Gap();
        pen.Line("Bill to", 11, bold: true);
        pen.Line(invoice.BuyerName, 10);
        pen.Line(invoice.BuyerEmail, 10);
        pen.Gap();
        pen.Rule();
        pen.Row("Description", "Amount", bold: true);
        pen.Rule();
        pen.Row($"Bootcamp: {payment.BootcampTitle}", Money(payment.PriceMinor));
        if (payment.DiscountMinor > 0)
        {
            pen.Row($"Discount (coupon {payment.CouponCode})", "-" + Money(payment.DiscountMinor));
        }
        pen.Rule();
        pen.Row("Total", Money(payment.TotalMinor), bold: true);
        if (invoice.Seller.TaxPercent is { } rate)
        {
            pen.Row($"of which tax ({rate:0.##} %, included)", Money(PaymentRules.IncludedTax(payment.TotalMinor, rate)));
        }
        var paid = payment.Schedule.Where(c => c.Status == ChargeStatus.Paid).ToList();
        if (payment.Schedule.Length > 1)
        {
            // An installment plan: the charges paid so far, each with its date; the ones still to come are not billed yet.
            pen.Gap();
            foreach (var charge in paid)
            {
                pen.Row($"Installment {payment.Schedule.IndexOf(charge) + 1} of {payment.Schedule.Length}, paid {charge.PaidAt?.UtcDateTime:yyyy-MM-dd}",
                    Money(charge.AmountMinor));
            }
        }
        // A view without a schedule (made before plans existed) was paid in full.
        var paidMinor = payment.Schedule.IsDefaultOrEmpty ? payment.TotalMinor : paid.Sum(c => c.AmountMinor);
        pen.Row(payment.Schedule.Length > 1 ? "Paid so far" : "Paid", Money(paidMinor));
        var refunds = payment.Refunds.Where(r => r.Status == RefundStatus.Succeeded).ToList();
        if (refunds.Count > 0)
        {
            pen.Gap();
            foreach (var refund in refunds)
            {
                pen.Row($"Refund {refund.CreatedAt.UtcDateTime:yyyy-MM-dd}: {refund.Reason}", "-" + Money(refund.AmountMinor));
            }
            pen.Rule();
            pen.Row("Net paid", Money(paidMinor - payment.RefundedMinor), bold: true);
        }
    }

    /// <summary>Writes lines top to bottom in a left column and a right-aligned amount column.</summary>
    private sealed class Pen(XGraphics gfx, double pageWidth)
    {
        private const double Margin = 56;
        private readonly XBrush _ink = new XSolidBrush(XColor.FromArgb(33, 37, 41));
        private double _y = Margin;

        public void Line(string text, double size, bool bold = false)
        {
            var font = Font(size, bold);
            gfx.DrawString(text, font, _ink, new XRect(Margin, _y, pageWidth - 2 * Margin, size * 1.4), XStringFormats.TopLeft);
            _y += size * 1.5;
        }

        public void Row(string label, string amount, bool bold = false)
        {
            var font = Font(10, bold);
            gfx.DrawString(label, font, _ink, new XRect(Margin, _y, pageWidth - 2 * Margin - 120, 14), XStringFormats.TopLeft);
            gfx.DrawString(amount, font, _ink, new XRect(pageWidth - Margin - 120, _y, 120, 14), XStringFormats.TopRight);
            _y += 16;
        }

        public void Rule()
        {
            gfx.DrawLine(new XPen(XColor.FromArgb(180, 180, 180), 0.5), Margin, _y + 2, pageWidth - Margin, _y + 2);
            _y += 6;
        }

        public void Gap() => _y += 10;

        private static XFont Font(double size, bool bold) => new(CertificateFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);
    }
}
