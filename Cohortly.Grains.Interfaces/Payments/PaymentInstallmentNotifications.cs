using Cohortly.Events;
using Cohortly.Notifications;
using static Cohortly.Notifications.NotificationMappers;

namespace Cohortly.Payments;

/// <summary>Each later charge of an installment plan, to its payer: the same kinds as the checkout's outcome.</summary>
public sealed class PaymentInstallmentNotifications : INotificationMapper
{
    public Delivery? Map(DomainEvent domainEvent) => domainEvent switch
    {
        InstallmentPaid e => ToUser(e, e.UserId, NotificationKinds.PaymentSucceeded,
            $"Installment {e.Number} of {e.Count} paid for {e.BootcampTitle}",
            $"{PaymentNotifications.Money(e.AmountMinor, e.Currency)} received. Thank you.",
            ("paymentId", e.PaymentId)),
        InstallmentFailed e => ToUser(e, e.UserId, NotificationKinds.PaymentFailed,
            $"Your installment for {e.BootcampTitle} did not go through", e.Message,
            ("paymentId", e.PaymentId)),
        _ => null,
    };
}
