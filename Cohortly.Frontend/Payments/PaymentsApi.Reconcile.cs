using Cohortly.Frontend.Accounts;
using Cohortly.Frontend.Features;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.OpenApi;
using Cohortly.Payments;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cohortly.Frontend.Payments;

public static partial class PaymentsApi
{
    private static void MapReconcile(IEndpointRouteBuilder app) =>
        app.MapPost("/api/admin/payments/reconcile", ReconcileAsync).WithTags("Payments").RequireFeature(PaymentsSetup.Flag)
            .RequireAuthorization(AuthPolicies.Admin)
            .WithName("ReconcilePayments").WithSummary("Compare every payment with the gateway's record, repair drift and say what was fixed (admins).")
            .WithDescription("Admins. Also runs on its own every `Cohortly:Payments:ReconcileEvery` (a day). A payment paid at the gateway but " +
                "pending, expired or failed here is taken and its payer enrolled; one refunded at the gateway is marked refunded (the " +
                "enrollment is left as it is); one lapsed at the gateway is expired and its seat given back. Answers how many payments " +
                "were checked, the ids repaired by kind, and how many could not be checked (the gateway did not answer).")
            .ProducesProblems(StatusCodes.Status404NotFound);

    public static async Task<Ok<ReconcileResponse>> ReconcileAsync([AsParameters] CallerContext context) =>
        TypedResults.Ok(ReconcileResponse.From(await context.Grain<IPaymentReconcilerGrain>(IPaymentReconcilerGrain.Key).ReconcileAsync(context.Caller)));
}
