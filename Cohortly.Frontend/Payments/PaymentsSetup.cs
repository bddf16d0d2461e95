using Cohortly.Frontend.Features;
using Cohortly.Frontend.Infrastructure.Home;

namespace Cohortly.Frontend.Payments;

public static class PaymentsSetup
{
    /// <summary>Paid enrollment, coupons and the webhook; off → every payments route answers 404 and the web app hides its pages.</summary>
    public const string Flag = "Payments";

    public static WebApplicationBuilder AddCohortlyPayments(this WebApplicationBuilder builder)
    {
        builder.Services.AddFeatureFlag(Flag);
        builder.Services.AddHostedService<TestGatewayAddress>();
        builder.Services.AddHomeCard<PaymentsHomeCard>();
        builder.Services.AddHomeCard<SubscriptionHomeCard>();
        return builder;
    }
}
