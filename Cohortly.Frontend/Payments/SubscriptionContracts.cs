using System.ComponentModel.DataAnnotations;
using Cohortly.Frontend.Infrastructure.OpenApi;
using Cohortly.Payments;

namespace Cohortly.Frontend.Payments;

/// <summary>The wire names of <see cref="SubscriptionStatus"/> (snake_case like API.md).</summary>
public enum SubscriptionStatusName
{
    Pending,
    Active,
    Past_Due,
    Canceled,
}

public sealed record SubscribeRequest([property: Required, EnumValues("monthly", "yearly")] string? Plan);

public sealed record SubscribeResponse(
    string SubscriptionId,
    [property: EnumValues(typeof(SubscriptionStatusName))] string Status,
    string? CheckoutUrl);

public sealed record SubscriptionPlanResponse([property: EnumValues("monthly", "yearly")] string Plan, long PriceMinor, string Currency)
{
    public static SubscriptionPlanResponse From(SubscriptionPrice price) => new(SubscriptionRules.PlanName(price.Plan), price.PriceMinor, price.Currency);
}

public sealed record SubscriptionResponse(
    string SubscriptionId,
    string UserId,
    [property: EnumValues("monthly", "yearly")] string Plan,
    [property: EnumValues(typeof(SubscriptionStatusName))] string Status,
    long PriceMinor,
    string Currency,
    bool CancelAtPeriodEnd,
    DateTimeOffset? CurrentPeriodEnd,
    string? CheckoutUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EndedAt,
    bool AccessSuspended,
    string? FailureReason)
{
    public static SubscriptionResponse From(SubscriptionView v) => new(
        v.SubscriptionId, v.UserId, SubscriptionRules.PlanName(v.Plan), SubscriptionRules.StatusName(v.Status), v.PriceMinor, v.Currency,
        v.CancelAtPeriodEnd, v.CurrentPeriodEnd, v.CheckoutUrl, v.CreatedAt, v.EndedAt, v.AccessSuspended, v.FailureReason);
}

public sealed record BillingPortalResponse(string Url);
