using System.ComponentModel.DataAnnotations;
using Cohortly.Email;
using Cohortly.Frontend.Infrastructure.OpenApi;

namespace Cohortly.Frontend.Email;

// Nullable so a missing choice is a field error; [Required] marks them all required in the published schema.
public sealed record EmailPreferencesBody([property: Required] bool? WeeklyReport, [property: Required] bool? AssignmentNotices, [property: Required] bool? Marketing);

public sealed record EmailPreferencesResponse(bool WeeklyReport, bool AssignmentNotices, bool Marketing)
{
    public static EmailPreferencesResponse From(EmailPreferences preferences) =>
        new(preferences.WeeklyReport, preferences.AssignmentNotices, preferences.Marketing);
}

public sealed record OutboxItemResponse(
    string MessageId, string To, string Template, [property: EnumValues(typeof(OutboxStatus))] string Status, int Attempts, string? LastError, DateTimeOffset QueuedAt, DateTimeOffset? NextAttemptAt)
{
    public static OutboxItemResponse From(OutboxEntry entry) => new(
        entry.MessageId, entry.To, entry.Template, entry.Status.ToString().ToLowerInvariant(), entry.Attempts, entry.LastError, entry.QueuedAt, entry.NextAttemptAt);
}

public sealed record WeeklyReportRunResponse(int Reports);

public sealed record UnsubscribedResponse(string Category, bool Unsubscribed);

/// <summary>Email that could not be delivered after every retry: the newest few and how many there are.</summary>
public sealed record FailedEmailsCard(int Total, IReadOnlyList<OutboxItemResponse> Latest);
