using Cohortly.Email;

namespace Cohortly.Frontend.Email;

public sealed record EmailPreferencesBody(bool? WeeklyReport, bool? AssignmentNotices, bool? Marketing);

public sealed record EmailPreferencesResponse(bool WeeklyReport, bool AssignmentNotices, bool Marketing)
{
    public static EmailPreferencesResponse From(EmailPreferences preferences) =>
        new(preferences.WeeklyReport, preferences.AssignmentNotices, preferences.Marketing);
}

public sealed record OutboxItemResponse(
    string MessageId, string To, string Template, string Status, int Attempts, string? LastError, DateTimeOffset QueuedAt, DateTimeOffset? NextAttemptAt)
{
    public static OutboxItemResponse From(OutboxEntry entry) => new(
        entry.MessageId, entry.To, entry.Template, entry.Status.ToString().ToLowerInvariant(), entry.Attempts, entry.LastError, entry.QueuedAt, entry.NextAttemptAt);
}

public sealed record WeeklyReportRunResponse(int Reports);

public sealed record UnsubscribedResponse(string Category, bool Unsubscribed);
