using Cohortly.Common;
using Cohortly.Frontend.Features;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.OpenApi;
using Cohortly.Integrations.Payments;
using Cohortly.Payments;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Cohortly.Frontend.Payments;

/// <summary>Platform subscriptions: subscribe, see, cancel at period end, the card through the customer portal.</summary>
public static class SubscriptionsApi
{
    public static IEndpointRouteBuilder MapSubscriptionsApi(this IEndpointRouteBuilder app)
    {
        var subscriptions = app.MapGroup("/api/subscriptions").WithTags("Payments").RequireFeature(PaymentsSetup.Flag).RequireAuthorization()
            .ProducesProblems(StatusCodes.Status404NotFound);
        subscriptions.MapGet("/plans", Plans).WithName("SubscriptionPlans").WithSummary("The subscription plans and their prices.")
            .WithDescription("Signed-in users. Prices come from `Cohortly:Payments:Subscriptions`.");
        subscriptions.MapPost("/", SubscribeAsync).WithName("Subscribe").WithSummary("Start a platform subscription (students).")
            .WithDescription("Students. Opens the hosted checkout (`checkoutUrl`: Stripe Checkout, or the embedded gateway's `/pay/subscriptions/{id}`). " +
                "The subscription becomes `active` only when the gateway's signed webhook says the first invoice is paid. 409 `already-subscribed` " +
                "with a live subscription, `subscription-pending` while an earlier checkout is still open; 503 `payment-gateway-unavailable`.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict, StatusCodes.Status503ServiceUnavailable)
            .WithIdempotencyKey();
        var one = subscriptions.MapGroup("/{subscriptionId}");
        one.MapGet("/", GetAsync).WithName("GetSubscription").WithSummary("One subscription (its subscriber, admins).")
            .WithDescription("The subscriber and admins; 404 for anyone else and for unknown ids.");
        one.MapDelete("/", CancelAsync).WithName("CancelSubscription").WithSummary("Cancel at the period's end (the subscriber).")
            .WithDescription("The subscriber (and admins). Renewal stops; the subscription stays active until `currentPeriodEnd`, then ends and the " +
                "bootcamps entered through it are suspended. Repeating it changes nothing. 409 `subscription-not-active` once it has ended.")
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status503ServiceUnavailable);
        one.MapPost("/renewal", KeepRenewingAsync).WithName("KeepRenewingSubscription").WithSummary("Undo a cancel at period end (the subscriber).")
            .WithDescription("The subscriber (and admins), before the period ends: it renews after all. 409 `subscription-not-active` once it has ended.")
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status503ServiceUnavailable);
        one.MapPost("/test-card", PayWithTestCardAsync).WithName("SubscribeWithTestCard")
            .WithSummary("Pay a pending subscription with a test card (embedded gateway only).")
            .WithDescription("The subscriber, while the checkout is open. 4242424242424242 succeeds (activation arrives through the gateway's signed " +
                "webhook); 4000000000000002 and 4000000000009995 answer 422 `card-declined` and charge nothing, as Stripe's checkout page shows. " +
                "404 when Stripe is configured; 409 `payment-not-pending` once paid or lapsed.")
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        one.MapPut("/test-card", ChangeTestCardAsync).WithName("ChangeSubscriptionTestCard")
            .WithSummary("Change the card on file (the embedded gateway's stand-in customer portal).")
            .WithDescription("The subscriber. A working test card settles a failed renewal at once; a declining one makes the next renewal fail. " +
                "404 when Stripe is configured (Stripe's own portal changes the card).");

        var me = app.MapGroup("/api/me").WithTags("Payments").RequireFeature(PaymentsSetup.Flag).RequireAuthorization()
            .ProducesProblems(StatusCodes.Status404NotFound);
        me.MapGet("/subscription", MineAsync).WithName("MySubscription").WithSummary("The caller's current subscription.")
            .WithDescription("The latest subscription the caller started (pending, active, past_due or canceled); 404 `no-subscription` when none.");
        me.MapPost("/billing-portal", PortalAsync).WithName("BillingPortal").WithSummary("Open the customer portal for the caller's subscription.")
            .WithDescription("Stripe's customer portal (card, invoices, cancel) when Stripe is configured; otherwise Cohortly's own stand-in page " +
                "(`/billing/portal`), where the test card is changed and renewal turned off or on. 404 without a subscription; 409 " +
                "`subscription-pending` before the first payment; 503 `payment-gateway-unavailable`.")
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    public static Ok<IReadOnlyList<SubscriptionPlanResponse>> Plans(IOptions<SubscriptionOptions> options)
    {
        var o = options.Value;
        return TypedResults.Ok<IReadOnlyList<SubscriptionPlanResponse>>([.. Enum.GetValues<SubscriptionPlan>()
            .Select(plan => SubscriptionPlanResponse.From(new SubscriptionPrice(plan, o.PriceOf(plan), o.Currency.ToUpperInvariant())))]);
    }

    public static async Task<Results<Created<SubscribeResponse>, ValidationProblem>> SubscribeAsync(SubscribeRequest request, [AsParameters] CallerContext context)
    {
        if (SubscriptionRules.ParsePlan(request.Plan) is not { } plan)
        {
            var errors = new FieldErrors();
            errors.Add("plan", "The plan is `monthly` or `yearly`.");
            return errors.ToProblem();
        }
        // Under an Idempotency-Key the id comes from the key, so a retry after a crash reaches the subscription the first made.
        var subscriptionId = Idempotency.RequestId(context.Http) ?? SecureTokens.NewId();
        var view = await context.Grain<ISubscriptionGrain>(subscriptionId).StartAsync(context.Caller, plan);
        return TypedResults.Created($"/api/subscriptions/{subscriptionId}",
            new SubscribeResponse(view.SubscriptionId, SubscriptionRules.StatusName(view.Status), view.CheckoutUrl));
    }

    public static async Task<Ok<SubscriptionResponse>> GetAsync(string subscriptionId, [AsParameters] CallerContext context) =>
        TypedResults.Ok(SubscriptionResponse.From(await context.Grain<ISubscriptionGrain>(subscriptionId).GetAsync(context.Caller)));

    public static async Task<NoContent> CancelAsync(string subscriptionId, [AsParameters] CallerContext context)
    {
        await context.Grain<ISubscriptionGrain>(subscriptionId).CancelAtPeriodEndAsync(context.Caller);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<SubscriptionResponse>> KeepRenewingAsync(string subscriptionId, [AsParameters] CallerContext context) =>
        TypedResults.Ok(SubscriptionResponse.From(await context.Grain<ISubscriptionGrain>(subscriptionId).KeepRenewingAsync(context.Caller)));

    public static async Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> PayWithTestCardAsync(
        string subscriptionId, TestCardRequest request, [AsParameters] CallerContext context, IPaymentGateway gateway)
    {
        if (gateway is not EmbeddedTestGateway testGateway)
        {
            return Problems.NotFound("test gateway: subscriptions run on Stripe Checkout");
        }
        if (TestCardOutcomeOf(request) is not { } outcome)
        {
            return InvalidCard();
        }
        var charge = await context.Grain<ISubscriptionGrain>(subscriptionId).BeginTestChargeAsync(context.Caller);
        var self = new Uri($"{context.Http.Request.Scheme}://{context.Http.Request.Host}/webhooks/stripe");
        await testGateway.ChargeSubscriptionAsync(charge, outcome, self);
        return TypedResults.Accepted((string?)null);
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ChangeTestCardAsync(
        string subscriptionId, TestCardRequest request, [AsParameters] CallerContext context, IPaymentGateway gateway)
    {
        if (gateway is not EmbeddedTestGateway testGateway)
        {
            return Problems.NotFound("test gateway: the card is changed in Stripe's customer portal");
        }
        if (TestCardOutcomeOf(request) is not { } outcome)
        {
            return InvalidCard();
        }
        // The subscriber's own only: an admin may read a subscription but never change someone's card.
        await context.Grain<ISubscriptionGrain>(subscriptionId).GetCustomerAsync(context.Caller);
        await testGateway.ChangeSubscriptionCardAsync(subscriptionId, outcome);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<SubscriptionResponse>, ProblemHttpResult>> MineAsync([AsParameters] CallerContext context)
    {
        if (await CurrentAsync(context) is not { } subscription)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "no-subscription", "You have no subscription yet.");
        }
        return TypedResults.Ok(SubscriptionResponse.From(await subscription.GetAsync(context.Caller)));
    }

    public static async Task<Results<Ok<BillingPortalResponse>, ProblemHttpResult>> PortalAsync([AsParameters] CallerContext context, ISubscriptionGateway gateway)
    {
        if (await CurrentAsync(context) is not { } subscription)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "no-subscription", "You have no subscription yet.");
        }
        var view = await subscription.GetAsync(context.Caller);
        if (view.Status == SubscriptionStatus.Pending)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "subscription-pending", "Finish paying for your subscription first.");
        }
        var customer = await subscription.GetCustomerAsync(context.Caller);
        try
        {
            return TypedResults.Ok(new BillingPortalResponse(await gateway.CreatePortalSessionAsync(view.SubscriptionId, customer, "/subscription")));
        }
        catch (PaymentGatewayException)
        {
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, "payment-gateway-unavailable",
                "The billing portal cannot be opened right now; try again in a minute.");
        }
    }

    private static async Task<ISubscriptionGrain?> CurrentAsync(CallerContext context) =>
        await context.Grain<IUserSubscriptionGrain>(context.Caller.UserId).GetCurrentAsync() is { } id ? context.Grain<ISubscriptionGrain>(id) : null;

    private static TestCardOutcome? TestCardOutcomeOf(TestCardRequest request) =>
        request.CardNumber is { Length: > 0 and <= 32 } number && TestCards.OutcomeOf(number) is var outcome && outcome != TestCardOutcome.Unknown
            ? outcome
            : null;

    private static ValidationProblem InvalidCard()
    {
        var errors = new FieldErrors();
        errors.Add("cardNumber", "Use one of the test card numbers listed on the page.");
        return errors.ToProblem();
    }
}
