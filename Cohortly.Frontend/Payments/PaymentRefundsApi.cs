using Cohortly.Common;
using Cohortly.Frontend.Features;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.OpenApi;
using Cohortly.Integrations.Payments;
using Cohortly.Payments;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Cohortly.Frontend.Payments;

/// <summary>Refunds and invoices of one payment.</summary>
public static class PaymentRefundsApi
{
    public static IEndpointRouteBuilder MapPaymentRefundsApi(this IEndpointRouteBuilder app)
    {
        var payments = app.MapGroup("/api/payments/{paymentId}").WithTags("Payments").RequireFeature(PaymentsSetup.Flag).RequireAuthorization()
            .ProducesProblems(StatusCodes.Status404NotFound);
        payments.MapPost("/refunds", RefundAsync).WithName("RefundPayment").WithSummary("Refund a payment fully or in part (admins).")
            .WithDescription("Admins (403 for others). `amountMinor` defaults to all that is left; `reason` is required. 422 `refund-not-allowed` " +
                "unless the payment succeeded or was refunded in part; 422 `refund-amount-invalid` for 0 or less or more than is left (two refunds " +
                "at once never give back more than was paid). A full refund withdraws the student unless `keepEnrollment`; a partial one " +
                "touches nothing else. 503 `payment-gateway-unavailable` when the gateway cannot refund: nothing was refunded.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable)
            .WithIdempotencyKey();
        payments.MapGet("/invoice.pdf", GetInvoiceAsync).WithName("GetPaymentInvoice").WithSummary("The payment's invoice (its payer, admins).")
            .WithDescription("The payer and admins; 404 for anyone else. Seller, buyer, the bootcamp, the coupon's discount, the tax included " +
                "in the total when `Cohortly:Payments:TaxPercent` is set, totals and refunds, numbered in sequence per seller and year. " +
                "409 `no-invoice` until the payment has succeeded.")
            .ProducesContent(StatusCodes.Status200OK, "application/pdf", "The invoice.")
            .ProducesProblems(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Results<Created<RefundResponse>, ValidationProblem>> RefundAsync(
        string paymentId, RefundBody request, [AsParameters] CallerContext context)
    {
        var errors = new FieldErrors();
        errors.RequireText("reason", request.Reason, PaymentRules.RefundReasonMax);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        // Under an Idempotency-Key the refund id comes from the key, so a retry reaches the refund (and the gateway's) the first made.
        var refundId = Idempotency.RequestId(context.Http) ?? SecureTokens.NewId();
        var refund = await context.Grain<IPaymentRefundsGrain>(paymentId).RefundAsync(context.Caller,
            new RefundRequest(refundId, request.AmountMinor, request.Reason!, request.KeepEnrollment ?? false));
        return TypedResults.Created($"/api/payments/{paymentId}", RefundResponse.From(refund));
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetInvoiceAsync(string paymentId, [AsParameters] CallerContext context)
    {
        var payment = await context.Grain<IPaymentGrain>(paymentId).GetAsync(context.Caller);
        if (payment.Invoice is null)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "no-invoice", "This payment has no invoice: it has not been paid.");
        }
        context.Http.Response.Headers[HeaderNames.CacheControl] = "private, no-store";
        return TypedResults.File(await InvoicePdf.RenderAsync(payment), "application/pdf", $"invoice-{payment.Invoice.Number}.pdf");
    }
}
