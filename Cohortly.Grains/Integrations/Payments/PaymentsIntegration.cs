using Cohortly.Common;
using Cohortly.Payments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Cohortly.Integrations.Payments;

public static class PaymentsIntegration
{
    /// <summary>
    /// <c>Cohortly:Stripe</c>: Stripe Checkout when <c>SecretKey</c> is set (with <c>WebhookSecret</c> and <c>PublicUrl</c>),
    /// else the embedded test gateway. <c>Cohortly:Payments</c>: how long a checkout holds its seat.
    /// </summary>
    public static IServiceCollection AddCohortlyPayments(this IServiceCollection services)
    {
        services.AddOptions<PaymentsOptions>().BindConfiguration(PaymentsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<InvoiceOptions>().BindConfiguration(PaymentsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StripeOptions>().BindConfiguration(StripeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StripeOptions>, StripeOptionsValidator>());
        services.AddOptions<SubscriptionOptions>().BindConfiguration(SubscriptionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<EmbeddedTestGateway>();
        // Both adapters serve both ports; one instance per process, whichever runs.
        services.TryAddSingleton(sp => (ISubscriptionGateway)sp.GetRequiredService<IPaymentGateway>());
        ArmAtSiloStart.Add(services, "payment reconciler", grains => grains.GetGrain<IPaymentReconcilerGrain>(IPaymentReconcilerGrain.Key).EnsureScheduledAsync());
        services.AddHttpClient(TestGatewaySessionGrain.ClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        // A reconciler period shorter than Orleans' one-minute floor (tests use seconds) needs the floor lowered with it.
        services.AddOptions<ReminderOptions>().Configure<IOptions<PaymentsOptions>>((reminders, payments) =>
            reminders.MinimumReminderPeriod = TimeSpan.FromTicks(Math.Min(reminders.MinimumReminderPeriod.Ticks, payments.Value.ReconcileEvery.Ticks)));
        services.AddOptions<ReminderOptions>().Configure<IOptions<SubscriptionOptions>>((reminders, subscriptions) =>
            reminders.MinimumReminderPeriod = TimeSpan.FromTicks(Math.Min(reminders.MinimumReminderPeriod.Ticks, subscriptions.Value.CheckEvery.Ticks)));
        services.TryAddSingleton<IPaymentGateway>(sp =>
        {
            var stripe = sp.GetRequiredService<IOptions<StripeOptions>>().Value;
            return stripe.Configured
                ? new StripeGateway(stripe, sp.GetRequiredService<TimeProvider>())
                : sp.GetRequiredService<EmbeddedTestGateway>();
        });
        services.AddSingleton(sp =>
        {
            var stripe = sp.GetRequiredService<IOptions<StripeOptions>>().Value;
            return stripe.Configured
                ? new IntegrationChoice("Payments", false, $"Stripe Checkout at {stripe.ApiBase ?? "api.stripe.com"}")
                : new IntegrationChoice("Payments", true,
                    $"{StripeOptions.Section}:SecretKey is not set; the embedded test gateway takes Stripe's test cards on /pay/{{paymentId}} " +
                    $"and signs its webhooks with a secret kept in {Path.Combine(sp.GetRequiredService<DataDirectory>().Path, "keys")}");
        });
        return services;
    }
}
