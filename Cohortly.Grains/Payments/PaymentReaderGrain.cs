using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Integrations.Payments;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Cohortly.Payments;

[StatelessWorker]
[GrainType("paymentreader")]
public sealed class PaymentReaderGrain(TimeProvider time, IOptions<PaymentsOptions> options) : Grain, IPaymentReaderGrain
{
    public async Task<Quote> QuoteAsync(Caller caller, string bootcampId, PaymentPlan plan, string? couponCode)
    {
        var bootcamp = await GrainFactory.GetGrain<IBootcampGrain>(bootcampId).GetAsync()
            ?? throw DomainException.NotFound($"Bootcamp {bootcampId}");
        PaymentRules.RequireInstallmentsOffered(plan, bootcamp.Details);
        var price = bootcamp.Details.PriceMinor;
        long discount = 0;
        if (!string.IsNullOrWhiteSpace(couponCode))
        {
            var firstPurchase = !await GrainFactory.GetGrain<IPaymentListGrain>(IPaymentListGrain.OfUser(caller.UserId)).HasPaidAsync();
            discount = await GrainFactory.GetGrain<ICouponGrain>(PaymentRules.NormalizeCode(couponCode))
                .QuoteAsync(new CouponUse(caller.UserId, bootcampId, price, bootcamp.Details.Currency, firstPurchase));
        }
        return new Quote(plan, bootcamp.Details.Currency, price, discount, price - discount)
        {
            Installments = plan == PaymentPlan.Installments
                ? PaymentRules.SplitInstallments(price - discount, bootcamp.Details.InstallmentCount, time.GetUtcNow(), options.Value.InstallmentInterval)
                : [],
        };
    }

    public Task<PageSlice<PaymentView>> ListMineAsync(Caller caller, int page, int pageSize) =>
        ListAsync(IPaymentListGrain.OfUser(caller.UserId), page, pageSize);

    public Task<PageSlice<PaymentView>> ListBootcampAsync(Caller caller, string bootcampId, int page, int pageSize)
    {
        RequireAdmin(caller, "Only admins see a bootcamp's payments.");
        return ListAsync(IPaymentListGrain.OfBootcamp(bootcampId), page, pageSize);
    }

    public async Task<PageSlice<CouponView>> ListCouponsAsync(Caller caller, int page, int pageSize)
    {
        RequireAdmin(caller, "Only admins see coupons.");
        var (codes, total) = await GrainFactory.GetGrain<ICouponIndexGrain>(0).PageAsync(page, pageSize);
        var coupons = await Task.WhenAll(codes.Select(code => GrainFactory.GetGrain<ICouponGrain>(code).GetAsync()));
        return new PageSlice<CouponView>([.. coupons.OfType<CouponView>()], total);
    }

    private async Task<PageSlice<PaymentView>> ListAsync(string listKey, int page, int pageSize)
    {
        var (ids, total) = await GrainFactory.GetGrain<IPaymentListGrain>(listKey).PageAsync(page, pageSize);
        var payments = await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<IPaymentGrain>(id).GetSummaryAsync()));
        return new PageSlice<PaymentView>([.. payments.OfType<PaymentView>()], total);
    }

    private static void RequireAdmin(Caller caller, string message)
    {
        if (!caller.IsAdmin)
        {
            throw DomainException.Forbidden(message);
        }
    }
}
