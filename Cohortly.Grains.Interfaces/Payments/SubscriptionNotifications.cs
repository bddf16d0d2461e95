using Cohortly.Events;
using Cohortly.Notifications;
using static Cohortly.Notifications.NotificationMappers;

namespace Cohortly.Payments;

/// <summary>A subscription's steps to its subscriber, in their words.</summary>
public sealed class SubscriptionNotifications : INotificationMapper
{
    public const string Activated = "subscription.activated";
    public const string Renewed = "subscription.renewed";
    public const string PaymentFailed = "subscription.payment_failed";
    public const string RenewalChanged = "subscription.renewal_changed";
    public const string Lapsed = "subscription.lapsed";

    public static readonly string[] Kinds = [Activated, Renewed, PaymentFailed, RenewalChanged, Lapsed];

    public Delivery? Map(DomainEvent domainEvent) => domainEvent switch
    {
        SubscriptionActivated e => ToUser(e, e.UserId, Activated, "Your Cohortly subscription is active",
            $"{PaymentNotifications.Money(e.AmountMinor, e.Currency)} paid. Bootcamps marked \"Included in subscription\" are open to you; " +
            $"it renews on {SubscriptionRules.Day(e.PeriodEnd)}.", ("subscriptionId", e.SubscriptionId)),
        SubscriptionRenewed e => ToUser(e, e.UserId, Renewed, "Your Cohortly subscription renewed",
            $"{PaymentNotifications.Money(e.AmountMinor, e.Currency)} paid; next renewal on {SubscriptionRules.Day(e.PeriodEnd)}.",
            ("subscriptionId", e.SubscriptionId)),
        SubscriptionPaymentFailed e => ToUser(e, e.UserId, PaymentFailed, "We could not renew your Cohortly subscription",
            $"{e.Reason} Update your card by {SubscriptionRules.Day(e.GraceEndsAt)} to keep your bootcamps open.",
            ("subscriptionId", e.SubscriptionId)),
        SubscriptionRenewalChanged { CancelAtPeriodEnd: true } e => ToUser(e, e.UserId, RenewalChanged, "Your subscription will not renew",
            e.PeriodEnd is { } end ? $"It stays active until {SubscriptionRules.Day(end)}, then ends." : "It ends at the end of this period.",
            ("subscriptionId", e.SubscriptionId)),
        SubscriptionRenewalChanged e => ToUser(e, e.UserId, RenewalChanged, "Your subscription will renew",
            e.PeriodEnd is { } end ? $"It renews on {SubscriptionRules.Day(end)}." : "It renews at the end of this period.",
            ("subscriptionId", e.SubscriptionId)),
        SubscriptionLapsed e => ToUser(e, e.UserId, Lapsed, "Your Cohortly subscription ended", e.Reason,
            ("subscriptionId", e.SubscriptionId)),
        _ => null,
    };
}
