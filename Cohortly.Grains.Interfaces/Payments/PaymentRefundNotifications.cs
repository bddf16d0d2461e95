using Cohortly.Events;
using Cohortly.Notifications;
using static Cohortly.Notifications.NotificationMappers;

namespace Cohortly.Payments;

/// <summary>A refund to its payer; the automatic one after a lapsed hold says why no seat was given.</summary>
public sealed class PaymentRefundNotifications : INotificationMapper
{
    public Delivery? Map(DomainEvent domainEvent) => domainEvent switch
    {
        PaymentRefunded e when PaymentRules.IsNoSeatRefund(e.PaymentId, e.RefundId) => ToUser(e, e.UserId, NotificationKinds.PaymentRefunded,
            "No seat was left: your payment is refunded",
            $"Your payment arrived after your seat hold ran out and the bootcamp had filled up, so you are not enrolled. " +
            $"{PaymentNotifications.Money(e.AmountMinor, e.Currency)} is on its way back to your card (it can take 5 to 10 days to show).",
            ("paymentId", e.PaymentId), ("refundId", e.RefundId)),
        PaymentRefunded e => ToUser(e, e.UserId, NotificationKinds.PaymentRefunded,
            e.FullyRefunded ? "Your payment was refunded" : "Part of your payment was refunded",
            $"{PaymentNotifications.Money(e.AmountMinor, e.Currency)} is on its way back to your card (it can take 5 to 10 days to show).",
            ("paymentId", e.PaymentId), ("refundId", e.RefundId)),
        _ => null,
    };
}
