using System.Globalization;
using Cohortly.Events;
using Cohortly.Notifications;
using static Cohortly.Notifications.NotificationMappers;

namespace Cohortly.Assignments;

/// <summary>Grades to the student, new assignments to the students, submissions to the staff.</summary>
public sealed class AssignmentNotifications : INotificationMapper
{
    public Delivery? Map(DomainEvent domainEvent) => domainEvent switch
    {
        GradePublished e => ToUser(e, e.StudentId, NotificationKinds.GradePublished,
            "Your work was graded", $"Score: {Number(e.PublishedScore)} / {Number(e.MaxScore)}.",
            ("assignmentId", e.AssignmentId), ("score", Number(e.Score)), ("publishedScore", Number(e.PublishedScore)), ("maxScore", Number(e.MaxScore))),
        AssignmentCreated e => ToAudience(e, Audience.Students, NotificationKinds.AssignmentCreated,
            $"New assignment: {e.Title}", $"Due {e.DueAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.",
            ("assignmentId", e.AssignmentId), ("dueAt", e.DueAt.ToString("O", CultureInfo.InvariantCulture))),
        SubmissionCreated e => ToAudience(e, Audience.Staff, NotificationKinds.SubmissionCreated,
            $"{e.StudentName} submitted work", e.Late ? $"Version {e.Version}, late." : $"Version {e.Version}.",
            ("assignmentId", e.AssignmentId), ("studentId", e.StudentId), ("version", e.Version.ToString(CultureInfo.InvariantCulture)), ("late", e.Late ? "true" : "false")),
        _ => null,
    };
}
