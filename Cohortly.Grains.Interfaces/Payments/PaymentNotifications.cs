using System.Globalization;
using Cohortly.Events;
using Cohortly.Notifications;
using static Cohortly.Notifications.NotificationMappers;

namespace Cohortly.Payments;

/// <summary>A payment's outcome to its payer.</summary>
public sealed class PaymentNotifications : INotificationMapper
{
    public Delivery? Map(DomainEvent domainEvent) => domainEvent switch
    {
        PaymentSucceeded e => ToUser(e, e.UserId, NotificationKinds.PaymentSucceeded,
            $"Payment received for {e.BootcampTitle}", $"{Money(e.TotalMinor, e.Currency)} paid; your receipt is on its way by email.",
            ("paymentId", e.PaymentId)),
        PaymentFailed e => ToUser(e, e.UserId, NotificationKinds.PaymentFailed,
            $"Your payment for {e.BootcampTitle} did not go through", e.Reason,
            ("paymentId", e.PaymentId)),
        _ => null,
    };

    public static string Money(long minor, string currency) =>
        string.Create(CultureInfo.InvariantCulture, $"{minor / 100m:0.00} {currency.ToUpperInvariant()}");
}
