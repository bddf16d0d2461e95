using Cohortly.Common;
using Cohortly.Frontend.Accounts;
using Cohortly.Frontend.Features;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.OpenApi;
using Cohortly.Integrations.Payments;
using Cohortly.Payments;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cohortly.Frontend.Payments;

public static partial class PaymentsApi
{
    /// <summary>Stripe's events are a few KB; anything far bigger is not one.</summary>
    private const int MaxWebhookBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapPaymentsApi(this IEndpointRouteBuilder app)
    {
        // Every route answers 404 while the Payments flag is off, so each one declares it.
        var bootcamps = app.MapGroup("/api/bootcamps/{bootcampId}").WithTags("Payments").RequireFeature(PaymentsSetup.Flag)
            .ProducesProblems(StatusCodes.Status404NotFound);
        bootcamps.MapGet("/quote", QuoteAsync).RequireAuthorization().WithName("QuoteBootcamp").WithSummary("The price, a coupon's discount and the total.")
            .WithDescription("Signed-in users. `plan` is `full` or `installments`: the installment plan splits the total into the bootcamp's " +
                "`installmentCount` monthly amounts (the remainder on the first; the first due at checkout), and answers 422 " +
                "`installments-not-offered` for a bootcamp without a plan. An unknown, expired, used-up or " +
                "inapplicable coupon answers 422 `coupon-invalid` with the reason as its title.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        bootcamps.MapPost("/checkout", CheckoutAsync).RequireAuthorization().WithName("Checkout").WithSummary("Start paying for a seat (students).")
            .WithDescription("Students. Holds a seat (and the coupon's use) until `seatHeldUntil`; pay on `checkoutUrl`. The student is enrolled " +
                "only when the gateway's signed webhook confirms the payment; a total of 0 is `succeeded` and enrolled at once. " +
                "409 `bootcamp-full`, `already-enrolled` or `staff-cannot-enroll`; 422 `coupon-invalid`; 503 `payment-gateway-unavailable` " +
                "(with `Retry-After`) when the payment service cannot be reached: the hold is released and nothing is charged. " +
                "`plan: installments` checks out the first of the bootcamp's monthly amounts (422 `installments-not-offered` without a plan); " +
                "the card is saved and the later ones are charged on their due dates.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity,
                StatusCodes.Status503ServiceUnavailable)
            .WithIdempotencyKey();
        bootcamps.MapGet("/payments", ListBootcampAsync).RequireAuthorization().WithName("BootcampPayments").WithSummary("Every payment for the bootcamp (admins).")
            .WithDescription("Admins (403 for others): a page of payments, newest first.")
            .ProducesProblems(StatusCodes.Status403Forbidden);

        var payments = app.MapGroup("/api/payments/{paymentId}").WithTags("Payments").RequireFeature(PaymentsSetup.Flag)
            .ProducesProblems(StatusCodes.Status404NotFound);
        payments.MapGet("/", GetAsync).RequireAuthorization().WithName("GetPayment").WithSummary("One payment (its payer, admins).")
            .WithDescription("The payer and admins; 404 for anyone else and for unknown ids.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        payments.MapPost("/test-card", PayWithTestCardAsync).RequireAuthorization().WithName("PayWithTestCard")
            .WithSummary("Pay a pending payment with a test card (embedded gateway only).")
            .WithDescription("The payer, while the payment is pending. 4242424242424242 succeeds, 4000000000000002 declines, 4000000000009995 " +
                "has insufficient funds, 4000000000000341 pays the checkout but fails every later charge of an installment plan. On an " +
                "installment plan with failed or overdue charges (or once the remaining balance is asked for) the card is saved and pays " +
                "what is owed. The outcome arrives through the gateway's signed webhook, as with Stripe. The card number is " +
                "neither stored nor logged. 404 when Stripe is configured; 409 `payment-not-pending` once the payment has ended.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        app.MapGet("/api/me/payments", ListMineAsync).RequireAuthorization().WithTags("Payments").RequireFeature(PaymentsSetup.Flag)
            .ProducesProblems(StatusCodes.Status404NotFound)
            .WithName("MyPayments").WithSummary("The caller's payments, newest first.")
            .WithDescription("A page of the caller's own payments.");

        var coupons = app.MapGroup("/api/coupons").WithTags("Payments").RequireFeature(PaymentsSetup.Flag).RequireAuthorization(AuthPolicies.Admin)
            .ProducesProblems(StatusCodes.Status404NotFound);
        coupons.MapPost("/", CreateCouponAsync).WithName("CreateCoupon").WithSummary("Create a coupon (admins).")
            .WithDescription("Admins. Either `percentOff` (1–100) or `amountOffMinor` with its `currency`; optional expiry, maximum redemptions " +
                "(counted exactly, reserved at checkout), bootcamps it is limited to, and first-time buyers only. 409 `coupon-exists`.")
            .ProducesProblems(StatusCodes.Status409Conflict)
            .WithIdempotencyKey();
        coupons.MapGet("/", ListCouponsAsync).WithName("ListCoupons").WithSummary("Every coupon with its redemptions (admins).")
            .WithDescription("Admins: a page of coupons, newest first.");

        app.MapPost("/webhooks/stripe", ReceiveStripeWebhookAsync).AllowAnonymous().WithTags("Payments").RequireFeature(PaymentsSetup.Flag)
            .WithName("StripeWebhook").WithSummary("Stripe's (or the embedded gateway's) signed events.")
            .WithDescription("Verified against `Stripe-Signature` (HMAC-SHA256, 300 s tolerance): a missing, wrong or stale signature answers 400. " +
                "Each event is applied once; event types Cohortly does not act on are answered 200 and ignored.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        app.MapPaymentRefundsApi();
        app.MapPaymentInstallmentsApi();
        app.MapSubscriptionsApi();
        MapReconcile(app);
        return app;
    }

    public static async Task<Results<Ok<QuoteResponse>, ValidationProblem>> QuoteAsync(
        string bootcampId, string? plan, string? couponCode, [AsParameters] CallerContext context)
    {
        var errors = new FieldErrors();
        var parsedPlan = ParsePlan(plan, errors);
        if (couponCode is { Length: > PaymentRules.CodeMax })
        {
            errors.Add("couponCode", $"A coupon code has at most {PaymentRules.CodeMax} characters.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var quote = await context.Grain<IPaymentReaderGrain>(0).QuoteAsync(context.Caller, bootcampId, parsedPlan, couponCode);
        return TypedResults.Ok(QuoteResponse.From(quote));
    }

    public static async Task<Results<Created<CheckoutResponse>, ValidationProblem>> CheckoutAsync(
        string bootcampId, CheckoutBody request, [AsParameters] CallerContext context)
    {
        var errors = new FieldErrors();
        var plan = ParsePlan(request.Plan, errors);
        if (request.CouponCode is { Length: > PaymentRules.CodeMax })
        {
            errors.Add("couponCode", $"A coupon code has at most {PaymentRules.CodeMax} characters.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        // Under an Idempotency-Key the id comes from the key, so a retry after a crash reaches the payment the first made.
        var paymentId = Idempotency.RequestId(context.Http) ?? SecureTokens.NewId();
        var payment = await context.Grain<IPaymentGrain>(paymentId).CheckoutAsync(context.Caller, new CheckoutRequest(bootcampId, plan, request.CouponCode));
        return TypedResults.Created($"/api/payments/{paymentId}", new CheckoutResponse(
            payment.PaymentId, PaymentRules.StatusName(payment.Status), payment.TotalMinor, payment.Currency,
            payment.Status == PaymentStatus.Pending ? payment.CheckoutUrl : null, payment.SeatHeldUntil));
    }

    public static async Task<Ok<PaymentResponse>> GetAsync(string paymentId, [AsParameters] CallerContext context) =>
        TypedResults.Ok(PaymentResponse.From(await context.Grain<IPaymentGrain>(paymentId).GetAsync(context.Caller)));

    public static async Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> PayWithTestCardAsync(
        string paymentId, TestCardRequest request, [AsParameters] CallerContext context, IPaymentGateway gateway)
    {
        if (gateway is not EmbeddedTestGateway testGateway)
        {
            return Problems.NotFound("test gateway: payments run on Stripe Checkout");
        }
        var errors = new FieldErrors();
        if (errors.RequireText("cardNumber", request.CardNumber, 32) && TestCards.OutcomeOf(request.CardNumber!) == TestCardOutcome.Unknown)
        {
            errors.Add("cardNumber", "Use one of the test card numbers listed on the page.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var self = new Uri($"{context.Http.Request.Scheme}://{context.Http.Request.Host}/webhooks/stripe");
        if (await context.Grain<IPaymentInstallmentsGrain>(paymentId).BeginOwedPaymentAsync(context.Caller) is { } owed)
        {
            // An installment plan's failed charges or remaining balance: the new card is saved and pays them.
            await testGateway.PayOwedAsync(owed, TestCards.OutcomeOf(request.CardNumber!), self);
            return TypedResults.Accepted((string?)null);
        }
        var charge = await context.Grain<IPaymentGrain>(paymentId).BeginTestChargeAsync(context.Caller);
        // Stored by the gateway before this answers, and delivered (retried until 2xx, across restarts) after.
        await testGateway.ChargeAsync(charge, TestCards.OutcomeOf(request.CardNumber!), self);
        return TypedResults.Accepted((string?)null);
    }

    public static Task<Results<Ok<Paged<PaymentResponse>>, ValidationProblem>> ListMineAsync(
        int? page, int? pageSize, [AsParameters] CallerContext context) =>
        PageAsync(page, pageSize, (number, size) => context.Grain<IPaymentReaderGrain>(0).ListMineAsync(context.Caller, number, size), PaymentResponse.From);

    public static Task<Results<Ok<Paged<PaymentResponse>>, ValidationProblem>> ListBootcampAsync(
        string bootcampId, int? page, int? pageSize, [AsParameters] CallerContext context) =>
        PageAsync(page, pageSize, (number, size) => context.Grain<IPaymentReaderGrain>(0).ListBootcampAsync(context.Caller, bootcampId, number, size), PaymentResponse.From);

    public static async Task<Results<Created<CouponResponse>, ValidationProblem>> CreateCouponAsync(
        CreateCouponRequest request, [AsParameters] CallerContext context)
    {
        var errors = new FieldErrors();
        if (!errors.RequireText("code", request.Code, PaymentRules.CodeMax))
        {
            return errors.ToProblem();
        }
        var definition = new CouponDefinition(
            PaymentRules.NormalizeCode(request.Code!), request.PercentOff, request.AmountOffMinor, request.Currency?.Trim().ToUpperInvariant(),
            request.ExpiresAt, request.MaxRedemptions, [.. (request.BootcampIds ?? []).Where(id => !string.IsNullOrWhiteSpace(id)).Distinct()],
            request.FirstTimeOnly ?? false);
        errors.AddAll(PaymentRules.Validate(definition));
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var coupon = await context.Grain<ICouponGrain>(definition.Code).CreateAsync(context.Caller, definition);
        return TypedResults.Created($"/api/coupons/{Uri.EscapeDataString(definition.Code)}", CouponResponse.From(coupon));
    }

    public static Task<Results<Ok<Paged<CouponResponse>>, ValidationProblem>> ListCouponsAsync(
        int? page, int? pageSize, [AsParameters] CallerContext context) =>
        PageAsync(page, pageSize, (number, size) => context.Grain<IPaymentReaderGrain>(0).ListCouponsAsync(context.Caller, number, size), CouponResponse.From);

    /// <summary>
    /// Answers as soon as the payment grain has stored the event (it dedupes by event id); the enrollment that follows
    /// a success runs after, on the payment grain's timer and reminder.
    /// </summary>
    public static async Task<Results<Ok, ProblemHttpResult>> ReceiveStripeWebhookAsync(HttpRequest request, IPaymentGateway gateway, IClusterClient cluster, TimeProvider time)
    {
        if (request.ContentLength is > MaxWebhookBytes)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "webhook-invalid", "This is not a webhook event.");
        }
        using var reader = new StreamReader(request.Body);
        var payload = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        GatewayEvent? gatewayEvent;
        try
        {
            gatewayEvent = StripeWebhooks.Read(payload, request.Headers[StripeWebhooks.SignatureHeader], gateway.WebhookSecret, time.GetUtcNow());
        }
        catch (WebhookSignatureException)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "webhook-signature", "The webhook's signature is missing, wrong or too old.");
        }
        if (gatewayEvent is not null)
        {
            await cluster.GetGrain<IPaymentGrain>(gatewayEvent.PaymentId).ApplyGatewayEventAsync(gatewayEvent);
        }
        else if (StripeRefundWebhooks.Read(payload) is { } refund)
        {
            await cluster.GetGrain<IPaymentRefundsGrain>(refund.PaymentId).ApplyGatewayRefundAsync(refund);
        }
        else if (StripeInstallmentWebhooks.Read(payload) is { } charge)
        {
            await cluster.GetGrain<IPaymentInstallmentsGrain>(charge.PaymentId).ApplyGatewayChargeAsync(charge);
        }
        else if (StripeSubscriptionWebhooks.Read(payload) is { } subscription)
        {
            await cluster.GetGrain<ISubscriptionGrain>(subscription.SubscriptionId).ApplyGatewayEventAsync(subscription);
        }
        return TypedResults.Ok();
    }

    private static async Task<Results<Ok<Paged<TResponse>>, ValidationProblem>> PageAsync<TItem, TResponse>(
        int? page, int? pageSize, Func<int, int, Task<PageSlice<TItem>>> read, Func<TItem, TResponse> toResponse)
    {
        var paging = new PageRequest(page, pageSize);
        var errors = paging.Validate();
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var slice = await read(paging.PageNumber, paging.Size);
        return TypedResults.Ok(new Paged<TResponse>([.. slice.Items.Select(toResponse)], paging.PageNumber, paging.Size, slice.Total));
    }

    private static PaymentPlan ParsePlan(string? plan, FieldErrors errors)
    {
        if (PaymentWire.ParsePlan(plan) is { } parsed)
        {
            return parsed;
        }
        errors.Add("plan", "The plan is `full` or `installments`.");
        return PaymentPlan.Full;
    }
}
