using Cohortly.Common;

namespace Cohortly.Payments;

[GenerateSerializer, Alias("cohortly.payments.coupon-state")]
public sealed class CouponState
{
    [Id(0)] public CouponDefinition? Definition { get; set; }
    [Id(1)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Payments whose use of the coupon counts for good.</summary>
    [Id(2)] public HashSet<string> Redeemed { get; set; } = [];

    /// <summary>Uses held by checkouts in progress, by payment id, until the time given; a lapsed one counts no more.</summary>
    [Id(3)] public Dictionary<string, DateTimeOffset> Reserved { get; set; } = [];
}

[GrainType("coupon")]
public sealed class CouponGrain(
    [PersistentState("coupon", StorageNames.Cohortly)] IPersistentState<CouponState> state,
    TimeProvider time) : Grain, ICouponGrain
{
    public async Task<CouponView> CreateAsync(Caller caller, CouponDefinition definition)
    {
        if (!caller.IsAdmin)
        {
            throw DomainException.Forbidden("Only admins create coupons.");
        }
        var errors = PaymentRules.Validate(definition);
        if (errors.Count > 0)
        {
            throw DomainException.Validation(errors);
        }
        if (state.State.Definition is { } existing)
        {
            if (!SameCoupon(existing, definition))
            {
                throw DomainException.Conflict("coupon-exists", $"A coupon with the code {definition.Code} already exists.");
            }
        }
        else
        {
            state.State.Definition = definition;
            state.State.CreatedAt = time.GetUtcNow();
            await state.WriteStateAsync();
        }
        // Also on a repeat: a crash between the two writes must not leave the coupon out of the admins' list.
        await GrainFactory.GetGrain<ICouponIndexGrain>(0).AddAsync(definition.Code);
        return View();
    }

    public Task<CouponView?> GetAsync() => Task.FromResult(state.State.Definition is null ? null : View());

    public Task<long> QuoteAsync(CouponUse use) => Task.FromResult(Check(use, paymentId: null));

    public async Task<long> ReserveAsync(string paymentId, CouponUse use, DateTimeOffset until)
    {
        if (state.State.Redeemed.Contains(paymentId) || state.State.Reserved.ContainsKey(paymentId))
        {
            return PaymentRules.DiscountOf(state.State.Definition!, use.PriceMinor);
        }
        var discount = Check(use, paymentId);
        DropLapsedReservations();
        state.State.Reserved[paymentId] = until;
        await state.WriteStateAsync();
        return discount;
    }

    public async Task ConfirmAsync(string paymentId)
    {
        // A use whose reservation lapsed before the money arrived is honoured all the same: the buyer paid the discounted price.
        var reserved = state.State.Reserved.Remove(paymentId);
        if (state.State.Redeemed.Add(paymentId) || reserved)
        {
            await state.WriteStateAsync();
        }
    }

    public async Task ReleaseAsync(string paymentId)
    {
        if (state.State.Reserved.Remove(paymentId))
        {
            await state.WriteStateAsync();
        }
    }

    /// <summary>The discount, or why the coupon cannot be used (422 <c>coupon-invalid</c>).</summary>
    private long Check(CouponUse use, string? paymentId)
    {
        var coupon = state.State.Definition ?? throw Invalid("No coupon has this code.");
        var now = time.GetUtcNow();
        if (coupon.ExpiresAt is { } expiresAt && expiresAt <= now)
        {
            throw Invalid("This coupon has expired.");
        }
        if (!coupon.BootcampIds.IsDefaultOrEmpty && !coupon.BootcampIds.Contains(use.BootcampId))
        {
            throw Invalid("This coupon is not valid for this bootcamp.");
        }
        if (coupon.AmountOffMinor is not null && !string.Equals(coupon.Currency, use.Currency, StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid($"This coupon is for prices in {coupon.Currency}.");
        }
        if (coupon.FirstTimeOnly && !use.FirstPurchase)
        {
            throw Invalid("This coupon is for first-time buyers only.");
        }
        var inUse = state.State.Redeemed.Count + state.State.Reserved.Count(r => r.Value > now && r.Key != paymentId);
        if (coupon.MaxRedemptions is { } max && inUse >= max)
        {
            throw Invalid("This coupon has been used up.");
        }
        return PaymentRules.DiscountOf(coupon, use.PriceMinor);
    }

    private void DropLapsedReservations()
    {
        var now = time.GetUtcNow();
        foreach (var (paymentId, until) in state.State.Reserved.ToList())
        {
            if (until <= now)
            {
                state.State.Reserved.Remove(paymentId);
            }
        }
    }

    private CouponView View()
    {
        var now = time.GetUtcNow();
        return new CouponView(state.State.Definition!, state.State.Redeemed.Count, state.State.Reserved.Count(r => r.Value > now), state.State.CreatedAt);
    }

    private static bool SameCoupon(CouponDefinition a, CouponDefinition b) =>
        a with { BootcampIds = [] } == b with { BootcampIds = [] } && a.BootcampIds.SequenceEqual(b.BootcampIds);

    private static DomainException Invalid(string why) => new(DomainErrorKind.Unprocessable, "coupon-invalid", why);
}
