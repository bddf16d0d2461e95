using Cohortly.Frontend.Features;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.OpenApi;
using Cohortly.Payments;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cohortly.Frontend.Payments;

/// <summary>An installment plan's "pay the remaining balance".</summary>
public static class PaymentInstallmentsApi
{
    public static IEndpointRouteBuilder MapPaymentInstallmentsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/payments/{paymentId}/pay-remaining", PayRemainingAsync).WithTags("Payments").RequireFeature(PaymentsSetup.Flag).RequireAuthorization()
            .WithName("PayRemainingBalance").WithSummary("Pay everything left of an installment plan at once (the payer).")
            .WithDescription("The payer only (404 for anyone else, admins included). Answers where to pay (`checkoutUrl`) and how much " +
                "(`amountMinor`: every charge not paid yet, failed and overdue ones included). Once paid, the rest of the schedule is `paid` " +
                "and a suspended enrollment is resumed at once. 409 `nothing-to-pay` when nothing is left (or the first installment is " +
                "not paid yet); 422 `not-an-installment-plan` for a payment in full.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    public static async Task<Created<BalanceCheckoutResponse>> PayRemainingAsync(string paymentId, [AsParameters] CallerContext context)
    {
        var balance = await context.Grain<IPaymentInstallmentsGrain>(paymentId).PayRemainingAsync(context.Caller);
        return TypedResults.Created($"/api/payments/{paymentId}", new BalanceCheckoutResponse(balance.CheckoutUrl, balance.AmountMinor));
    }
}

public sealed record BalanceCheckoutResponse(string CheckoutUrl, long AmountMinor);
